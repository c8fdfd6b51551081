import { isFunctionLike, ts } from '../../../src/model/ast.js';
import { exitsOnSuccess } from '../../../src/domain/http/retry.js';

/** Where a call's failure (a rejection or a throw) is first handled in the code around it. */
export type FailureHandler =
  | { readonly kind: 'try'; readonly statement: ts.TryStatement; readonly clause: ts.CatchClause }
  | { readonly kind: 'promise'; readonly handler: ts.Expression; readonly handlerCall: ts.CallExpression };

/** `.catch(h)` or `.then(ok, h)` called on `receiver`: the rejection handler, if there is one. */
function rejectionHandlerOn(receiver: ts.Node): { handler: ts.Expression; call: ts.CallExpression } | undefined {
  const access = receiver.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== receiver) return undefined;
  const call = access.parent;
  if (!call || !ts.isCallExpression(call) || call.expression !== access) return undefined;
  const handler = access.name.text === 'catch' ? call.arguments[0] : access.name.text === 'then' ? call.arguments[1] : undefined;
  return handler ? { handler, call } : undefined;
}

/** A callback handed to another call (`urls.map(async (u) => …)`, `Promise.all`, `withSpan(() => …)`). */
function isCallbackArgument(fn: ts.Node): boolean {
  const parent = fn.parent;
  return !!parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && !!parent.arguments?.includes(fn as ts.Expression);
}

/**
 * The handler that receives `call`'s failure: a `.catch`/`.then(_, h)` on its promise chain, or the
 * innermost try whose block awaits it. A try only sees a rejection that is awaited inside it: `return
 * fetch()` without await, or a promise handed to `forEach`, escapes it. Failures may travel out of
 * callbacks that await or return the call when the callback is itself awaited (`await Promise.all(xs.map(…))`).
 */
export function failureHandlerOf(call: ts.CallExpression): FailureHandler | undefined {
  let settled = false;
  let returned = false;
  let node: ts.Node = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    // Once awaited, the failure is a throw: a `.catch` further out handles another promise.
    const rejection = settled ? undefined : rejectionHandlerOn(node);
    if (rejection) return { kind: 'promise', handler: rejection.handler, handlerCall: rejection.call };
    if (ts.isAwaitExpression(parent)) settled = true;
    else if (ts.isForOfStatement(parent) && parent.awaitModifier && parent.expression === node) settled = true;
    else if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) returned = true;
    if (ts.isTryStatement(parent) && node === parent.tryBlock && parent.catchClause) {
      return settled ? { kind: 'try', statement: parent, clause: parent.catchClause } : undefined;
    }
    if (isFunctionLike(parent)) {
      if (!(settled || returned) || !isCallbackArgument(parent)) return undefined;
      settled = false;
      returned = false;
    }
  }
  return undefined;
}

/** A try inside a loop whose block leaves on success: one attempt of a retry or failover loop (`for (const provider of providers)`). */
export function isLoopAttempt(tryStatement: ts.TryStatement): boolean {
  for (let current = tryStatement.parent; current && !isFunctionLike(current); current = current.parent) {
    if (ts.isIterationStatement(current, false)) return exitsOnSuccess(tryStatement);
  }
  return false;
}
