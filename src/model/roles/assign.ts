import picomatch from 'picomatch';
import { pathWithin, type PackageInfo, type ProjectManifests } from '../graph/manifests.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import { consumedPackages, isReExportOnly } from './guessed-roots.js';
import { reachByImportedNames } from './reach.js';
import { webClientPackages, type WebClient } from './web-client.js';
import { holdingEntries, nearest } from '../graph/resolve.js';
import { nestedAppCopies } from './nested-app-copies.js';
import { developerCliPackages, commandLineToolBins } from './developer-cli.js';
import { scriptFolders } from './script-folders.js';
import { handRunPrograms } from './hand-run-programs.js';
import { toolingPackages } from './tooling-packages.js';
import { npmScriptEntries, packageEntries, type EntryPoint } from './entries.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, Role, RolesCatalog } from './types.js';
import { globsMatcher, type Matcher } from './glob-matcher.js';
import { decidesBeforeReachability } from './own-evidence-roles.js';

/** User overrides: role → globs relative to the audit root (config `roles`). */
export type RoleOverrides = Partial<Readonly<Record<Role, readonly string[]>>>;

const JSX_FILE = /\.[jt]sx$/;

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
  /** `main`/`exports` files of packages other audited packages import: their importers decide first. */
  readonly sharedLibraryEntries: ReadonlySet<string>;
  readonly webClients: ReadonlyMap<string, WebClient>;
}

function packageRelative(packages: readonly PackageInfo[], rootTail: string, file: string): { path: string; dependencies: readonly string[] } {
  // Asked up to three times per file (direct role, script path, script folder): answered once.
  let byFile = packageRelatives.get(packages);
  if (!byFile || byFile.rootTail !== rootTail) packageRelatives.set(packages, (byFile = { rootTail, answers: new Map() }));
  let answer = byFile.answers.get(file);
  if (!answer) {
    const pkg = nearest(packages, file, rootTail);
    const dependencies = holdingEntries(packages, file, rootTail).flatMap((p) => p.dependencies);
    answer = { path: (pkg ? pathWithin(rootTail, pkg.dir, file) : undefined) ?? file, dependencies };
    byFile.answers.set(file, answer);
  }
  return answer;
}

const packageRelatives = new WeakMap<readonly PackageInfo[], { rootTail: string; answers: Map<string, { path: string; dependencies: readonly string[] }> }>();

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
  const byPath = pathConvention(context, [path, file], decidesBeforeReachability);
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
  const client = webClientOf(context, file, path);
  if (client) return { role: 'browser', evidence: { kind: 'web-client', detail: `${client.name} is a web client (${client.renderer}, built by ${client.bundler}, nothing server-side): its code runs in the browser` } };
  // A Web Worker runs in the page that starts it, whatever its name or package entry says.
  if (facts.signals.webWorker) return { role: 'browser', evidence: { kind: 'web-worker', detail: `runs as a browser Web Worker (${facts.signals.webWorker})` } };
  if (context.sharedLibraryEntries.has(file)) return undefined;
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

