import picomatch from 'picomatch';
import type { PackageInfo } from '../graph/manifests.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import { conditionTargets, exportSubpaths } from '../graph/resolve.js';
import type { RoleEvidence, RolesCatalog } from './types.js';
import { serverModuleMatcher } from './developer-cli.js';

/** A file that starts code: what kind of code, and the manifest line that says so. */
export interface EntryPoint {
  readonly file: string;
  readonly kind: 'production' | 'script';
  readonly evidence: RoleEvidence;
  /** For `main`, `module` and `exports`: the directory of the package that publishes the file to its importers. */
  readonly library?: string;
}

const where = (pkg: PackageInfo): string => (pkg.dir ? `${pkg.dir}/package.json` : 'package.json');

/**
 * `main`, `module`, `exports` and `bin` of each package: what users of the package run. `toolBins`: the
 * packages (by directory) whose bins are a command-line tool a person runs, with the evidence (developer-cli.ts).
 */
export function packageEntries(packages: readonly PackageInfo[], graph: ModuleGraph, toolBins: ReadonlyMap<string, string> = new Map()): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const pkg of packages) {
    const fields: [string, string, boolean][] = [
      ...(pkg.main ? [['main', pkg.main, true] as [string, string, boolean]] : []),
      ...(pkg.module ? [['module', pkg.module, true] as [string, string, boolean]] : []),
      ...Object.entries(exportSubpaths(pkg.exports)).flatMap(([subpath, value]) => conditionTargets(value).filter((t) => !t.includes('*')).map((t): [string, string, boolean] => [`exports["${subpath}"]`, t, true])),
      ...Object.entries(pkg.bin ?? {}).map(([name, target]): [string, string, boolean] => [`bin.${name}`, target, false]),
    ];
    const tool = toolBins.get(pkg.dir);
    for (const [field, target, library] of fields) {
      const file = graph.resolvePackageTarget(pkg, target);
      if (!file) continue;
      if (!library && tool !== undefined) entries.push({ file, kind: 'script', evidence: { kind: 'developer-cli', detail: printable(`${tool} ("${field}": ${target})`) } });
      else entries.push({ file, kind: 'production', evidence: { kind: 'package-entry', detail: printable(`${where(pkg)} "${field}": ${target}`) }, ...(library ? { library: pkg.dir } : {}) });
    }
  }
  return entries;
}

/** Manifest text shown in evidence: control characters could steer a terminal. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

const FILE_TOKEN = /^(?:\.{0,2}\/)?[\w@.$/-]+\.(?:[cm]?[jt]sx?)$/;
/** `node config/seed`: a runner resolves a path without its extension, as `require` does. */
const EXTENSIONLESS_PATH = /^(?:\.{0,2}\/)?[\w@.$-]+(?:\/[\w@.$-]+)+$/;
const RUNNERS = new Set(['node', 'tsx', 'ts-node', 'ts-node-esm', 'bun', 'babel-node', 'esno', 'jiti', 'vite-node']);

const isFileToken = (token: string, previous: string | undefined): boolean => FILE_TOKEN.test(token) || (previous !== undefined && RUNNERS.has(previous) && EXTENSIONLESS_PATH.test(token));

/** package.json names an entry others load or run: `main`, `module`, `exports` or a `bin`. */
export const hasEntryFields = (pkg: PackageInfo): boolean => pkg.main !== undefined || pkg.module !== undefined || pkg.exports !== undefined || Object.keys(pkg.bin ?? {}).length > 0;

/** The audited files an npm script runs, by script name (`"seed": "tsx scripts/seed.ts"`). */
function scriptFiles(pkg: PackageInfo, graph: ModuleGraph): Array<{ name: string; command: string; file: string }> {
  return Object.entries(pkg.scripts).flatMap(([name, command]) => {
    const tokens = command.split(/[\s;&|()]+/).map((t) => t.replace(/^['"]|['"]$/g, '').replace(/^--?[\w-]+=/, ''));
    return tokens.flatMap((token, index) => {
      const file = isFileToken(token, tokens[index - 1]) ? graph.resolvePackageTarget(pkg, token) : undefined;
      return file ? [{ name, command, file }] : [];
    });
  });
}

/**
 * Files an npm script runs: production when the script starts the app (`start`, `dev`), or is named
 * for a server (`api`) and runs a file that imports a server framework; tooling otherwise. A development script (`dev`) starts no product in a package that has none to start: no
 * entry fields, no other production script, and a tooling script that runs one of its own files (an
 * image generator's `build: tsx src/build.tsx` beside `dev: tsx src/watch.tsx`).
 */
export function npmScriptEntries(packages: readonly PackageInfo[], graph: ModuleGraph, catalog: RolesCatalog): EntryPoint[] {
  const starts = picomatch([...catalog.productionScripts]);
  const development = catalog.developmentScripts?.length ? picomatch([...catalog.developmentScripts]) : () => false;
  const serverNamed = (name: string): boolean => catalog.serverScripts?.includes(name) ?? false;
  // Called with one argument: a picomatch matcher takes a second (returnObject) that .some would fill.
  const serverModule = serverModuleMatcher(catalog);
  const entries: EntryPoint[] = [];
  for (const pkg of packages) {
    const runs = scriptFiles(pkg, graph);
    const toolsOnly = !hasEntryFields(pkg) && runs.some((run) => !starts(run.name)) && !Object.keys(pkg.scripts).some((name) => starts(name) && !development(name));
    for (const { name, command, file } of runs) {
      const production = (starts(name) && !(toolsOnly && development(name))) || (serverNamed(name) && (graph.external[file] ?? []).some((module) => serverModule(module)));
      entries.push({ file, kind: production ? 'production' : 'script', evidence: { kind: 'npm-script', detail: printable(`${where(pkg)} script "${name}": ${command.length > 80 ? `${command.slice(0, 77)}...` : command}`) } });
    }
  }
  return entries;
}
