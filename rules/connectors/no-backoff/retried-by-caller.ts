import { contains, enclosingFunction, isFunctionLike, someDescendant, ts, type FunctionLike } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';

/**
 * The caller's catch clause runs the call again: it calls the same function once more
 * (`catch (e) { if (!transient(e)) throw e; return await attempt(); }`), or re-runs a function the try
 * sits in, which schedules the whole step again (`catch { this.reconnect(); }` inside `reconnect()`,
 * after its delay).
 */
function retriedFromCatch(call: ts.CallExpression, callee: FunctionLike, file: FileFacts): boolean {
  for (let node: ts.Node = call; node.parent && !isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (!ts.isTryStatement(parent) || parent.tryBlock !== node) continue;
    const handler = parent.catchClause;
    if (!handler) return false;
    return someDescendant(handler.block, (inner) => {
      if (!ts.isCallExpression(inner)) return false;
      const target = file.localFunction(inner.expression);
      return !!target && (target === callee || contains(target, parent));
    });
  }
  return false;
}

/**
 * The function around the call is tried again from a caller's catch clause in this file (a function,
 * a const or a method called as `this.name()`): a deliberate retry (once, on the failures the author
 * chose, or by scheduling the caller again), so the call is not unretried.
 */
export function retriedFromCallersCatch(site: CallSite, file: FileFacts): boolean {
  const fn = enclosingFunction(site.node);
  return !!fn && file.callersOf(fn).some((call) => retriedFromCatch(call, fn, file));
}
