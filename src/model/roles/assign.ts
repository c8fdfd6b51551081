import picomatch from 'picomatch';
import { pathWithin, type PackageInfo, type ProjectManifests } from '../graph/manifests.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import { isWithin, nearest } from '../graph/resolve.js';
import { developerCliPackages } from './developer-cli.js';
import { npmScriptEntries, packageEntries, type EntryPoint } from './entries.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, Role, RolesCatalog } from './types.js';

/** User overrides: role → globs relative to the audit root (config `roles`). */
export type RoleOverrides = Partial<Readonly<Record<Role, readonly string[]>>>;

/** When a file is reached from roots of several roles, the first of these wins (shared code runs in production). */
const REACH_PRIORITY: readonly Role[] = ['server', 'browser', 'script'];

const JSX_FILE = /\.[jt]sx$/;

type Matcher = (path: string) => boolean;
const matcher = (globs: readonly string[]): Matcher => (globs.length ? picomatch([...globs], { dot: true }) : () => false);

interface Context {
  readonly catalog: RolesCatalog;
  readonly packages: readonly PackageInfo[];
  readonly rootTail: string;
  readonly overrides: readonly { role: Role; globs: readonly string[]; matches: Matcher }[];
  readonly paths: readonly { role: Role; globs: readonly string[]; matches: Matcher }[];
  readonly frameworks: readonly { convention: RolesCatalog['frameworks'][number]; matches: Matcher; dependsOn: Matcher }[];
  readonly serverEntry: Matcher;
  readonly entries: ReadonlyMap<string, EntryPoint>;
  /** Files a registry in the repository distributes for copying into other apps, with the file that lists them. */
  readonly copiedIn: ReadonlyMap<string, string>;
}

function packageRelative(packages: readonly PackageInfo[], rootTail: string, file: string): { path: string; dependencies: readonly string[] } {
  const pkg = nearest(packages, file, rootTail);
  const dependencies = packages.filter((p) => isWithin(p.dir, file, rootTail)).flatMap((p) => p.dependencies);
  return { path: (pkg ? pathWithin(rootTail, pkg.dir, file) : undefined) ?? file, dependencies };
}

/** Root-relative paths of the files registry items distribute, each with the registry file that lists it (paths are relative to its package). */
function copiedInSources(files: readonly FileModelFacts[], manifests: ProjectManifests): Map<string, string> {
  const sources = new Map<string, string>();
  for (const facts of files) {
    if (!facts.copiedInFiles) continue;
    const pkg = nearest(manifests.packages, facts.path, manifests.rootTail);
    const base = pkg ? facts.path.slice(0, facts.path.length - (pathWithin(manifests.rootTail, pkg.dir, facts.path) ?? facts.path).length) : '';
    for (const listed of facts.copiedInFiles) if (!sources.has(base + listed)) sources.set(base + listed, facts.path);
  }
  return sources;
}

/** The role a file's own evidence decides, before reachability; undefined when only the module graph can tell. */
function directRole(facts: FileModelFacts, context: Context): FileRole | undefined {
  const file = facts.path;
  const override = context.overrides.find((o) => o.matches(file));
  if (override) return { role: override.role, evidence: { kind: 'config', detail: `config roles.${override.role}` } };
  if (facts.signals.generatedMarker) return { role: 'generated', evidence: { kind: 'generated-marker', detail: `header comment "${facts.signals.generatedMarker}"` } };
  if (facts.signals.vendoredMarker) return { role: 'vendored', evidence: { kind: 'vendored-marker', detail: `header comment "${facts.signals.vendoredMarker}"` } };
  const { path, dependencies } = packageRelative(context.packages, context.rootTail, file);
  const registry = context.copiedIn.get(file);
  if (registry) return { role: 'example', evidence: { kind: 'copied-in-item', detail: `a registry item in ${registry} distributes it for copying into other apps` } };
  const byPath = pathConvention(context, [path, file], (role) => role !== 'script');
  if (byPath) return { role: byPath.role, evidence: { kind: 'path', detail: `path matches ${byPath.glob}` } };
  const directive = context.catalog.directives.find((d) => d.directive === facts.signals.directive);
  if (directive) return { role: directive.role, evidence: { kind: 'directive', detail: `'${directive.directive}' directive` } };
  const framework = context.frameworks.find((f) => f.matches(path) && dependencies.some((d) => f.dependsOn(d)));
  if (framework) {
    const serverExport = framework.convention.role === 'browser' ? facts.module.exports.find((e) => framework.convention.serverExports?.includes(e.exported)) : undefined;
    const role = serverExport ? 'server' : framework.convention.role;
    return { role, evidence: { kind: 'framework', detail: `${framework.convention.framework} ${serverExport ? `${path} exports ${serverExport.exported}` : `convention for ${path}`}` } };
  }
  const library = uiLibrary(context, file);
  if (library) return { role: 'browser', evidence: { kind: 'ui-library', detail: `${library.name} is a ${library.peer} component library (required peer dependency): its code runs in the host app` } };
  const entry = context.entries.get(file);
  if (entry?.kind === 'production') return { role: 'server', evidence: entry.evidence };
  if (facts.signals.browserApis.length === 0 && !scriptPath(path, context, file) && context.serverEntry(path)) return { role: 'server', evidence: { kind: 'conventional-entry', detail: `conventional entry file ${path}` } };
  return undefined;
}

