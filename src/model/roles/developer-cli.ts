import picomatch from 'picomatch';
import type { PackageInfo } from '../graph/manifests.js';
import { nearest } from '../graph/resolve.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, RolesCatalog } from './types.js';

const where = (pkg: PackageInfo): string => (pkg.dir ? `${pkg.dir}/package.json` : 'package.json');

/**
 * Packages that are a command-line tool run by a person: a `bin`, no library entry (main, module,
 * exports), a prompt library or command-line parser among the dependencies, no server framework
 * imported by any of its files (an MCP server or a daemon started by its bin serves others), and no
 * model call in any of its files (an agent that runs in a terminal calls one). Their commands (create,
 * init, doctor, config writers, a client of the product's own API) run on the machine of the person
 * who typed them, who sees a slow network and presses Ctrl-C.
 */
export function developerCliPackages(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string): Map<PackageInfo, FileRole> {
  const modules = catalog.developerCliModules ?? [];
  const prompts = modules.length ? picomatch([...modules]) : () => false;
  const serverModules = catalog.cliServerModules ?? [];
  const serves = serverModules.length ? picomatch([...serverModules]) : () => false;
  const candidates = packages.filter((pkg) => pkg.bin && Object.keys(pkg.bin).length > 0 && !pkg.main && !pkg.module && pkg.exports === undefined && pkg.dependencies.some((d) => prompts(d)));
  if (candidates.length === 0) return new Map();
  const excluded = new Set<PackageInfo>();
  for (const facts of files) {
    const callsModel = facts.functions?.some((fn) => fn.base.llm) ?? false;
    if (!callsModel && !facts.module.imports.some((i) => serves(i.specifier))) continue;
    const pkg = nearest(packages, facts.path, rootTail);
    if (pkg) excluded.add(pkg);
  }
  return new Map(
    candidates
      .filter((pkg) => !excluded.has(pkg))
      .map((pkg) => {
        const prompt = pkg.dependencies.find((d) => prompts(d)) as string;
        const bins = Object.keys(pkg.bin ?? {}).slice(0, 2).join(', ');
        return [pkg, { role: 'script', evidence: { kind: 'developer-cli', detail: `${where(pkg)} installs the command ${bins}, publishes no library entry, uses ${prompt}, serves nothing and calls no model: a command-line tool run by a person` } }] as const;
      }),
  );
}
