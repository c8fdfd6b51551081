import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { toPosix } from './discover.js';

/** The package manifest that governs the audited root: what project-level rules read from it. */
export interface PackageManifest {
  /** Relative to the audit root. */
  readonly path: string;
  readonly dependencies: readonly string[];
  /** 1-based line of the "dependencies" key (or 1). */
  readonly dependenciesLine: number;
}

/**
 * The package.json that governs the audited root: at the root or the nearest one above it (auditing
 * `src/` of a package). A manifest that does not parse is ignored: the audit is about source code.
 */
export function readManifest(root: string): PackageManifest | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      try {
        const text = readFileSync(path, 'utf8');
        const json = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        const dependencies = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => Object.keys(json[key] ?? {}));
        const index = text.split('\n').findIndex((line) => /"dependencies"\s*:/.test(line));
        return { path: toPosix(relative(root, path)) || 'package.json', dependencies, dependenciesLine: index >= 0 ? index + 1 : 1 };
      } catch {
        return undefined;
      }
    }
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}