/** The file's package, when it is a component library: it requires a UI framework as a peer (its host app provides it). */
function uiLibrary(context: Context, file: string): { name: string; peer: string } | undefined {
  const pkg = nearest(context.packages, file, context.rootTail);
  const peer = pkg?.requiredPeers?.find((p) => context.catalog.uiLibraryPeers.includes(p));
  return pkg && peer ? { name: pkg.name ?? pkg.dir, peer } : undefined;
}

/** Path conventions match the path inside the file's package or inside the audited root (a package under examples/ is an example). */
function pathConvention(context: Context, paths: readonly string[], wanted: (role: Role) => boolean): { role: Role; glob: string } | undefined {
  for (const convention of context.paths) {
    if (!wanted(convention.role)) continue;
    const path = paths.find((p) => convention.matches(p));
    if (path !== undefined) return { role: convention.role, glob: convention.globs.find((g) => picomatch.isMatch(path, g, { dot: true })) ?? (convention.globs[0] as string) };
  }
  return undefined;
}

function scriptPath(path: string, context: Context, file = path): string | undefined {
  return pathConvention(context, [path, file], (role) => role === 'script')?.glob;
}

/**
 * Evidence that yields to reachability from server code: a tooling path or npm script (`tools/` of an
 * agent may hold its production tools; a `scripts/` file a server imports is production code), and
 * browser-only APIs (shared code that a server file reaches stays server).
 */
function weakRole(facts: FileModelFacts, context: Context): FileRole | undefined {
  const entry = context.entries.get(facts.path);
  if (entry?.kind === 'script') return { role: 'script', evidence: entry.evidence };
  const glob = scriptPath(packageRelative(context.packages, context.rootTail, facts.path).path, context, facts.path);
  if (glob) return { role: 'script', evidence: { kind: 'path', detail: `path matches ${glob}` } };
  return facts.signals.browserApis.length > 0 ? { role: 'browser', evidence: { kind: 'browser-api', detail: `uses ${facts.signals.browserApis.join(', ')}` } } : undefined;
}

/** Files reached from `roots` without entering a file whose own evidence decided its role; the first path found is the evidence. */
function reach(roots: readonly string[], graph: ModuleGraph, decided: ReadonlyMap<string, FileRole>): Map<string, { from: string; via: string }> {
  const reached = new Map<string, { from: string; via: string }>();
  const queue: { file: string; from: string }[] = roots.map((file) => ({ file, from: file }));
  for (let i = 0; i < queue.length; i++) {
    const { file, from } = queue[i] as { file: string; from: string };
    for (const edge of graph.edges[file] ?? []) {
      if (decided.has(edge.to) || reached.has(edge.to)) continue;
      reached.set(edge.to, { from, via: file });
      queue.push({ file: edge.to, from });
    }
  }
  return reached;
}

/**
 * A role for every file, a pure function of the files' facts, the module graph and the manifests:
 * first the file's own evidence (config, markers, paths, directives, framework conventions, entry
 * points, browser APIs), then reachability from decided server, browser and script files; a file
 * nothing decides is assumed to run in production.
 */
