import type { ModuleFacts } from '../graph/module-facts.js';
import type { ModuleGraph } from '../graph/module-graph.js';

/** The exported names an importer needs from a module; `all` when it may use any of them. */
type Names = ReadonlySet<string> | 'all';

/** How a file was reached: the root it was reached from and the file that imported it. */
export interface ReachedFrom {
  readonly from: string;
  readonly via: string;
}

/**
 * The modules `file` loads, each with the names it needs from it. Its own imports are all followed (its
 * top-level code may use any of them); its re-exports only when they pass on a name that is wanted,
 * so `import { formatDate } from './utils'` through a barrel reaches the file that defines formatDate,
 * not every module the barrel re-exports.
 */
function links(file: string, module: ModuleFacts, wanted: Names, graph: ModuleGraph): { to: string; names: Names }[] {
  const out: { to: string; names: Names }[] = [];
  // `import * as api from './api'; export { api }`: a binding the file only passes on is a re-export.
  // Only in an index without exports of its own: elsewhere the file's code may use what it passes on.
  const importedLocals = new Set(module.imports.flatMap((i) => i.bindings.map((b) => b.local)));
  const passesOnly = module.exports.every((e) => e.local !== undefined && importedLocals.has(e.local));
  const exportedAs = new Map<string, string[]>();
  for (const e of passesOnly ? module.exports : []) exportedAs.set(e.local as string, [...(exportedAs.get(e.local as string) ?? []), e.exported]);
  for (const fact of module.imports) {
    if (fact.typeOnly) continue;
    const to = graph.resolve(file, fact.specifier);
    if (to === undefined || to === file) continue;
    let values = fact.bindings.filter((b) => !b.typeOnly);
    if (fact.bindings.length > 0 && values.length === 0) continue;
    if (wanted !== 'all' && values.length > 0 && values.every((b) => exportedAs.has(b.local))) {
      values = values.filter((b) => exportedAs.get(b.local)?.some((name) => wanted.has(name)));
      if (values.length === 0) continue;
    }
    const whole = values.length === 0 || fact.kind === 'dynamic' || values.some((b) => b.imported === '*');
    out.push({ to, names: whole ? 'all' : new Set(values.map((b) => b.imported)) });
  }
  const own = new Set(module.exports.map((e) => e.exported));
  const starred = module.reExports.filter((r) => !r.names).map((r) => graph.resolve(file, r.specifier)).filter((to): to is string => to !== undefined && to !== file);
  // `export *` passes on every name but default and the file's own, each to the module that has it (to all when none is known to).
  const starNames = wanted === 'all' ? undefined : [...wanted].filter((n) => n !== 'default' && !own.has(n));
  const providers = new Map(starNames?.map((n) => [n, starred.filter((to) => graph.resolveExport(to, n) !== undefined)]));
  for (const reExport of module.reExports) {
    const to = graph.resolve(file, reExport.specifier);
    if (to === undefined || to === file) continue;
    if (!reExport.names) {
      const passed = starNames === undefined ? 'all' : new Set(starNames.filter((n) => { const known = providers.get(n) ?? []; return known.length === 0 || known.includes(to); }));
      if (passed === 'all' || passed.size > 0) out.push({ to, names: passed });
      continue;
    }
    const passed = reExport.names.filter((n) => wanted === 'all' || wanted.has(n.exported));
    if (passed.length > 0) out.push({ to, names: passed.some((n) => n.imported === '*') ? 'all' : new Set(passed.map((n) => n.imported)) });
  }
  return out;
}

/** The names of `incoming` not explored yet, or undefined when there are none. */
function unexplored(explored: Names | undefined, incoming: Names): Names | undefined {
  if (explored === 'all') return undefined;
  if (incoming === 'all' || explored === undefined) return incoming;
  const fresh = new Set([...incoming].filter((n) => !explored.has(n)));
  return fresh.size > 0 ? fresh : undefined;
}

/**
 * Files reached from `roots` without entering a `stop` file (one whose own evidence decided its role; the
 * roots are among them),
 * following only what each import needs through re-exports; the first path found is the evidence. A
 * file reached again for names not yet followed is followed again for those.
 */
export function reachByImportedNames(roots: readonly string[], graph: ModuleGraph, modules: ReadonlyMap<string, ModuleFacts>, stop: ReadonlyMap<string, unknown>): Map<string, ReachedFrom> {
  const reached = new Map<string, ReachedFrom>();
  const explored = new Map<string, Names>();
  const queue: { file: string; from: string; names: Names }[] = roots.map((file) => ({ file, from: file, names: 'all' }));
  for (let i = 0; i < queue.length; i++) {
    const { file, from, names } = queue[i] as (typeof queue)[number];
    const module = modules.get(file);
    if (!module) continue;
    for (const link of links(file, module, names, graph)) {
      if (stop.has(link.to)) continue;
      const known = explored.get(link.to);
      const fresh = unexplored(known, link.names);
      if (!fresh) continue;
      explored.set(link.to, fresh === 'all' || known === undefined ? fresh : new Set([...(known as ReadonlySet<string>), ...fresh]));
      if (!reached.has(link.to)) reached.set(link.to, { from, via: file });
      queue.push({ file: link.to, from, names: fresh });
    }
  }
  return reached;
}
