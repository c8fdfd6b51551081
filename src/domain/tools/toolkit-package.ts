import type { ProjectCondition } from '../../model/project-conditions.js';

/**
 * The package is a published toolkit: a library that installs no command of its own. Its tools are
 * registered by the application that imports them, and that application decides how a person approves
 * a call and where each call is recorded (an agent-level approval setting, its tracing), so tool rules
 * about approval and audit records judge the application, not the toolkit; so do the project-level
 * observability rules, since that application traces and evaluates the agents it builds from it.
 */
export const TOOLKIT_PACKAGE: ProjectCondition = { allOf: [{ libraryPackage: true }, { not: { executablePackage: true } }] };
