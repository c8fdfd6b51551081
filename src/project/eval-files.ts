import { readdirSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import picomatch from 'picomatch';
import { toPosix } from './discover.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.turbo', '.cache']);
const MAX_ENTRIES = 50_000;

/** Files under `root` whose relative path matches an eval-suite pattern (names only, nothing is read). */
export function findEvalFiles(root: string, patterns: readonly string[]): string[] {
  if (patterns.length === 0) return [];
  const matches = picomatch([...patterns], { dot: true, basename: false });
  const found: string[] = [];
  let seen = 0;
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(abs);
      } else if (entry.isFile()) {
        const rel = toPosix(relative(root, abs));
        if (matches(rel)) found.push(rel);
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * Prompt files the package keeps (`prompts/system.md`, `*.prompt`, `*.prompty`), outside the paths
 * that hold examples, tests or fixtures: instruction text the package wrote for a model.
 */
export function findPromptFiles(root: string, catalog: { readonly promptFiles: readonly string[]; readonly promptFilesIgnored: readonly string[] }): string[] {
  const ignored = catalog.promptFilesIgnored.length ? picomatch([...catalog.promptFilesIgnored], { dot: true }) : () => false;
  return findEvalFiles(root, catalog.promptFiles).filter((file) => !ignored(file));
}
