import { isFunctionLike, throwsOutsideNestedFunctions, ts } from '../../model/ast.js';
import { handedToBackground, isDroppedStatement, promiseChain } from '../../model/promise-chain.js';

const FAILURE_HANDLERS = new Set(['catch', 'finally']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * `fetch(url).catch(log);` / `void notify(…);` as a statement: a deliberate notification nobody waits
 * on, whose result is dropped, or work handed to the platform's `waitUntil`. Its hang or failure does
 * not hold an agent step, so timeout and retry are not judged at the call. A `.then(…)` that uses the
 * response is a consumer, and a bare `fetch(url);` with no failure handler is not marked as deliberate.
 */
export function isFireAndForget(call: ts.CallExpression): boolean {
  const { end, links } = promiseChain(call, FAILURE_HANDLERS);
  const { dropped, voided } = isDroppedStatement(end);
  return (dropped && (voided || links.some((link) => link.method === 'catch'))) || handedToBackground(end);
}

/** `Promise.reject(e)`, `this.reject(e)`: hands back a rejection. */
const isRejectCall = (node: ts.Node): boolean => ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'reject';

/** An inline handler that neither throws again nor hands back a rejection (`() => {}`, `(e) => log(e)`). */
function endsTheFailure(handler: ts.Expression | undefined): boolean {
  if (!handler || !isFunctionLike(handler) || !handler.body) return false;
  return !throwsOutsideNestedFunctions(handler.body, isRejectCall);
}

/**
 * `await fetch(url).catch(() => {})`, `fetch(url).then(use).catch(() => fallback)`: the last link of the
 * call's promise chain (before any `.finally`) is a `.catch` whose inline handler ends the failure there, the promise form of a
 * `try { … } catch { log(e) }` that does not rethrow. A handler passed by name may throw again, so it
 * does not count.
 */
export function failureCaughtInChain(call: ts.CallExpression): boolean {
  const { links } = promiseChain(call, CHAIN_METHODS);
  const last = links.filter((link) => link.method !== 'finally').pop();
  return last?.method === 'catch' && endsTheFailure(last.call.arguments[0]);
}
