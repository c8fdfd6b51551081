import { statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Shard } from '../shard/slice.js';
import { sha256 } from './key.js';

/** Where `--cache` keeps its file when no `--cache-location` is given (the convention of Babel, ESLint loaders, Prettier...). */
export const DEFAULT_CACHE_DIR = join('node_modules', '.cache', 'agent-audit');

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The cache file. A directory (the default one, an existing one, or a path ending in a slash) holds one
 * file per audited scope, so auditing two packages of one repository in turn does not evict either;
 * any other path is the file itself (then shards of one run should each get their own). Relative locations are resolved against the working directory.
 */
export function cacheFile(location: string | undefined, root: string, scope: readonly string[], shard?: Shard): string {
  const dir = location === undefined ? join(root, DEFAULT_CACHE_DIR) : resolve(location);
  if (location !== undefined && !/[\\/]$/.test(location) && !location.endsWith(sep) && !isDirectory(dir)) return dir;
  const name = sha256(JSON.stringify({ root, scope })).slice(0, 16);
  // Shards run one after another on one machine would otherwise each replace the others' entries.
  return join(dir, `results-${name}${shard ? `-shard-${shard.index}-of-${shard.total}` : ''}.json`);
}
