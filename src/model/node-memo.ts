import type { ts } from './ast.js';
import type { FileFacts } from './file-facts.js';

const NO_ANSWER: unique symbol = Symbol('no answer');

/**
 * A pure question about a node of a file, answered once per node while that file is analysed. Traces
 * pass the same calls again and again (every function of a bundle is traced), and each answer resolves
 * origins and matches the catalog. Files are analysed one at a time per thread, so only the current
 * file's answers are kept: a WeakMap per file held every finished file's answers (and, through them,
 * its syntax tree) until a full garbage collection, which raised peak memory.
 */
export function memoPerNode<N extends ts.Node, T>(answer: (node: N, facts: FileFacts) => T): (node: N, facts: FileFacts) => T {
  let file: FileFacts | undefined;
  let known = new Map<N, T | typeof NO_ANSWER>();
  return (node, facts) => {
    if (facts !== file) {
      file = facts;
      known = new Map();
    }
    // One lookup per question: most answers are "none", kept as a marker so a hit needs no second `has`.
    const stored = known.get(node);
    if (stored !== undefined) return (stored === NO_ANSWER ? undefined : stored) as T;
    const value = answer(node, facts);
    known.set(node, value === undefined ? NO_ANSWER : value);
    return value;
  };
}
