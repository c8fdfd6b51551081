import picomatch from 'picomatch';
import { normalise, type PackageInfo } from '../graph/manifests.js';
import { nearest } from '../graph/resolve.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, RolesCatalog } from './types.js';

const where = (pkg: PackageInfo): string => (pkg.dir ? `${pkg.dir}/package.json` : 'package.json');

/**
 * Packages that are a command-line tool run by a person: a `bin`, no library entry (main, module,
 * exports; a main that is the bin's own file is none) or an npm initializer's name, a prompt library or command-line parser among the dependencies, no server framework
 * imported by any of its files (an MCP server or a daemon started by its bin serves others), and no
 * model call in any of its files (an agent that runs in a terminal calls one). Their commands (create,
 * init, doctor, config writers, a client of the product's own API) run on the machine of the person
 * who typed them, who sees a slow network and presses Ctrl-C. Not a command that a script starting the
 * product (`start`, `worker`, ...) runs.
 */
export function developerCliPackages(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string): Map<PackageInfo, FileRole> {
  const candidate = (pkg: PackageInfo): boolean => isInitializer(pkg) || (!libraryEntry(pkg, pkg.main) && !libraryEntry(pkg, pkg.module) && pkg.exports === undefined);
  return new Map(
    commandsForAPerson(files, packages, catalog, rootTail, candidate).map(([pkg, prompt]) => {
      const bins = Object.keys(pkg.bin ?? {}).slice(0, 2).join(', ');
      const kind = isInitializer(pkg) ? `is an npm initializer (${pkg.name}, run by \`npm create\`)` : 'publishes no library entry';
      const detail = prompt
        ? `${where(pkg)} installs the command ${bins}, ${kind}, uses ${prompt}, serves nothing and calls no model: a command-line tool run by a person`
        : `${where(pkg)} installs the command ${bins}, ${kind}, is private (never published, so only its workspace's developers run it), serves nothing and calls no model: a developer's tool`;
      return [pkg, { role: 'script', evidence: { kind: 'developer-cli', detail } }] as const;
    }),
  );
}

/** `main: 'dist/index.js'` beside `bin: { volt: 'dist/index.js' }` names the command again, not a library. */
function libraryEntry(pkg: PackageInfo, entry: string | undefined): boolean {
  if (!entry) return false;
  const bins = new Set(Object.values(pkg.bin ?? {}).map(normalise));
  return !bins.has(normalise(entry));
}

/**
 * `create-app`, `@acme/create`, `@acme/create-app`: the names `npm create <x>` / `npm init <x>` run. Such
 * a package scaffolds a project on the machine of the person who typed the command; a library entry
 * it also publishes is that scaffolding as an API, run the same way.
 */
const INITIALIZER_NAME = /^(?:@[^/]+\/)?create(?:-[^/]+)?$/;
const isInitializer = (pkg: PackageInfo): boolean => !!pkg.name && INITIALIZER_NAME.test(pkg.name) && pkg.name !== 'create';

/**
 * Packages with a `bin` and the extra test `candidate`, that neither serve others nor call a model, and
 * whose commands no script starting the product runs; each with the first prompt library or
 * command-line parser among its dependencies, which says a person types the command. A private
 * workspace package needs none: it is never published, so its command is its developers' (a benchmark,
 * a trace viewer), whatever parses its arguments; undefined then.
 */
function commandsForAPerson(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string, candidate: (pkg: PackageInfo) => boolean): Array<[PackageInfo, string | undefined]> {
  const prompts = cliModules(catalog);
  const forAPerson = (pkg: PackageInfo): boolean => pkg.dependencies.some((d) => prompts(d)) || (pkg.private === true && isWorkspaceMember(pkg, packages));
  const candidates = packages.filter((pkg) => pkg.bin && Object.keys(pkg.bin).length > 0 && candidate(pkg) && forAPerson(pkg));
  if (candidates.length === 0) return [];
  const excluded = servingPackages(files, packages, catalog, rootTail);
  const started = commandsRunInProduction(packages, catalog);
  return candidates.filter((pkg) => !excluded.has(pkg) && !runsInProduction(pkg, started)).map((pkg) => [pkg, pkg.dependencies.find((d) => prompts(d))]);
}

