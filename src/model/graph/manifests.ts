import { existsSync } from 'node:fs';
import { readMetadataText } from '../../project/read-file.js';
import { commandNameOf } from '../../project/manifest.js';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ts } from '../ast.js';

/**
 * The manifests the project model reads, as data: package.json files and tsconfig/jsconfig files (with
 * `extends` followed), never executed. Directories are relative to the audit root ('' is the root,
 * '..' above it), forward slashes.
 */
export interface ProjectManifests {
  readonly packages: readonly PackageInfo[];
  readonly tsconfigs: readonly TsConfigInfo[];
  /** The audit root seen from the highest manifest directory above it (`dist` when auditing a package's dist/), '' when none is above. */
  readonly rootTail: string;
}

export interface PackageInfo {
  readonly dir: string;
  readonly name?: string;
  readonly main?: string;
  readonly module?: string;
  readonly browser?: string;
  /** package.json `exports` and `imports`, as written (strings, arrays, condition objects). */
  readonly exports?: unknown;
  readonly imports?: unknown;
  readonly bin?: Readonly<Record<string, string>>;
  /** `"private": true`: never published, so only its own workspace runs it. */
  readonly private?: true;
  readonly scripts: Readonly<Record<string, string>>;
  readonly dependencies: readonly string[];
  /** Peer dependencies the package cannot work without (not marked optional in peerDependenciesMeta). */
  readonly requiredPeers?: readonly string[];
  /** npm/yarn `workspaces` and pnpm-workspace.yaml `packages` globs. */
  readonly workspaces: readonly string[];
}