/** The web client package a file belongs to, unless its path says it is the package's tooling (a build script, a config). */
function webClientOf(context: Context, file: string, path: string): WebClient | undefined {
  const pkg = nearest(context.packages, file, context.rootTail);
  return pkg && !scriptPath(path, context, file) ? context.webClients.get(pkg.dir) : undefined;
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

/** One entry per file: package entries first (a file both published and run by a script is production code). */
function entryPoints(files: readonly FileModelFacts[], manifests: ProjectManifests, graph: ModuleGraph, catalog: RolesCatalog): Map<string, EntryPoint> {
  const entries = new Map<string, EntryPoint>();
  const toolBins = commandLineToolBins(files, manifests.packages, catalog, manifests.rootTail);
  for (const entry of [...packageEntries(manifests.packages, graph, toolBins), ...npmScriptEntries(manifests.packages, graph, catalog)]) {
    const known = entries.get(entry.file);
    if (!known || (known.kind === 'script' && entry.kind === 'production')) entries.set(entry.file, entry);
    // Published and also started (a bin, a start script): a production root whoever imports it.
    else if (known.library !== undefined && entry.kind === 'production' && entry.library === undefined) entries.set(entry.file, { file: known.file, kind: known.kind, evidence: known.evidence });
  }
  return entries;
}

/**
 * A role for every file, a pure function of the files' facts, the module graph and the manifests:
 * first the file's own evidence (config, markers, paths, directives, framework conventions, entry
 * points, browser APIs), then reachability from decided server, browser and script files (reachRoles);
 * a file nothing decides is assumed to run in production.
 */
export function assignRoles(files: readonly FileModelFacts[], graph: ModuleGraph, manifests: ProjectManifests, catalog: RolesCatalog, overrides: RoleOverrides = {}): Map<string, FileRole> {
  const entries = entryPoints(files, manifests, graph, catalog);
  const consumed = consumedPackages(manifests.packages, manifests.rootTail, graph);
  const context: Context = {
    catalog,
    packages: manifests.packages,
    rootTail: manifests.rootTail,
    overrides: Object.entries(overrides).map(([role, globs]) => ({ role: role as Role, globs: globs ?? [], matches: globsMatcher(globs ?? []) })),
    paths: catalog.paths.map((p) => ({ ...p, matches: globsMatcher(p.globs) })),
    frameworks: catalog.frameworks.map((convention) => ({ convention, matches: globsMatcher(convention.globs), dependsOn: globsMatcher(convention.dependencies) })),
    serverEntry: globsMatcher(catalog.serverEntryFiles),
    entries,
    copiedIn: copiedInSources(files, manifests),
    webClients: webClientPackages(manifests.packages, catalog.webClients),
    sharedLibraryEntries: new Set([...entries.values()].filter((e) => e.library !== undefined && consumed.has(e.library)).map((e) => e.file)),
  };
  const roles = new Map<string, FileRole>();
  for (const facts of files) {
    const role = directRole(facts, context);
    if (role) roles.set(facts.path, role);
  }
  const relative = (file: string) => packageRelative(context.packages, context.rootTail, file);
  const packageOf = (file: string) => nearest(context.packages, file, context.rootTail);
  for (const [file, role] of nestedAppCopies(files, context.frameworks, roles, relative, packageOf)) roles.set(file, role);
  const guessed = guessedProductionRoots(context, roles);
  const weak = new Map(files.flatMap((facts) => {
    const role = roles.has(facts.path) || guessed.has(facts.path) ? undefined : weakRole(facts, context);
    return role ? [[facts.path, role] as const] : [];
  }));
  const programs = handRunPrograms(files, graph);
  const scriptFolderOf = scriptFolders(files, entries, programs);
  const inScriptFolder = (file: string): string | undefined => scriptFolderOf(file, packageRelative(context.packages, context.rootTail, file).path)?.scripts[0];
  // A package that starts no product: what nothing else decides in it is its tooling.
  const tooling = toolingPackages(entries, roles, manifests.packages, manifests.rootTail);
  const toolingRole = (file: string): FileRole | undefined => {
    const script = tooling.get(nearest(manifests.packages, file, manifests.rootTail) as PackageInfo);
    return script ? { role: 'script', evidence: { kind: 'npm-script', detail: `its package starts no product; it runs its files only as tooling (${script})` } } : undefined;
  };
  for (const [file, role] of unimportedFileRoles(files, graph, (file) => roles.has(file) || weak.has(file) || guessed.has(file), inScriptFolder, programs)) {
    const settled = role.role === 'server' ? toolingRole(file) : role;
    if (settled) roles.set(file, settled);
    else guessed.set(file, role);
  }
  reachRoles(files, graph, roles, weak, guessed);
  for (const facts of files) {
    if (roles.has(facts.path)) continue;
    const asTooling = toolingRole(facts.path);
    if (asTooling) {
      roles.set(facts.path, asTooling);
      continue;
    }
    const detail = isReExportOnly(facts) && graph.importersOf(facts.path).length === 0 ? 'only re-exports other modules and no file imports it; assumed to run in production' : 'no entry point, convention or import decides; assumed to run in production';
    roles.set(facts.path, { role: 'server', evidence: { kind: 'default', detail } });
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

/**
 * Entries of workspace libraries that another audited package imports: production roots we assume,
 * which reach only what their importers left undecided (a client's data layer published in a shared
 * package's `exports` is the client's browser code, not server code).
 */
function guessedProductionRoots(context: Context, roles: ReadonlyMap<string, FileRole>): Map<string, FileRole> {
  const guessed = new Map<string, FileRole>();
  for (const file of context.sharedLibraryEntries) {
    const entry = context.entries.get(file);
    if (entry && !roles.has(file)) guessed.set(file, { role: 'server', evidence: entry.evidence });
  }
  return guessed;
}

/**
 * Roles of files nothing imports and nothing decided. Such a file starts something we could not name
 * (a CLI's main, a worker started by a framework): it is assumed a production root, so tooling that also
 * imports the code it reaches does not make that code tooling. Not so a JSX file (a component nothing
 * renders is unused, and what it imports is decided by the files that are used), nor an index that only
 * re-exports (it starts nothing); a program run by hand (hand-run-programs.ts) is a script, and so is a
 * file in a folder of hand-run programs (script-folders.ts).
 */
function unimportedFileRoles(files: readonly FileModelFacts[], graph: ModuleGraph, known: (file: string) => boolean, inScriptFolder: (file: string) => string | undefined, programs: ReadonlyMap<string, string>): Map<string, FileRole> {
  const found = new Map<string, FileRole>();
  for (const facts of files) {
    if (known(facts.path) || JSX_FILE.test(facts.path) || graph.importersOf(facts.path).length > 0 || isReExportOnly(facts)) continue;
    const program = programs.get(facts.path);
    const sibling = program ? undefined : inScriptFolder(facts.path);
    if (program) found.set(facts.path, { role: 'script', evidence: { kind: 'standalone-program', detail: `${program}; no package entry, npm script or import starts it` } });
    else if (sibling) found.set(facts.path, { role: 'script', evidence: { kind: 'script-folder', detail: `no file imports it, and most files run directly in its folder are scripts (${sibling}, ...)` } });
    else found.set(facts.path, { role: 'server', evidence: { kind: 'default', detail: 'no file imports it and no convention decides; assumed a production entry point' } });
  }
  return found;
}

/**
 * Gives files their reachers' roles, strongest evidence first: server roots, then browser roots (with the
 * files whose weak evidence the server did not overrule), then the production roots we only assume, then
 * tooling. A file keeps the first role that reaches it; files that decided their own role stop the walk.
 */
function reachRoles(files: readonly FileModelFacts[], graph: ModuleGraph, roles: Map<string, FileRole>, weak: ReadonlyMap<string, FileRole>, guessed: ReadonlyMap<string, FileRole>): void {
  const modules = new Map(files.map((f) => [f.path, f.module]));
  const decided = new Map(roles);
  const hasProductionRoot = [...decided.values(), ...weak.values(), ...guessed.values()].some((r) => r.role === 'server' || r.role === 'browser');
  const adopt = (from: ReadonlyMap<string, FileRole>): string[] => {
    const adopted = [...from].filter(([file]) => !roles.has(file));
    for (const [file, role] of adopted) {
      roles.set(file, role);
      decided.set(file, role);
    }
    return adopted.map(([file]) => file);
  };
  const rootsOf = (role: Role): string[] => [...decided].filter(([, r]) => r.role === role).map(([file]) => file);
  const passes: { role: Role; roots: () => string[] }[] = [
    { role: 'server', roots: () => rootsOf('server') },
    // Weak evidence the server's reach did not overrule decides; those files are roots too.
    { role: 'browser', roots: () => (adopt(weak), rootsOf('browser')) },
    { role: 'server', roots: () => adopt(guessed) },
    { role: 'script', roots: () => rootsOf('script') },
  ];
  for (const pass of passes) {
    const roots = pass.roots();
    for (const [file, { from, via }] of reachByImportedNames(roots, graph, modules, decided)) {
      if (roles.has(file)) continue;
      // Reached only from tooling, in a project whose production entries we could not find: say nothing.
      if (pass.role === 'script' && !hasProductionRoot) continue;
      const role = decided.get(from)?.role;
      roles.set(file, { role: pass.role, evidence: { kind: 'reachable', detail: via === from ? `imported by ${from} (${role})` : `imported by ${via}, reached from ${from} (${role})` } });
    }
  }
}
