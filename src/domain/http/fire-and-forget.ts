import { ts } from '../../model/ast.js';

const FAILURE_HANDLERS = new Set(['catch', 'finally']);

/**
 * `fetch(url).catch(log);` / `void notify(…);` as a statement: a deliberate notification nobody waits
 * on, whose result is dropped. Its hang or failure does not hold an agent step, so timeout and retry
 * are not judged at the call. A `.then(…)` that uses the response is a consumer, and a bare `fetch(url);`
 * with no failure handler is not marked as deliberate.
 */
export function isFireAndForget(call: ts.CallExpression): boolean {
  let node: ts.Expression = call;
  let handled = false;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && FAILURE_HANDLERS.has(parent.name.text)) {
      const handler = parent.parent;
      if (!ts.isCallExpression(handler) || handler.expression !== parent) return false;
      handled ||= parent.name.text === 'catch';
      node = handler;
      continue;
    }
    break;
  }
  const holder = node.parent;
  if (ts.isVoidExpression(holder)) return ts.isExpressionStatement(holder.parent);
  return handled && ts.isExpressionStatement(holder);
}
