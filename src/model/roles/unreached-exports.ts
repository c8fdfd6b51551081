import { linksTo, type ModuleGraph } from '../graph/module-graph.js';
import type { FileModelFacts } from './file-model-facts.js';
import type { FileRole, RoleEvidence } from './types.js';

/** Evidence that a file starts production code: the package's own account of what runs. */
const PRODUCTION_ENTRY: ReadonlySet<RoleEvidence['kind']> = new Set(['package-entry', 'npm-script', 'framework', 'conventional-entry']);

/** What an exported declaration is: a host may call a function by its export name, seldom a class. */
export type ExportedKind = 'function' | 'class';

/**
 * Does an exported declaration of an application run for nobody? Its file is reached from no entry point
 * (its role fell to the default) and no other audited file names it, and either
 * - the file is linked only by re-exports from code that runs (`export * from './cancel'` in an index whose
 *   importers take other names), so no import chain takes this name; or
 * - nothing imports the file at all, its package has entry points that start production code (so the
 *   file is no entry we failed to find), and the declaration is a class: a host that loads a file by
 *   convention (a serverless handler, a route) calls the functions it exports, it does not construct a
 *   class whose name appears nowhere else; or
 * - the file is reached only through imports (it is no entry a host loads by convention) and every
 *   importer takes names from it (`import { refresh } from './oauth'`, `const { refresh } = require(…)`),
 *   none the whole module: a name none of them writes is taken by none (a revoke helper nobody calls
 *   beside the refresh everybody does); or
 * - nothing imports the file, its package has entry points that start production code, and every other
 *   module of its folder (two or more) is imported: a folder of modules that are imported, not loaded by
 *   convention, where this one was left behind (a tool superseded by its successor), whatever it exports.
 * Tests are not audited by default, so a function only its unit test imports is such a declaration.
 * Whether the package is a published library (its exports are its API) is asked separately.
 */
export function createUnreachedExports(
  files: readonly FileModelFacts[],
  graph: ModuleGraph,
  roles: ReadonlyMap<string, FileRole>,
  usedElsewhere: (name: string, file: string) => boolean,
  packageOf: (file: string) => string | undefined,
): (file: string, name: string, kind: ExportedKind) => boolean {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const startedPackages = new Set<string | undefined>();
  for (const [file, role] of roles) if (role.role === 'server' && PRODUCTION_ENTRY.has(role.evidence.kind)) startedPackages.add(packageOf(file));
  const linkedOnlyByReExports = (file: string, importers: readonly string[]): boolean =>
    importers.every((importer) => {
      const role = roles.get(importer);
      if (!role || role.evidence.kind === 'default' || (role.role !== 'server' && role.role !== 'browser')) return false;
      return (graph.edges[importer] ?? []).every((edge) => edge.to !== file || edge.kind === 're-export');
    });
  const takenOnlyByName = (file: string, importers: readonly string[]): boolean =>
    importers.every((importer) => {
      const module = byPath.get(importer)?.module;
      if (!module) return false;
      const { imports, reExports } = linksTo(graph, importer, module, file);
      if (imports.length + reExports.length === 0) return false;
      return imports.every((i) => (i.kind === 'import' || i.kind === 'require') && i.bindings.length > 0 && i.bindings.every((b) => b.imported !== '*')) && reExports.every((r) => r.names !== undefined);
    });
  // Per folder: how many modules it holds and how many of them nothing imports.
  const folders = new Map<string, { modules: number; unimported: number }>();
  for (const f of files) {
    const folder = f.path.slice(0, f.path.lastIndexOf('/') + 1);
    const counts = folders.get(folder) ?? { modules: 0, unimported: 0 };
    counts.modules++;
    if (graph.importersOf(f.path).length === 0) counts.unimported++;
    folders.set(folder, counts);
  }
  /** Nothing imports the file, and it is the only module of its folder (of three or more) that nothing imports. */
  const leftBehind = (file: string): boolean => {
    const counts = folders.get(file.slice(0, file.lastIndexOf('/') + 1));
    return !!counts && counts.modules >= 3 && counts.unimported === 1 && graph.importersOf(file).length === 0 && startedPackages.has(packageOf(file));
  };
  return (file, name, kind) => {
    const role = roles.get(file);
    if (role?.role !== 'server' || (role.evidence.kind !== 'default' && role.evidence.kind !== 'reachable')) return false;
    const facts = byPath.get(file);
    if (!facts) return false;
    if (role.evidence.kind === 'default' && leftBehind(file) && !usedElsewhere(name, file)) return true;
    // `export default`, `module.exports = X`: whoever loads the file gets it without naming it.
    const exports = facts.module.exports.filter((e) => (e.local ?? e.exported) === name);
    if (exports.some((e) => e.exported === 'default')) return false;
    if ([name, ...exports.map((e) => e.exported)].some((n) => usedElsewhere(n, file))) return false;
    const importers = graph.importersOf(file);
    if (role.evidence.kind === 'reachable') return importers.length > 0 && takenOnlyByName(file, importers);
    return importers.length === 0 ? kind === 'class' && startedPackages.has(packageOf(file)) : linkedOnlyByReExports(file, importers);
  };
}