export interface TsConfigInfo {
  /** Directory of the tsconfig that governs files under it. */
  readonly dir: string;
  /** Resolved against the config that set it, relative to the audit root. */
  readonly baseUrl?: string;
  /** Path patterns with their targets resolved to root-relative paths. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
  readonly outDir?: string;
  readonly rootDir?: string;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** Manifests are read capped and only as regular files: a package.json linked to /dev/zero is no manifest. */
function readText(path: string): string {
  const text = readMetadataText(path);
  if (text === undefined) throw new Error(`${path} is not a readable regular file`);
  return text;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(readText(path)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** tsconfig files are JSONC (comments, trailing commas): TypeScript's own reader parses them as data. */
function readJsonc(path: string): Record<string, unknown> | undefined {
  try {
    const { config } = ts.parseConfigFileTextToJson(path, readText(path));
    return config && typeof config === 'object' ? (config as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const stringRecord = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
const stringOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function readPackage(absDir: string, root: string): PackageInfo | undefined {
  const json = readJson(join(absDir, 'package.json'));
  if (!json) return undefined;
  const dependencies = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => Object.keys(stringRecord(json[key])));
  const peerMeta = (json.peerDependenciesMeta && typeof json.peerDependenciesMeta === 'object' ? json.peerDependenciesMeta : {}) as Record<string, { optional?: unknown } | undefined>;
  const requiredPeers = Object.keys(stringRecord(json.peerDependencies)).filter((peer) => peerMeta[peer]?.optional !== true);
  const rawWorkspaces = json.workspaces;
  const workspaces = Array.isArray(rawWorkspaces) ? rawWorkspaces : Array.isArray((rawWorkspaces as { packages?: unknown })?.packages) ? ((rawWorkspaces as { packages: unknown[] }).packages) : [];
  const pnpm = existsSync(join(absDir, 'pnpm-workspace.yaml')) ? readPnpmWorkspaces(join(absDir, 'pnpm-workspace.yaml')) : [];
  const bin = typeof json.bin === 'string' ? { [typeof json.name === 'string' ? commandNameOf(json.name) : 'bin']: json.bin } : stringRecord(json.bin);
  const name = stringOrUndefined(json.name);
  const main = stringOrUndefined(json.main);
  const module = stringOrUndefined(json.module);
  const browser = stringOrUndefined(json.browser);
  return {
    dir: toPosix(relative(root, absDir)),
    ...(name ? { name } : {}),
    ...(main ? { main } : {}),
    ...(module ? { module } : {}),
    ...(browser ? { browser } : {}),
    ...(json.exports !== undefined ? { exports: json.exports } : {}),
    ...(json.imports !== undefined ? { imports: json.imports } : {}),
    ...(Object.keys(bin).length ? { bin } : {}),
    ...(json.private === true ? { private: true as const } : {}),
    scripts: stringRecord(json.scripts),
    dependencies,
    ...(requiredPeers.length ? { requiredPeers } : {}),
    workspaces: [...workspaces, ...pnpm].filter((w): w is string => typeof w === 'string'),
  };
}

function readPnpmWorkspaces(path: string): string[] {
  try {
    const value = parseYaml(readText(path)) as { packages?: unknown };
    return Array.isArray(value?.packages) ? value.packages.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** `extends` names a file (relative) or a package's config (`@tsconfig/node20/tsconfig.json`, looked up in node_modules as data). */
function extendedConfigPath(spec: string, fromDir: string): string | undefined {
  const candidates = spec.startsWith('.') || spec.startsWith('/')
    ? [resolve(fromDir, spec), resolve(fromDir, `${spec}.json`)]
    : [...ancestors(fromDir)].flatMap((dir) => [join(dir, 'node_modules', spec), join(dir, 'node_modules', `${spec}.json`), join(dir, 'node_modules', spec, 'tsconfig.json')]);
  return candidates.find((path) => existsSync(path) && !path.endsWith(sep) && /\.json$/.test(path));
}

function* ancestors(dir: string): Generator<string> {
  for (let current = dir; ; current = dirname(current)) {
    yield current;
    if (dirname(current) === current) return;
  }
}

interface CompilerPathOptions {
  baseUrl?: string;
  paths?: { pattern: string; targets: string[] };
  pathsBase?: string;
  rawPaths?: Record<string, unknown>;
  outDir?: string;
  rootDir?: string;
}

/** compilerOptions path settings after `extends` (nearest config wins per option; paths resolve against the config that set them). */
function readCompilerPaths(path: string, seen: Set<string> = new Set()): CompilerPathOptions {
  if (seen.has(path) || seen.size > 16) return {};
  seen.add(path);
  const json = readJsonc(path);
  if (!json) return {};
  const dir = dirname(path);
  const bases = (Array.isArray(json.extends) ? json.extends : [json.extends]).filter((e): e is string => typeof e === 'string');
  let inherited: CompilerPathOptions = {};
  for (const base of bases) {
    const basePath = extendedConfigPath(base, dir);
    if (basePath) inherited = { ...inherited, ...definedOnly(readCompilerPaths(basePath, seen)) };
  }
  const options = (json.compilerOptions ?? {}) as Record<string, unknown>;
  const own: CompilerPathOptions = {};
  if (typeof options.baseUrl === 'string') own.baseUrl = resolve(dir, options.baseUrl);
  if (options.paths && typeof options.paths === 'object') {
    own.rawPaths = options.paths as Record<string, unknown>;
    own.pathsBase = own.baseUrl ?? dir;
  }
  if (typeof options.outDir === 'string') own.outDir = resolve(dir, options.outDir);
  if (typeof options.rootDir === 'string') own.rootDir = resolve(dir, options.rootDir);
  const merged = { ...inherited, ...definedOnly(own) };
  // Paths inherited without their own baseUrl resolve against the inheriting config's baseUrl when it sets one.
  if (!own.rawPaths && own.baseUrl && merged.rawPaths) merged.pathsBase = own.baseUrl;
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readTsConfig(absDir: string, root: string): TsConfigInfo | undefined {
  const file = ['tsconfig.json', 'jsconfig.json'].map((name) => join(absDir, name)).find(existsSync);
  if (!file) return undefined;
  const options = readCompilerPaths(file);
  const rel = (p: string): string => toPosix(relative(root, p));
  const paths = Object.entries(options.rawPaths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: (Array.isArray(targets) ? targets : []).filter((t): t is string => typeof t === 'string').map((t) => rel(resolve(options.pathsBase ?? absDir, t))),
  }));
  return {
    dir: rel(absDir),
    ...(options.baseUrl ? { baseUrl: rel(options.baseUrl) } : {}),
    paths,
    ...(options.outDir ? { outDir: rel(options.outDir) } : {}),
    ...(options.rootDir ? { rootDir: rel(options.rootDir) } : {}),
  };
}

/**
 * Reads the package.json and tsconfig/jsconfig of every directory that holds an audited file, up to
 * the audit root, plus the nearest ones above the root (auditing `src/` of a package).
 */
export function readProjectManifests(root: string, files: readonly string[]): ProjectManifests {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = dirname(resolve(root, file)); ; dir = dirname(dir)) {
      if (dirs.has(dir)) break;
      dirs.add(dir);
      if (dir === root || !dir.startsWith(root) || dirname(dir) === dir) break;
    }
  }
  for (let dir = dirname(root); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json'))) {
      dirs.add(dir);
      break;
    }
    if (existsSync(join(dir, '.git'))) break;
  }
  dirs.add(root);
  const sorted = [...dirs].sort();
  const highest = sorted.find((dir) => !dir.startsWith(root) && (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json'))));
  return {
    rootTail: highest ? toPosix(relative(highest, root)) : '',
    packages: sorted.flatMap((dir) => (existsSync(join(dir, 'package.json')) ? [readPackage(dir, root)].filter((p): p is PackageInfo => p !== undefined) : [])),
    tsconfigs: sorted.flatMap((dir) => [readTsConfig(dir, root)].filter((t): t is TsConfigInfo => t !== undefined)),
  };
}

/**
 * A root-relative path in normal form. Paths that climb above the root and come back into it
 * (`../dist/index.js` written in the package.json above an audited `dist/`) become plain ones.
 */
export function rootedNormaliser(rootTail: string): (path: string) => string {
  const virtualRoot = posix.join('/', rootTail);
  const depth = rootTail === '' ? 0 : rootTail.split('/').length;
  return (path) => {
    const climbs = posix.normalize(path).split('/').filter((s) => s === '..').length;
    // Above every manifest we read: nothing audited lives there.
    if (climbs > depth && posix.normalize(path).startsWith('../'.repeat(depth + 1))) return `${'../'.repeat(depth + 1)}${path}`;
    const out = posix.relative(virtualRoot, posix.join(virtualRoot, path));
    return out === '.' ? '' : out;
  };
}

/** A file's path relative to a manifest directory (both root-relative; the directory may lie above the root). */
export function pathWithin(rootTail: string, dir: string, file: string): string | undefined {
  const virtualRoot = posix.join('/', rootTail);
  const out = posix.relative(posix.join(virtualRoot, dir), posix.join(virtualRoot, file));
  return out.startsWith('../') || out === '..' ? undefined : out;
}

export const normalise = rootedNormaliser('');
