import type { ModuleGraph } from '../graph/module-graph.js';
import type { CalleeRef } from './function-facts.js';
import { calleeRefKey } from './callee-refs.js';

/** A function id (`file#key`), a real function of the project: not `unknown` nor `none`. */
export const isFunctionId = (target: string): boolean => target !== 'unknown' && target !== 'none';

/**
 * Resolves a call's callee to a function's id, `unknown` (a callee nobody can see into), or `none` (a
 * call the summaries do not follow). Every call of a file to the same callee, and every round of the
 * fixed point, asks again: each is resolved once, and the same id string is handed back, which the
 * summaries' maps then hash once.
 */
export function createCalleeTargets(graph: ModuleGraph, nodes: ReadonlySet<string> | ReadonlyMap<string, unknown>): (file: string, callee: CalleeRef) => string {
  const resolveTarget = (file: string, callee: CalleeRef): string => {
    // A key of this file the summaries have no facts for is a callee nobody can see into, never a crash.
    if (callee.kind === 'local') return nodes.has(`${file}#${callee.key}`) ? `${file}#${callee.key}` : 'unknown';
    const origin = graph.resolveImport(file, callee.local);
    // A method on an instance of a package's class (`pool.query`) was never a call the summaries followed.
    if (!origin) return callee.kind === 'import' && callee.instance ? 'none' : 'unknown';
    if (callee.instance) {
      // A method of an imported class: `Class.method` in the file that defines the class.
      const id = origin.name === '*' ? undefined : `${origin.file}#${origin.name}.${callee.member}`;
      return id && nodes.has(id) ? id : 'none';
    }
    // `api.post(…)` on an exported client instance: the facts of its request methods (client-exports.ts).
    if (callee.member && origin.name !== '*' && nodes.has(`${origin.file}#${origin.name}.${callee.member}`)) return `${origin.file}#${origin.name}.${callee.member}`;
    // A deeper path (`openai.chat.completions.create`) is followed only to such facts, as it was never a call before.
    if (callee.member?.includes('.')) return 'none';
    // `service.list()` on a default export written as an object literal of the file's functions (`export default { list }`).
    const member = callee.member === undefined ? undefined : graph.exportMember(origin, callee.member);
    if (member && nodes.has(`${member.file}#${member.name}`)) return `${member.file}#${member.name}`;
    const resolved = origin.name === '*' ? (callee.member ? graph.resolveExport(origin.file, callee.member) ?? { file: origin.file, name: callee.member } : undefined) : callee.member ? undefined : origin;
    if (!resolved) return 'unknown';
    const id = `${resolved.file}#${resolved.name}`;
    return nodes.has(id) ? id : 'unknown';
  };
  const targets = new Map<string, Map<string, string>>();
  return (file, callee) => {
    let byRef = targets.get(file);
    if (!byRef) targets.set(file, (byRef = new Map()));
    const key = calleeRefKey(callee);
    let to = byRef.get(key);
    if (to === undefined) byRef.set(key, (to = resolveTarget(file, callee)));
    return to;
  };
}
