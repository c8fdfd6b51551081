import { contains, isFunctionLike, ts } from '../ast.js';

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** A catch handler that does not throw again (`.catch(() => {})`, `.catch(log)`). */
function swallows(handler: ts.Expression | undefined): boolean {
  if (!handler) return false;
  if (!isFunctionLike(handler)) return true;
  const body = handler.body;
  if (!body) return true;
  let rethrows = false;
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node)) rethrows = true;
    else if (!isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(body);
  return !rethrows;
}

/** `probe().then(use).catch(() => {})` as a statement: nobody waits on it and its failure is dropped. */
export function detachedChain(call: ts.CallExpression): boolean {
  let node: ts.Expression = call;
  let caught = false;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && CHAIN_METHODS.has(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      if (parent.name.text === 'catch') caught = swallows(parent.parent.arguments[0]);
      node = parent.parent;
      continue;
    }
    break;
  }
  const holder = node.parent;
  return caught && (ts.isExpressionStatement(holder) || (ts.isVoidExpression(holder) && ts.isExpressionStatement(holder.parent)));
}

/** Inside a `try` of the same function whose `catch` does not throw again: a failure stops there. */
function caughtInFunction(call: ts.CallExpression): boolean {
  for (let current: ts.Node = call; current.parent && !isFunctionLike(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && contains(parent.tryBlock, call) && parent.catchClause && !parent.catchClause.block.statements.some(ts.isThrowStatement)) return true;
  }
  return false;
}

/**
 * The caller does not depend on this call succeeding: its failure is caught and dropped on the spot
 * (a best-effort probe whose result only feeds a default, a detached `.then().catch(() => {})`).
 */
export function failureDroppedAtCall(call: ts.CallExpression): boolean {
  return detachedChain(call) || caughtInFunction(call);
}
