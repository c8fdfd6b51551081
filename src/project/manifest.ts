import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { toPosix } from './discover.js';
import { readMetadataText } from './read-file.js';
import { isInside } from './root.js';

/** The package a file belongs to: the directory of its nearest package.json (or the project root). */
export interface ProjectPackage {
  /** Absolute directory; the project root when no package.json governs the file. */
  readonly dir: string;
  readonly manifest?: PackageManifest;
}

/** The package manifest that governs the audited root: what project-level rules read from it. */
export interface PackageManifest {
  /** Relative to the audit root. */
  readonly path: string;
  readonly dependencies: readonly string[];
  /** 1-based line of the "dependencies" key (or 1). */
  readonly dependenciesLine: number;
  /** What the package says about itself (a template, a demo…). */
  readonly name?: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
  /** A published library (a name and an entry point, not private): its callers own the data it writes. */
  readonly library?: true;
  /** The package installs a command (`bin`): it runs as a program, not only as code others import. */
  readonly executable?: true;
  /** The major version of each dependency whose range names one (`^5.0.1`, `~4.2`, `>=6`, `v5`). */
  readonly dependencyMajors?: Readonly<Record<string, number>>;
}

/** `^5.0.1`, `~4.2`, `5.x`, `>=6 <7`, `v5`: the first major a range names; `latest`, `workspace:*`, a URL: none. */
export function rangeMajor(range: string): number | undefined {
  const major = /^\s*(?:[\^~]|[<>]?=?\s*)?v?(\d+)(?:[.\s]|$)/.exec(range)?.[1];
  return major === undefined ? undefined : Number(major);
}

function dependencyMajors(sections: readonly Record<string, unknown>[]): Record<string, number> {
  const majors: Record<string, number> = {};
  for (const section of sections) {
    for (const [name, range] of Object.entries(section)) {
      const major = typeof range === 'string' ? rangeMajor(range) : undefined;
      if (major !== undefined && !(name in majors)) majors[name] = major;
    }
  }
  return majors;
}

const TYPESCRIPT_SOURCE = /\.(?:ts|tsx|mts|cts)$/;

/** Every file an entry field (`main`, `module`, `exports` and its conditions) points at. */
function entryTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(entryTargets);
  return [];
}

/**
 * Entry points that are all TypeScript sources (`"exports": { ".": "./src/index.ts" }`), with no
 * `publishConfig` to swap them at publish time: Node cannot load them from the registry, so the
 * package is one the workspace's own bundler builds, used by its applications, not a published library.
 */
function workspaceSourcesOnly(json: Record<string, unknown> | null): boolean {
  if (json?.publishConfig !== undefined) return false;
  const targets = ['main', 'module', 'exports'].flatMap((key) => entryTargets(json?.[key]));
  return targets.length > 0 && targets.every((target) => TYPESCRIPT_SOURCE.test(target) && !target.endsWith('.d.ts'));
}

/** A command that runs code of the package itself: a runtime on a file, or a file of the package (`./bin/run start`, `cd bin && ./run start`). */
const RUNS_OWN_CODE = /^\s*(?:node|tsx|ts-node|bun|deno run|npx tsx)\s|(?:^|&&|;)\s*\.\/(?!node_modules\/)[\w./-]/;

/**
 * A `start` script that runs the package's own code (`node dist/index.js`, `tsx src/server.ts`, its own
 * command: `flowise start`), also through run-script-os's per-platform variants (`start:default`): the
 * package is an application that also names a main file, not a library others import.
 */
function startsItself(scripts: Record<string, unknown>, commands: readonly string[]): boolean {
  const start = scripts.start;
  if (typeof start !== 'string') return false;
  const variants = start.trim() === 'run-script-os' ? Object.entries(scripts).filter(([key]) => key.startsWith('start:')).map(([, value]) => value) : [start];
  const runsCommand = (script: string): boolean => commands.some((command) => script.trim().split(/\s+/)[0] === command);
  return variants.some((script) => typeof script === 'string' && (RUNS_OWN_CODE.test(script) || runsCommand(script)));
}

/** The command a package's single-file `bin` installs: its name without the scope, as npm names it. */
export const commandNameOf = (packageName: string): string => packageName.replace(/^@[^/]+\//, '');

/** The commands a package installs: `bin` as a map of names, or a single file named after the package. */
function commandNames(bin: unknown, name: string | undefined): string[] {
  if (typeof bin === 'string') return name ? [commandNameOf(name)] : [];
  return bin && typeof bin === 'object' ? Object.keys(bin) : [];
}

/**
 * Parses one package.json; `path` is relative to the project root. A manifest that does not parse is
 * ignored: the audit is about source code.
 */
export function parseManifest(file: string, projectRoot: string): PackageManifest | undefined {
  try {
    // Capped, regular files only: a package.json linked to /dev/zero is no manifest.
    const text = readMetadataText(file);
    if (text === undefined) return undefined;
    const json = JSON.parse(text) as Record<string, unknown> | null;
    const record = (key: string): Record<string, unknown> => {
      const value = json?.[key];
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    };
    const stringField = (key: string): string | undefined => (typeof json?.[key] === 'string' ? (json[key] as string) : undefined);
    const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].map(record);
    const dependencies = sections.flatMap((section) => Object.keys(section));
    const majors = dependencyMajors(sections);
    const index = text.split('\n').findIndex((line) => /"dependencies"\s*:/.test(line));
    const keywords = Array.isArray(json?.keywords) ? (json.keywords as unknown[]).filter((k): k is string => typeof k === 'string') : [];
    const name = stringField('name');
    const description = stringField('description');
    const library = name !== undefined && json?.private !== true && ['main', 'module', 'exports', 'types'].some((key) => json?.[key] !== undefined) && !workspaceSourcesOnly(json) && !startsItself(record('scripts'), commandNames(json?.bin, name));
    const executable = json?.bin !== undefined && json.bin !== null;
    return { path: toPosix(relative(projectRoot, file)), dependencies, dependenciesLine: index >= 0 ? index + 1 : 1, ...(name ? { name } : {}), ...(description ? { description } : {}), ...(keywords.length ? { keywords } : {}), ...(library ? { library: true as const } : {}), ...(executable ? { executable: true as const } : {}), ...(Object.keys(majors).length ? { dependencyMajors: majors } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Finds each file's package: the nearest package.json above it, never above the project root (paths
 * outside it could not be reported). Monorepo packages each get their own manifest.
 */
export class PackageIndex {
  private readonly byDir = new Map<string, ProjectPackage>();

  constructor(private readonly projectRoot: string) {}

  packageOf(absoluteFile: string): ProjectPackage {
    return this.packageAt(dirname(absoluteFile));
  }

  /** The package whose directory is `dir` (as returned in ProjectPackage.dir). */
  packageIn(dir: string): ProjectPackage {
    return this.packageAt(dir);
  }

  private packageAt(dir: string): ProjectPackage {
    const known = this.byDir.get(dir);
    if (known) return known;
    let found: ProjectPackage;
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = parseManifest(file, this.projectRoot);
      found = { dir, ...(manifest ? { manifest } : {}) };
    } else if (dir === this.projectRoot || !isInside(dir, this.projectRoot) || dirname(dir) === dir) {
      found = { dir: this.projectRoot };
    } else {
      found = this.packageAt(dirname(dir));
    }
    this.byDir.set(dir, found);
    return found;
  }
}
