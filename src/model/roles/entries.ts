import picomatch from 'picomatch';
import type { PackageInfo } from '../graph/manifests.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import { conditionTargets, exportSubpaths } from '../graph/resolve.js';
import type { RoleEvidence, RolesCatalog } from './types.js';

/** A file that starts code: what kind of code, and the manifest line that says so. */
export interface EntryPoint {
  readonly file: string;
  readonly kind: 'production' | 'script';
  readonly evidence: RoleEvidence;
  /** For `main`, `module` and `exports`: the directory of the package that publishes the file to its importers. */
  readonly library?: string;
}

const where = (pkg: PackageInfo): string => (pkg.dir ? `${pkg.dir}/package.json` : 'package.json');

/** `main`, `module`, `exports` and `bin` of each package: what users of the package run. */
export function packageEntries(packages: readonly PackageInfo[], graph: ModuleGraph): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const pkg of packages) {
    const fields: [string, string, boolean][] = [
      ...(pkg.main ? [['main', pkg.main, true] as [string, string, boolean]] : []),
      ...(pkg.module ? [['module', pkg.module, true] as [string, string, boolean]] : []),
      ...Object.entries(exportSubpaths(pkg.exports)).flatMap(([subpath, value]) => conditionTargets(value).filter((t) => !t.includes('*')).map((t): [string, string, boolean] => [`exports["${subpath}"]`, t, true])),
      ...Object.entries(pkg.bin ?? {}).map(([name, target]): [string, string, boolean] => [`bin.${name}`, target, false]),
    ];
    for (const [field, target, library] of fields) {
      const file = graph.resolvePackageTarget(pkg, target);
      if (file) entries.push({ file, kind: 'production', evidence: { kind: 'package-entry', detail: printable(`${where(pkg)} "${field}": ${target}`) }, ...(library ? { library: pkg.dir } : {}) });
    }
  }
  return entries;
}

/** Manifest text shown in evidence: control characters could steer a terminal. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

const FILE_TOKEN = /^(?:\.{0,2}\/)?[\w@.$/-]+\.(?:[cm]?[jt]sx?)$/;

/** Files an npm script runs (`"seed": "tsx scripts/seed.ts"`): production when the script starts the app (`start`, `dev`), tooling otherwise. */
export function npmScriptEntries(packages: readonly PackageInfo[], graph: ModuleGraph, catalog: RolesCatalog): EntryPoint[] {
  const production = picomatch([...catalog.productionScripts]);
  const entries: EntryPoint[] = [];
  for (const pkg of packages) {
    for (const [name, command] of Object.entries(pkg.scripts)) {
      const tokens = command.split(/[\s;&|()]+/).map((t) => t.replace(/^['"]|['"]$/g, '').replace(/^--?[\w-]+=/, ''));
      for (const token of tokens) {
        if (!FILE_TOKEN.test(token)) continue;
        const file = graph.resolvePackageTarget(pkg, token);
        if (file) entries.push({ file, kind: production(name) ? 'production' : 'script', evidence: { kind: 'npm-script', detail: printable(`${where(pkg)} script "${name}": ${command.length > 80 ? `${command.slice(0, 77)}...` : command}`) } });
      }
    }
  }
  return entries;
}
