import { posix } from 'node:path';
import { rootedNormaliser, type PackageInfo, type ProjectManifests, type TsConfigInfo } from './manifests.js';
import { packageOfSpecifier } from '../../project/package-name.js';

/** Resolves an import specifier in one audited file to another audited file (root-relative), or undefined when it leaves the project. */
export type ModuleResolver = (fromFile: string, specifier: string) => string | undefined;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Compiled-extension imports name their sources (`./x.js` is `./x.ts` in TypeScript with NodeNext). */
const SOURCE_OF: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** Build-output folders whose files come from `src/` (a package's `main: dist/index.js`). */
const OUTPUT_DIRS = /^(dist|build|lib|out|esm|cjs|es|module|commonjs)(\/|$)/;
const CONDITION_ORDER = ['source', 'development', 'import', 'node', 'require', 'module', 'default', 'browser', 'worker', 'edge-light'];

/**
 * `posix.join('/', rootTail, path)`, kept per path: every file asks about every package and tsconfig
 * directory of the workspace (roles, module resolution), and joining is most of that work.
 */
const joined = new Map<string, Map<string, string>>();
function rooted(rootTail: string, path: string): string {
  let paths = joined.get(rootTail);
  if (!paths) joined.set(rootTail, (paths = new Map()));
  let out = paths.get(path);
  if (out === undefined) {
    out = posix.join('/', rootTail, path);
    if (paths.size > 100_000) paths.clear();
    paths.set(path, out);
  }
  return out;
}

/** Is the root-relative file inside the root-relative directory (which may lie above the root)? */
const isWithin = (dir: string, file: string, rootTail = ''): boolean => holds(rooted(rootTail, dir), rooted(rootTail, file));

/** What `pathWithin` answers, by comparing path segments instead of computing the relative path. */
function holds(dir: string, file: string): boolean {
  return holdsBare(withoutTrailingSlash(dir), withoutTrailingSlash(file));
}

/** A list's directories joined to the root and without a trailing slash, and their depths (joined lengths), made once per list. */
const listDirs = new WeakMap<readonly { readonly dir: string }[], { readonly rootTail: string; readonly dirs: readonly string[]; readonly depths: readonly number[] }>();
function dirsOf(entries: readonly { readonly dir: string }[], rootTail: string): { readonly dirs: readonly string[]; readonly depths: readonly number[] } {
  let known = listDirs.get(entries);
  if (!known || known.rootTail !== rootTail || known.dirs.length !== entries.length) {
    const joinedDirs = entries.map((entry) => rooted(rootTail, entry.dir));
    known = { rootTail, dirs: joinedDirs.map(withoutTrailingSlash), depths: joinedDirs.map((dir) => dir.length) };
    listDirs.set(entries, known);
  }
  return known;
}

const withoutTrailingSlash = (path: string): string => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
/** `holds` for paths already without a trailing slash. */
const holdsBare = (from: string, to: string): boolean => from === '/' || to === from || (to.startsWith(from) && to.charCodeAt(from.length) === 47);

/** The entries whose directory holds the file, in list order. */
export function holdingEntries<T extends { readonly dir: string }>(entries: readonly T[], file: string, rootTail = ''): T[] {
  const { dirs } = dirsOf(entries, rootTail);
  const target = withoutTrailingSlash(rooted(rootTail, file));
  return entries.filter((_, i) => holdsBare(dirs[i] as string, target));
}

/** The deepest entry whose directory holds the file. */
export function nearest<T extends { readonly dir: string }>(entries: readonly T[], file: string, rootTail = ''): T | undefined {
  let best: T | undefined;
  let bestDepth = -1;
  const { dirs, depths } = dirsOf(entries, rootTail);
  const target = withoutTrailingSlash(rooted(rootTail, file));
  for (let i = 0; i < entries.length; i++) {
    if (!holdsBare(dirs[i] as string, target)) continue;
    const depth = depths[i] as number;
    if (depth > bestDepth) [best, bestDepth] = [entries[i], depth];
  }
  return best;
}

/** Every string target of a package.json `exports`/`imports` value, in condition preference order (type declarations skipped). */
export function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return value.endsWith('.d.ts') ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (!value || typeof value !== 'object') return [];
  const entries = Object.entries(value as Record<string, unknown>);
  const rank = (key: string): number => (CONDITION_ORDER.includes(key) ? CONDITION_ORDER.indexOf(key) : CONDITION_ORDER.length);
  return entries.sort((a, b) => rank(a[0]) - rank(b[0])).flatMap(([, v]) => conditionTargets(v));
}

/** Subpath map of a package's `exports` (`{ '.': …, './x': … }`), or `.` alone for the sugar forms. */
export function exportSubpaths(exportsField: unknown): Record<string, unknown> {
  if (exportsField && typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'))) return exportsField as Record<string, unknown>;
  return exportsField === undefined ? {} : { '.': exportsField };
}

/** Matches `key` against a map whose keys may hold one `*`; returns the targets with `*` substituted. */
function matchPattern(map: Record<string, unknown>, key: string): string[] {
  if (key in map) return conditionTargets(map[key]);
  for (const [pattern, value] of Object.entries(map)) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length) {
      const middle = key.slice(prefix.length, key.length - suffix.length);
      return conditionTargets(value).map((target) => target.replace('*', middle));
    }
  }
  return [];
}

