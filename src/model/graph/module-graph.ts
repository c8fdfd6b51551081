import type { ProjectManifests } from './manifests.js';
import type { ImportFact, ImportKind, ModuleFacts, ReExportFact } from './module-facts.js';
import { createModuleResolver, type ModuleResolver } from './resolve.js';

/** A runtime link from one audited file to another. */
export interface ModuleEdge {
  readonly to: string;
  readonly specifier: string;
  readonly kind: ImportKind | 're-export';
}

/** Where an exported name is defined, after following re-exports. */
export interface ExportOrigin {
  readonly file: string;
  /** The name in the defining file (its local declaration when known, else the export name). */
  readonly name: string;
}

export interface ModuleGraph {
  /** Outgoing runtime edges per file (type-only imports left out), in source order. */
  readonly edges: Readonly<Record<string, readonly ModuleEdge[]>>;
  /** Specifiers that did not resolve to an audited file (packages, node builtins, unaudited files). */
  readonly external: Readonly<Record<string, readonly string[]>>;
  resolve: ModuleResolver;
  /** A target written in a package.json to the audited source file it is built from. */
  resolvePackageTarget(pkg: { readonly dir: string }, target: string): string | undefined;
  importersOf(file: string): readonly string[];
  /** Follows `export *` and `export { a as b } from` to the file that defines `name`. */
  resolveExport(file: string, name: string): ExportOrigin | undefined;
  /** The file and export an imported local name comes from (`import { a as b } from './x'` → x's a). */
  resolveImport(file: string, local: string): ExportOrigin | undefined;
  /** The local a property of an exported object literal names (`export default { list }` → list), in the file that exports it. */
  exportMember(origin: ExportOrigin, member: string): ExportOrigin | undefined;
}

/** A pure function of every file's module facts plus the manifests. */
export function buildModuleGraph(facts: ReadonlyMap<string, ModuleFacts>, manifests: ProjectManifests): ModuleGraph {
  const { resolve, packageTarget } = createModuleResolver(new Set(facts.keys()), manifests);
  const edges: Record<string, ModuleEdge[]> = {};
  const external: Record<string, string[]> = {};
  const importers = new Map<string, string[]>();
  for (const [file, module] of facts) {
    const out: ModuleEdge[] = [];
    const outside = new Set<string>();
    const links = [
      ...module.imports.filter((i) => !i.typeOnly).map((i) => ({ specifier: i.specifier, kind: i.kind as ModuleEdge['kind'] })),
      ...module.reExports.map((r) => ({ specifier: r.specifier, kind: 're-export' as const })),
    ];
    for (const { specifier, kind } of links) {
      const to = resolve(file, specifier);
      if (to === undefined) outside.add(specifier);
      else if (to !== file && !out.some((e) => e.to === to && e.kind === kind)) {
        out.push({ to, specifier, kind });
        const list = importers.get(to);
        if (list) list.push(file);
        else importers.set(to, [file]);
      }
    }
    edges[file] = out;
    external[file] = [...outside];
  }

  const resolveExport = (file: string, name: string, seen: Set<string> = new Set()): ExportOrigin | undefined => {
    const key = `${file}\0${name}`;
    const module = facts.get(file);
    if (!module || seen.has(key)) return undefined;
    seen.add(key);
    const own = module.exports.find((e) => e.exported === name);
    if (own) {
      // `export { x }` of an imported x is a re-export written in two statements.
      const through = own.local ? resolveImportIn(file, own.local, seen) : undefined;
      return through ?? { file, name: own.local ?? name };
    }
    for (const reExport of module.reExports) {
      const target = resolve(file, reExport.specifier);
      if (target === undefined) continue;
      if (!reExport.names) {
        if (name === 'default') continue;
        const found = resolveExport(target, name, seen);
        if (found) return found;
      } else {
        const named = reExport.names.find((n) => n.exported === name);
        if (named) return named.imported === '*' ? { file: target, name: '*' } : resolveExport(target, named.imported, seen) ?? { file: target, name: named.imported };
      }
    }
    return undefined;
  };

  const resolveImportIn = (file: string, local: string, seen: Set<string>): ExportOrigin | undefined => {
    for (const fact of facts.get(file)?.imports ?? []) {
      const binding = fact.bindings.find((b) => b.local === local);
      if (!binding) continue;
      const target = resolve(file, fact.specifier);
      if (target === undefined) return undefined;
      return binding.imported === '*' ? { file: target, name: '*' } : resolveExport(target, binding.imported, seen) ?? { file: target, name: binding.imported };
    }
    return undefined;
  };

  /** The function summaries ask once per call through an imported name: each answer is kept. */
  const imported = new Map<string, ExportOrigin | undefined>();
  return {
    edges,
    external,
    resolve,
    resolvePackageTarget: packageTarget,
    importersOf: (file) => importers.get(file) ?? [],
    resolveExport: (file, name) => resolveExport(file, name),
    exportMember: (origin, member) => {
      // The origin names the export's local when it has one (`export default service` → service).
      const local = facts.get(origin.file)?.exports.find((e) => (e.local ?? e.exported) === origin.name && e.members)?.members?.find((m) => m.name === member)?.local;
      return local === undefined ? undefined : { file: origin.file, name: local };
    },
    resolveImport: (file, local) => {
      const key = `${file}\0${local}`;
      if (imported.has(key)) return imported.get(key);
      const origin = resolveImportIn(file, local, new Set());
      imported.set(key, origin);
      return origin;
    },
  };
}

/** How `importer` (whose module facts are `module`) links to `file`: its value imports of it (type-only ones left out) and its re-exports of it. */
export function linksTo(graph: ModuleGraph, importer: string, module: ModuleFacts, file: string): { imports: ImportFact[]; reExports: ReExportFact[] } {
  return {
    imports: module.imports.filter((fact) => !fact.typeOnly && graph.resolve(importer, fact.specifier) === file),
    reExports: module.reExports.filter((reExport) => graph.resolve(importer, reExport.specifier) === file),
  };
}

/** The names a value import takes, or undefined when it takes the whole module (a namespace, or no value binding: `import './x'`). */
export function takenNames(fact: ImportFact): string[] | undefined {
  const values = fact.bindings.filter((b) => !b.typeOnly);
  return values.length === 0 || values.some((b) => b.imported === '*') ? undefined : values.map((b) => b.imported);
}
