import { ROLES, type Role } from '../model/roles/types.js';
import type { Category } from '../types.js';
import type { Rule } from './rule.js';

/**
 * The roles each category's rules judge when a rule does not say: the one place this is decided.
 * - Every category judges `server` code: what runs in production on a server or worker is what the
 *   rules are about (retries and timeouts against third parties, memory, polling cost, agent security).
 * - Browser code is not judged by default: it calls its own backend (same origin, the user retries),
 *   its module state is per user by nature, and agent traps live where the agent runs.
 * - Scripts, examples, tests and generated code are not production, and vendored copies and legacy
 *   (frozen) code are not the project's live code: judged only when included (`--include-roles
 *   script,example`, config `roles.judge`).
 * - Code shared by server and browser is server code where the server reaches it: a top-level
 *   declaration of a shared module that no server import reaches is browser code (model/roles/shared-code.ts).
 * Rules override this with their own `roles` (hardcoded-secret also judges browser code and scripts:
 * a literal credential ships in the bundle or leaks with the repository wherever it sits).
 */
export const DEFAULT_JUDGED_ROLES: Readonly<Record<Category, readonly Role[]>> = {
  memory: ['server'],
  connectors: ['server'],
  events: ['server'],
  security: ['server'],
  observability: ['server'],
};

/** The roles a rule judges in this run: its own or its category's, plus those the user included. */
export function judgedRoles(rule: Rule, include: readonly Role[] = []): ReadonlySet<Role> {
  return new Set([...(rule.roles ?? DEFAULT_JUDGED_ROLES[rule.category]), ...include]);
}

/**
 * The roles a rule judges no line of, so that it need not run in a file whose own evidence confines it to
 * them (model/roles/own-evidence-roles.ts). None when config gives roles by glob: a glob may give any
 * file any role.
 */
export function unjudgedRoles(judged: ReadonlySet<Role>, roleOverrides: boolean): Role[] {
  return roleOverrides ? [] : ROLES.filter((role) => !judged.has(role));
}