export function assignRoles(files: readonly FileModelFacts[], graph: ModuleGraph, manifests: ProjectManifests, catalog: RolesCatalog, overrides: RoleOverrides = {}): Map<string, FileRole> {
  const entries = new Map<string, EntryPoint>();
  // Package entries first: a file both published and run by a script is production code.
  for (const entry of [...packageEntries(manifests.packages, graph), ...npmScriptEntries(manifests.packages, graph, catalog)]) {
    const known = entries.get(entry.file);
    if (!known || (known.kind === 'script' && entry.kind === 'production')) entries.set(entry.file, entry);
  }
  const context: Context = {
    catalog,
    packages: manifests.packages,
    rootTail: manifests.rootTail,
    overrides: Object.entries(overrides).map(([role, globs]) => ({ role: role as Role, globs: globs ?? [], matches: matcher(globs ?? []) })),
    paths: catalog.paths.map((p) => ({ ...p, matches: matcher(p.globs) })),
    frameworks: catalog.frameworks.map((convention) => ({ convention, matches: matcher(convention.globs), dependsOn: matcher(convention.dependencies) })),
    serverEntry: matcher(catalog.serverEntryFiles),
    entries,
    copiedIn: copiedInSources(files, manifests),
  };
  const roles = new Map<string, FileRole>();
  for (const facts of files) {
    const role = directRole(facts, context);
    if (role) roles.set(facts.path, role);
  }
  // A file nothing imports and nothing decides starts something we could not name (a CLI's main, a
  // worker started by a framework): it counts as a production root, so tooling that also imports the
  // code it reaches does not make that code tooling. A JSX file is a component, not a start: one that
  // nothing imports is unused, and what it imports is decided by the files that are used.
  const weak = new Map(files.flatMap((facts) => {
    const role = roles.has(facts.path) ? undefined : weakRole(facts, context);
    return role ? [[facts.path, role] as const] : [];
  }));
  for (const facts of files) {
    if (!roles.has(facts.path) && !weak.has(facts.path) && !JSX_FILE.test(facts.path) && graph.importersOf(facts.path).length === 0) {
      // A file that runs its own main() and exits, which no package entry, npm script or import starts, is run by hand.
      if (facts.signals.standaloneProgram) roles.set(facts.path, { role: 'script', evidence: { kind: 'standalone-program', detail: 'runs its own main() and calls process.exit; no package entry, npm script or import starts it' } });
      else roles.set(facts.path, { role: 'server', evidence: { kind: 'default', detail: 'no file imports it and no convention decides; assumed a production entry point' } });
    }
  }
  const decided = new Map(roles);
  const hasProductionRoot = [...decided.values(), ...weak.values()].some((r) => r.role === 'server' || r.role === 'browser');
  for (const role of REACH_PRIORITY) {
    if (role === 'browser') {
      // After the server's reach: files with weak evidence it did not reach take that role, and are roots.
      for (const [file, fileRole] of weak) {
        if (roles.has(file)) continue;
        roles.set(file, fileRole);
        decided.set(file, fileRole);
      }
    }
    const roots = [...decided].filter(([, r]) => r.role === role).map(([file]) => file);
    for (const [file, { from, via }] of reach(roots, graph, decided)) {
      if (roles.has(file)) continue;
      // Reached only from tooling, in a project whose production entries we could not find: say nothing.
      if (role === 'script' && !hasProductionRoot) continue;
      roles.set(file, { role, evidence: { kind: 'reachable', detail: via === from ? `imported by ${from} (${decided.get(from)?.role})` : `imported by ${via}, reached from ${from} (${decided.get(from)?.role})` } });
    }
  }
  for (const facts of files) {
    if (!roles.has(facts.path)) roles.set(facts.path, { role: 'server', evidence: { kind: 'default', detail: 'no entry point, convention or import decides; assumed to run in production' } });
  }
  // A developer's command-line tool is tooling, whatever reaches its files (its own bin does).
  const tools = developerCliPackages(files, manifests.packages, catalog, manifests.rootTail);
  if (tools.size > 0) {
    for (const facts of files) {
      const role = roles.get(facts.path);
      const pkg = role?.role === 'server' && role.evidence.kind !== 'config' ? nearest(manifests.packages, facts.path, manifests.rootTail) : undefined;
      const tool = pkg ? tools.get(pkg) : undefined;
      if (tool) roles.set(facts.path, tool);
    }
  }
  return roles;
}
