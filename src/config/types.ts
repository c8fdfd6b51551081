import type { CatalogFragment } from '../catalog/types.js';
import type { Role } from '../model/roles/types.js';
import type { Severity } from '../types.js';

export type RuleConfig = Severity | 'off' | { readonly severity?: Severity | 'off' };

/** The config file's shape (validated by configSchema). */
export interface UserConfig {
  readonly include?: readonly string[];
  /** Globs excluded in addition to the default test-file excludes. */
  readonly exclude?: readonly string[];
  /** false: drop the default test-file excludes (tests, specs, mocks, fixtures). Default true. */
  readonly defaultExcludes?: boolean;
  readonly rules?: Readonly<Record<string, RuleConfig>>;
  readonly gate?: {
    readonly failUnder?: number;
    readonly failOn?: Severity | 'none';
    readonly maxWarnings?: number;
    readonly maxParseFailures?: number;
  };
  readonly catalog?: readonly (string | CatalogFragment)[];
  readonly polling?: { readonly instances?: number; readonly maxCallsPerMinute?: number };
  /** `judge`: roles every rule judges beyond its defaults; a role name: globs (from the audit root) that force that role. */
  readonly roles?: { readonly judge?: readonly Role[] } & Partial<Readonly<Record<Role, readonly string[]>>>;
  /** `agent-audit fix`: the timeout (ms) written into requests that have none. Default 30000. */
  readonly fix?: { readonly timeoutMs?: number };
}

export interface LoadedConfig {
  readonly config: UserConfig;
  /** The file it came from, or undefined when no config was found. */
  readonly filepath?: string;
}
