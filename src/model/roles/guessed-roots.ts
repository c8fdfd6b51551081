import type { PackageInfo } from '../graph/manifests.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import { nearest } from '../graph/resolve.js';
import type { FileModelFacts } from './file-model-facts.js';

/**
 * Packages that audited files of another package import (a workspace's shared libraries), each with
 * one importer as evidence. Such a package runs where its consumers run: a client app's data layer is
 * browser code although the package publishes it in `exports`.
 */
export function consumedPackages(packages: readonly PackageInfo[], rootTail: string, graph: ModuleGraph): Map<string, string> {
  const packageOf = new Map<string, string | undefined>();
  const dirOf = (file: string): string | undefined => {
    if (!packageOf.has(file)) packageOf.set(file, nearest(packages, file, rootTail)?.dir);
    return packageOf.get(file);
  };
  const consumed = new Map<string, string>();
  for (const [file, edges] of Object.entries(graph.edges)) {
    const own = dirOf(file);
    for (const edge of edges) {
      const target = dirOf(edge.to);
      if (target !== undefined && target !== own && !consumed.has(target)) consumed.set(target, file);
    }
  }
  return consumed;
}

/**
 * A file that only passes on other modules' exports (`export * from './a'`, `export { default as B }
 * from './b'`): an index for importers, which starts nothing when nothing imports it.
 */
export function isReExportOnly(facts: FileModelFacts): boolean {
  const { module } = facts;
  if (module.reExports.length === 0 && module.exports.length === 0) return false;
  if ((facts.declarations ?? []).length > 0 || (facts.functions ?? []).length > 0) return false;
  const imported = new Set(module.imports.flatMap((i) => i.bindings.map((b) => b.local)));
  return module.exports.every((e) => imported.has(e.local ?? e.exported));
}
