import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { AuditError } from '../errors.js';
import { COMPONENT_EXTENSIONS } from './component-files.js';
import type { SkippedFile } from '../types.js';
import { readMetadataText } from './read-file.js';
import { gitTrackedFiles, type TrackedFiles } from './tracked-files.js';

/** Script files, and the components (Svelte, Vue, Astro) whose script blocks are audited. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', ...COMPONENT_EXTENSIONS];
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Directories that hold dependencies, VCS data or build output: never descended into. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.vercel', '.output', 'bower_components']);

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
  /** Directories that could not be listed: what they hold is unknown, so like unreadable files they fail the gate. */
  readonly unreadable: readonly SkippedFile[];
}

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

export function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !DECLARATION_FILE.test(name);
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
    // Capped and regular files only: a .gitignore linked to /dev/zero must not eat the memory.
    const text = readMetadataText(join(dir, '.gitignore'));
    rules = text === undefined ? null : ignore().add(text);
    this.byDir.set(dir, rules);
    return rules;
  }
}

/**
 * Glob libraries compile `**` to `.`, which stops at a newline: a file named `a\nb.ts` matched no
 * include pattern and vanished from the audit. Line breaks are matched as ordinary characters.
 */
function matchable(path: string): string {
  return path.replace(/[\n\r\u2028\u2029]/g, '_');
}

const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

/**
 * A matcher for a list of globs. Plain paths (no glob syntax) go in a set: a config listing 100,000
 * files would otherwise compile 100,000 regular expressions and take over a gigabyte.
 */
export function globListMatcher(patterns: readonly string[]): (path: string) => boolean {
  const literal = new Set<string>();
  const globs: string[] = [];
  for (const pattern of new Set(patterns)) {
    if (GLOB_SYNTAX.test(pattern)) globs.push(pattern);
    else literal.add(pattern.replace(/^\.\//, '').replace(/\/$/, ''));
  }
  const compiled = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  return (path) => literal.has(path.replace(/\/$/, '')) || compiled(path);
}

function isOutside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '..' || rel.startsWith(`..${sep}`) || resolve(root, rel) !== target;
}

export function discoverFiles(options: DiscoveryOptions): Discovery {
  const files: DiscoveredFile[] = [];
  const skipped: SkippedFile[] = [];
  const unreadable: SkippedFile[] = [];
  const seen = new Set<string>();
  const gitIgnores = new GitIgnores();
  const included = options.include.length > 0 ? globListMatcher(options.include) : () => true;
  const excluded = options.exclude.length > 0 ? globListMatcher(options.exclude) : () => false;
  const rel = (abs: string): string => toPosix(relative(options.root, abs)) || '.';
  const globPath = (abs: string): string => (options.globBase ? toPosix(relative(options.globBase, abs)) || '.' : rel(abs));
  let realRoot: string | undefined;
  const rootReal = (): string => (realRoot ??= safeRealpath(options.root) ?? options.root);
  let tracked: TrackedFiles | undefined | null = null;
  const trackedFiles = (): TrackedFiles | undefined => (tracked === null ? (tracked = gitTrackedFiles(options.root)) : tracked);
  // An ignore file added in a pull request must not hide what git already tracks.
  const ignored = (abs: string, isDirectory: boolean): boolean => {
    if (!gitIgnores.isIgnored(abs, isDirectory, options.root)) return false;
    const known = trackedFiles();
    return !(isDirectory ? known?.directories.has(abs) : known?.files.has(abs));
  };

  const add = (absolutePath: string, explicit: boolean): void => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    files.push({ absolutePath, path: rel(absolutePath), explicit });
  };

  /** A linked file is audited only when it stays inside the audited root: nothing outside is read. */
  const linkedFile = (abs: string): 'file' | 'other' | 'outside' | 'directory' => {
    let target;
    try {
      target = statSync(abs);
    } catch {
      return 'other';
    }
    if (target.isDirectory()) return 'directory';
    if (!target.isFile()) return 'other';
    const real = safeRealpath(abs);
    return real === undefined || isOutside(rootReal(), real) ? 'outside' : 'file';
  };

  // Depth-first with an explicit stack: a directory chain thousands deep must not overflow the call stack.
  const walk = (start: string): void => {
    const pending = [start];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        unreadable.push({ path: rel(dir), reason: `directory not readable (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      for (const entry of entries) {
        const abs = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(entry.name) || ignored(abs, true)) continue;
          if (excluded(matchable(globPath(abs)) + '/')) continue;
          pending.push(abs);
          continue;
        }
        if (!isSourceFile(entry.name)) continue;
        const path = rel(abs);
        const name = matchable(globPath(abs));
        if (!included(name) || excluded(name) || ignored(abs, false)) continue;
        if (entry.isSymbolicLink()) {
          // Linked directories are not followed: that is how symlink loops and vendored copies stay out.
          const kind = linkedFile(abs);
          if (kind === 'directory') continue;
          if (kind === 'outside') {
            skipped.push({ path, reason: 'symbolic link to a file outside the audited root (not read)' });
            continue;
          }
          if (kind === 'other') {
            skipped.push({ path, reason: 'symbolic link to something that is not a regular file' });
            continue;
          }
        } else if (!entry.isFile()) {
          // FIFOs, sockets and devices: opening one can block forever or never end.
          skipped.push({ path, reason: 'not a regular file' });
          continue;
        }
        add(abs, false);
      }
    }
  };

  for (const given of options.paths) {
    // Given paths are resolved through symlinks, so they sit under the (real) project root they are reported against.
    const abs = safeRealpath(resolve(given)) ?? resolve(given);
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
  return { files, skipped, unreadable };
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
