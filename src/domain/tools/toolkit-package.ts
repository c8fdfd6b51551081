import type { ProjectCondition } from '../../model/project-conditions.js';
import type { PackageManifest } from '../../project/manifest.js';

/**
 * The package is a published toolkit: a library that installs no command of its own. Its tools are
 * registered by the application that imports them, and that application decides how a person approves
 * a call and where each call is recorded (an agent-level approval setting, its tracing), so tool rules
 * about approval and audit records judge the application, not the toolkit.
 */
export const TOOLKIT_PACKAGE: ProjectCondition = { allOf: [{ libraryPackage: true }, { not: { executablePackage: true } }] };

/**
 * The same test on a package's own manifest, for project-level rules: the application that imports the
 * library sets up tracing for its agent runs and evaluates the agent it builds from it.
 */
export function isToolkitManifest(manifest: PackageManifest | undefined): boolean {
  return manifest?.library === true && manifest.executable !== true;
}
