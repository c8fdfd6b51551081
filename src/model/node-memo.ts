import type { ts } from './ast.js';
import type { FileFacts } from './file-facts.js';

/**
 * A pure question about a node of a file, answered once per node while that file is analysed. Traces
 * pass the same calls again and again (every function of a bundle is traced), and each answer resolves
 * origins and matches the catalog. Files are analysed one at a time per thread, so only the current
 * file's answers are kept: a WeakMap per file held every finished file's answers (and, through them,
 * its syntax tree) until a full garbage collection, which raised peak memory.
 */
export function memoPerNode<N extends ts.Node, T>(answer: (node: N, facts: FileFacts) => T): (node: N, facts: FileFacts) => T {
  let file: FileFacts | undefined;
  let known = new Map<N, T>();
  return (node, facts) => {
    if (facts !== file) {
      file = facts;
      known = new Map();
    }
    if (known.has(node)) return known.get(node) as T;
    const value = answer(node, facts);
    known.set(node, value);
    return value;
  };
}
