import picomatch from 'picomatch';
import type { PackageInfo } from '../graph/manifests.js';
import { nearest } from '../graph/resolve.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, RolesCatalog } from './types.js';

const where = (pkg: PackageInfo): string => (pkg.dir ? `${pkg.dir}/package.json` : 'package.json');

/**
 * Packages that are a developer's command-line tool: a `bin`, no library entry (main, module,
 * exports), an interactive prompt library among the dependencies, and no model call in any of its
 * files (an agent that runs in a terminal calls one). Their commands (create, init, doctor, config
 * writers) run on a developer's machine, who sees a slow network and presses Ctrl-C.
 */
export function developerCliPackages(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string): Map<PackageInfo, FileRole> {
  const modules = catalog.developerCliModules ?? [];
  const prompts = modules.length ? picomatch([...modules]) : () => false;
  const candidates = packages.filter((pkg) => pkg.bin && Object.keys(pkg.bin).length > 0 && !pkg.main && !pkg.module && pkg.exports === undefined && pkg.dependencies.some((d) => prompts(d)));
  if (candidates.length === 0) return new Map();
  const callsModel = new Set<PackageInfo>();
  for (const facts of files) {
    if (!facts.functions?.some((fn) => fn.base.llm)) continue;
    const pkg = nearest(packages, facts.path, rootTail);
    if (pkg) callsModel.add(pkg);
  }
  return new Map(
    candidates
      .filter((pkg) => !callsModel.has(pkg))
      .map((pkg) => {
        const prompt = pkg.dependencies.find((d) => prompts(d)) as string;
        const bins = Object.keys(pkg.bin ?? {}).slice(0, 2).join(', ');
        return [pkg, { role: 'script', evidence: { kind: 'developer-cli', detail: `${where(pkg)} installs the command ${bins}, publishes no library entry, uses ${prompt} and calls no model: a developer's command-line tool` } }] as const;
      }),
  );
}