const cliModules = (catalog: RolesCatalog): ((module: string) => boolean) => {
  const modules = catalog.developerCliModules ?? [];
  return modules.length ? picomatch([...modules]) : () => false;
};

/** Does an import specifier name a server framework (the catalog's cliServerModules: express, fastify, an MCP server…)? */
export const serverModuleMatcher = (catalog: RolesCatalog): ((module: string) => boolean) => {
  const modules = catalog.cliServerModules ?? [];
  return modules.length ? picomatch([...modules]) : () => false;
};

/** Packages one of whose files imports a server framework or calls a model: a command they install serves others or is the agent itself. */
function servingPackages(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string): Set<PackageInfo> {
  const serves = serverModuleMatcher(catalog);
  const found = new Set<PackageInfo>();
  for (const facts of files) {
    const callsModel = facts.functions?.some((fn) => fn.base.llm) ?? false;
    if (!callsModel && !facts.module.imports.some((i) => serves(i.specifier))) continue;
    const pkg = nearest(packages, facts.path, rootTail);
    if (pkg) found.add(pkg);
  }
  return found;
}

const isWorkspaceMember = (pkg: PackageInfo, packages: readonly PackageInfo[]): boolean =>
  pkg.dir !== '' && packages.some((root) => root !== pkg && root.workspaces.length > 0 && (root.dir === '' || pkg.dir.startsWith(`${root.dir}/`)));

/**
 * The command names npm scripts that start the product (`start`, `serve`, ...) run, from any package.
 * Not those of development scripts (`dev`, `dev:*`): `"dev:server": "agents-cli dev"` in an example
 * says the command is a developer's.
 */
function commandsRunInProduction(packages: readonly PackageInfo[], catalog: RolesCatalog): Set<string> {
  const production = picomatch([...catalog.productionScripts]);
  const development = catalog.developmentScripts?.length ? picomatch([...catalog.developmentScripts]) : () => false;
  return new Set(packages.flatMap((pkg) => Object.entries(pkg.scripts).filter(([name]) => production(name) && !development(name)).flatMap(([, command]) => command.split(/[\s;&|()]+/))));
}

const runsInProduction = (pkg: PackageInfo, started: ReadonlySet<string>): boolean => Object.keys(pkg.bin ?? {}).some((name) => started.has(name));

/**
 * The bins of packages whose command is for a person (a command-line parser or prompt library among
 * their dependencies) and that also publish a library entry: the command runs on the machine of whoever
 * typed it (a workspace's developers for a private package, the package's users for a published one),
 * who sees a slow network and presses Ctrl-C. Each with its evidence, by package directory. Not when the
 * package serves requests or calls a model (a daemon or the agent itself), nor when a script that starts
 * the product runs the command. The package's library entries stay what their importers make them.
 */
export function commandLineToolBins(files: readonly FileModelFacts[], packages: readonly PackageInfo[], catalog: RolesCatalog, rootTail: string): Map<string, string> {
  // A private package outside a workspace is an app of its own: its bin is left to the other evidence.
  const candidate = (pkg: PackageInfo): boolean => pkg.private !== true || isWorkspaceMember(pkg, packages);
  return new Map(
    commandsForAPerson(files, packages, catalog, rootTail, candidate).map(([pkg, cli]) => {
      const using = cli ? ` using ${cli}` : '';
      return [pkg.dir, pkg.private ? `${where(pkg)} is private (never published) and installs a command${using}; it serves nothing, calls no model, and no start script runs it: a developer's tool` : `${where(pkg)} installs a command${using}; it serves nothing, calls no model, and no start script runs it: a command-line tool run by a person`] as const;
    }),
  );
}