export interface ModuleResolvers {
  readonly resolve: ModuleResolver;
  /** A target written in a package.json (`./dist/index.js`, `bin/cli.js`) to the audited source file it is built from. */
  readonly packageTarget: (pkg: { readonly dir: string }, target: string) => string | undefined;
}

export function createModuleResolver(files: ReadonlySet<string>, manifests: ProjectManifests): ModuleResolvers {
  const normalise = rootedNormaliser(manifests.rootTail);
  const byName = new Map<string, PackageInfo>();
  for (const pkg of manifests.packages) if (pkg.name && !byName.has(pkg.name)) byName.set(pkg.name, pkg);

  const asFile = (path: string): string | undefined => {
    const base = normalise(path);
    if (files.has(base)) return base;
    const ext = posix.extname(base);
    for (const source of SOURCE_OF[ext] ?? []) {
      const swapped = base.slice(0, -ext.length) + source;
      if (files.has(swapped)) return swapped;
    }
    for (const extension of EXTENSIONS) if (files.has(base + extension)) return base + extension;
    for (const extension of EXTENSIONS) if (files.has(`${base}/index${extension}`)) return `${base}/index${extension}`;
    return undefined;
  };

  /** A package-relative target (`./dist/index.js`) to the audited source: as written, else its `src/` twin or the tsconfig rootDir twin. */
  const packageTarget = (pkg: { readonly dir: string }, target: string): string | undefined => {
    const inside = normalise(target);
    const direct = asFile(posix.join(pkg.dir, inside));
    if (direct || !OUTPUT_DIRS.test(inside)) return direct;
    const config = nearest(manifests.tsconfigs, posix.join(pkg.dir, inside), manifests.rootTail);
    const full = normalise(posix.join(pkg.dir, inside));
    if (config?.outDir && config.rootDir && isWithin(config.outDir, full, manifests.rootTail)) {
      const mapped = asFile(posix.join(config.rootDir, full.slice(config.outDir.length)));
      if (mapped) return mapped;
    }
    const rest = inside.replace(OUTPUT_DIRS, '');
    return asFile(posix.join(pkg.dir, 'src', rest)) ?? asFile(posix.join(pkg.dir, rest));
  };

  const workspacePackage = (specifier: string): string | undefined => {
    const name = packageOfSpecifier(specifier);
    const pkg = byName.get(name);
    if (!pkg) return undefined;
    const subpath = `.${specifier.slice(name.length)}`;
    const targets = matchPattern(exportSubpaths(pkg.exports), subpath);
    if (subpath === '.') targets.push(...[pkg.module, pkg.main].filter((t): t is string => t !== undefined), 'index', 'src/index');
    else targets.push(subpath, `src/${subpath.slice(2)}`);
    for (const target of targets) {
      const hit = packageTarget(pkg, target);
      if (hit) return hit;
    }
    return undefined;
  };

  const pathAlias = (config: TsConfigInfo, specifier: string): string | undefined => {
    for (const { pattern, targets } of config.paths) {
      const star = pattern.indexOf('*');
      let middle: string | undefined;
      if (star < 0) middle = pattern === specifier ? '' : undefined;
      else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))) middle = specifier.slice(star, specifier.length - (pattern.length - star - 1));
      if (middle === undefined) continue;
      for (const target of targets) {
        const hit = asFile(target.replace('*', middle));
        if (hit) return hit;
      }
    }
    return config.baseUrl !== undefined ? asFile(posix.join(config.baseUrl, specifier)) : undefined;
  };

  const resolveUncached: ModuleResolver = (fromFile, specifier) => {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') return asFile(posix.join(posix.dirname(fromFile), specifier));
    if (specifier.startsWith('#')) {
      const pkg = nearest(manifests.packages.filter((p) => p.imports !== undefined), fromFile, manifests.rootTail);
      const map = pkg?.imports && typeof pkg.imports === 'object' ? (pkg.imports as Record<string, unknown>) : undefined;
      for (const target of map && pkg ? matchPattern(map, specifier) : []) {
        const hit = target.startsWith('.') ? packageTarget(pkg as PackageInfo, target) : workspacePackage(target);
        if (hit) return hit;
      }
      return undefined;
    }
    if (specifier === '$lib' || specifier.startsWith('$lib/')) {
      const pkg = nearest(manifests.packages.filter((p) => p.dependencies.includes('@sveltejs/kit')), fromFile, manifests.rootTail);
      if (pkg) return asFile(posix.join(pkg.dir, 'src/lib', specifier.slice(4)));
    }
    const config = nearest(manifests.tsconfigs, fromFile, manifests.rootTail);
    return (config ? pathAlias(config, specifier) : undefined) ?? workspacePackage(specifier);
  };
  // The function summaries resolve the same import once per call through it: each answer is kept.
  const resolved = new Map<string, string | undefined>();
  const resolve: ModuleResolver = (fromFile, specifier) => {
    const key = `${fromFile}\0${specifier}`;
    if (resolved.has(key)) return resolved.get(key);
    const found = resolveUncached(fromFile, specifier);
    resolved.set(key, found);
    return found;
  };
  return { resolve, packageTarget };
}

export { isWithin };
