import type { ts } from './ast.js';
import type { FileFacts } from './file-facts.js';

/**
 * A pure question about a node of a file, answered once per node and file. Traces pass the same calls
 * again and again (every function of a bundle is traced), and each answer resolves origins and
 * matches the catalog. Kept per file, so the answers go with the file's facts.
 */
export function memoPerNode<N extends ts.Node, T>(answer: (node: N, facts: FileFacts) => T): (node: N, facts: FileFacts) => T {
  const byFile = new WeakMap<FileFacts, Map<N, T>>();
  return (node, facts) => {
    let known = byFile.get(facts);
    if (!known) byFile.set(facts, (known = new Map()));
    if (known.has(node)) return known.get(node) as T;
    const value = answer(node, facts);
    known.set(node, value);
    return value;
  };
}
