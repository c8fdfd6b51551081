import { existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { readMetadataText } from './read-file.js';
import { dirname, join, relative, resolve, isAbsolute, sep } from 'node:path';

/** The deepest directory containing every path (a file counts as its directory). */
export function commonDirectory(paths: readonly string[]): string {
  const dirs = paths.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
  const split = dirs.map((d) => realPath(resolve(d)).split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A `.git` directory or file (worktrees, submodules) marks a work tree's top; found without running git. */
export function gitWorkTreeRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A package.json that names a package: a stub such as `dist/esm/package.json` (`{ "type": "module" }`) holds no project. */
function namesPackage(dir: string): boolean {
  const text = existsSync(join(dir, 'package.json')) ? readMetadataText(join(dir, 'package.json')) : undefined;
  if (text === undefined) return false;
  try {
    const json = JSON.parse(text) as { name?: unknown } | null;
    return typeof json?.name === 'string' && json.name.length > 0;
  } catch {
    return false;
  }
}

/**
 * The package holding `from`: the nearest directory at or above it whose package.json names a package.
 * The home directory and the filesystem root do not count: a package.json left there holds no project.
 */
export function packageRoot(from: string, home: string = homedir()): string | undefined {
  const stop = realPath(resolve(home));
  for (let dir = from; dirname(dir) !== dir && dir !== stop; dir = dirname(dir)) {
    if (namesPackage(dir)) return dir;
  }
  return undefined;
}

/**
 * The one directory every reported path is relative to, so reports, baselines and --changed-since agree
 * whatever paths are passed and wherever the command runs: the git work tree holding the audited paths;
 * outside git, the outer of the current directory (when it holds them) and the package holding them,
 * else their common directory. The package counts so that a folder audited on its own (`dist/` of an
 * unpacked package) is still judged with its manifest, which says what the code is (a library, a CLI).
 */
export function projectRoot(paths: readonly string[], cwd: string = process.cwd(), home?: string): string {
  const audited = commonDirectory(paths.length > 0 ? paths : [cwd]);
  const git = gitWorkTreeRoot(audited);
  if (git) return git;
  const here = realPath(cwd);
  // Both hold the audited paths, so one holds the other: the outer one is the shorter path.
  const holders = [isInside(audited, here) ? here : undefined, packageRoot(audited, home)].filter((dir): dir is string => dir !== undefined);
  return holders.sort((a, b) => a.length - b.length)[0] ?? audited;
}

/** What was audited, as root-relative paths ('.' for the whole root), sorted: a baseline's score is only comparable within the same scope. */
export function auditScope(paths: readonly string[], root: string): string[] {
  const scope = (paths.length > 0 ? paths : ['.']).map((p) => {
    const real = existsSync(p) ? realPath(resolve(p)) : resolve(p);
    return relative(root, real).split(sep).join('/') || '.';
  });
  return [...new Set(scope)].sort();
}

/** Is a root-relative file inside the audit scope? */
export function inAuditScope(file: string, scope: readonly string[]): boolean {
  return scope.some((s) => s === '.' || file === s || file.startsWith(`${s}/`));
}
