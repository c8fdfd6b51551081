import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { AuditError } from '../errors.js';
import type { SkippedFile } from '../types.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const MINIFIED_NAME = /[.-]min\.[cm]?js$/;
/** Directories that hold dependencies, VCS data or build output: never descended into. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.vercel', '.output', 'bower_components']);

export const DEFAULT_EXCLUDE = ['**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/__mocks__/**', '**/__fixtures__/**'];

export interface DiscoveryOptions {
  readonly root: string;
  readonly paths: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Directory include/exclude globs are relative to (the config file's); default: the root. */
  readonly globBase?: string;
}

export interface DiscoveredFile {
  readonly absolutePath: string;
  /** Relative to the root, forward slashes. */
  readonly path: string;
  /** Named on the command line: audited even if an exclude pattern or ignore file matches. */
  readonly explicit: boolean;
}

export interface Discovery {
  readonly files: readonly DiscoveredFile[];
  readonly skipped: readonly SkippedFile[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !DECLARATION_FILE.test(name);
}

/** The deepest directory containing every path: file paths as given are relative to it. */
export function commonRoot(paths: readonly string[]): string {
  const dirs = paths.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
  const split = dirs.map((d) => resolve(d).split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}

/** Ignore rules from .gitignore files, each applied relative to its own directory. */
class GitIgnores {
  private readonly byDir = new Map<string, Ignore | null>();
  private readonly repoRoots = new Map<string, boolean>();

  private isRepoRoot(dir: string): boolean {
    let known = this.repoRoots.get(dir);
    if (known === undefined) {
      known = existsSync(join(dir, '.git'));
      this.repoRoots.set(dir, known);
    }
    return known;
  }

  isIgnored(absolutePath: string, isDirectory: boolean, stopAt: string): boolean {
    for (let dir = dirname(absolutePath); ; dir = dirname(dir)) {
      const rules = this.rulesFor(dir);
      if (rules) {
        const rel = toPosix(relative(dir, absolutePath)) + (isDirectory ? '/' : '');
        if (rel && !rel.startsWith('..') && rules.ignores(rel)) return true;
      }
      if (dir === stopAt || this.isRepoRoot(dir) || dirname(dir) === dir) return false;
    }
  }

  private rulesFor(dir: string): Ignore | null {
    let rules = this.byDir.get(dir);
    if (rules !== undefined) return rules;
    const file = join(dir, '.gitignore');
    rules = null;
    try {
      if (existsSync(file)) rules = ignore().add(readFileSync(file, 'utf8'));
    } catch {
      rules = null;
    }
    this.byDir.set(dir, rules);
    return rules;
  }
}

/** Given paths are resolved through symlinks, so they sit under the (real) project root they are reported against. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function discoverFiles(options: DiscoveryOptions): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  const gitIgnores = new GitIgnores();
  const included = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true;
  const excluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const rel = (abs: string): string => toPosix(relative(options.root, abs)) || '.';
  const globPath = (abs: string): string => (options.globBase ? toPosix(relative(options.globBase, abs)) || '.' : rel(abs));

  const add = (absolutePath: string, explicit: boolean): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    files.push({ absolutePath, path: rel(absolutePath), explicit });
  };

  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: rel(dir), reason: `directory not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = statSync(abs);
        } catch {
          continue;
        }
        // Linked directories are not followed: that is how symlink loops and vendored copies stay out.
        if (target.isDirectory()) continue;
        if (!target.isFile()) continue;
      }
      const isDirectory = entry.isDirectory();
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || gitIgnores.isIgnored(abs, true, options.root)) continue;
        if (excluded(globPath(abs) + '/')) continue;
        walk(abs);
        continue;
      }
      if (!isSourceFile(entry.name)) continue;
      const path = rel(abs);
      if (MINIFIED_NAME.test(entry.name)) {
        skipped.push({ path, reason: 'minified bundle' });
        continue;
      }
      if (!included(globPath(abs)) || excluded(globPath(abs)) || gitIgnores.isIgnored(abs, false, options.root)) continue;
      add(abs, false);
    }
  };

  for (const given of options.paths) {
    const abs = realPathOf(resolve(given));
    let stat;
    try {
      stat = lstatSync(abs);
      if (stat.isSymbolicLink()) stat = statSync(abs);
    } catch {
      throw new AuditError('path-not-found', `path not found: ${given}`);
    }
    if (stat.isDirectory()) walk(abs);
    else if (stat.isFile() && isSourceFile(abs)) add(abs, true);
    else if (stat.isFile()) skipped.push({ path: rel(abs), reason: 'not a JavaScript/TypeScript source file' });
    else skipped.push({ path: rel(abs), reason: 'not a regular file' });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}
