import { globsMatcher, type Matcher } from './glob-matcher.js';
import type { RoleSignals } from './signals.js';
import type { Role, RolesCatalog } from './types.js';

/**
 * Does a path convention of this role decide a file's role before reachability does? All but tooling
 * paths: a `scripts/` file a server imports is production code (assign.ts).
 */
export const decidesBeforeReachability = (role: Role): boolean => role !== 'script';

/** The path conventions that decide a file's role before reachability does. */
const deciding = new WeakMap<RolesCatalog, { matches: Matcher; roles: readonly Role[] }>();

function decidingPaths(catalog: RolesCatalog): { matches: Matcher; roles: readonly Role[] } {
  let found = deciding.get(catalog);
  if (!found) {
    const conventions = catalog.paths.filter((p) => decidesBeforeReachability(p.role));
    found = { matches: globsMatcher(conventions.flatMap((p) => p.globs)), roles: [...new Set(conventions.map((p) => p.role))] };
    deciding.set(catalog, found);
  }
  return found;
}

/**
 * The roles a file's lines can have, when its own header or path decides its role whatever the rest
 * of the project holds (roles/assign.ts directRole, without config globs): a generated-code or vendored
 * header, or a root-relative path under a test, example, generated, vendored or legacy convention (its
 * package-relative path or a registry may pick another of those). A line can also be `script`, in a
 * development-only branch (shared-code.ts). Undefined when only the whole project can tell.
 */
export function rolesFromOwnEvidence(path: string, signals: Pick<RoleSignals, 'generatedMarker' | 'vendoredMarker'>, catalog: RolesCatalog): readonly Role[] | undefined {
  if (signals.generatedMarker) return ['generated', 'script'];
  if (signals.vendoredMarker) return ['vendored', 'script'];
  const paths = decidingPaths(catalog);
  return paths.matches(path) ? [...paths.roles, 'example', 'script'] : undefined;
}
