import { calleeLastName, callTakingArgument, contains, isFunctionLike, ts, withParentheses } from './ast.js';

/**
 * `call.then(use).catch(log)`: the outermost expression of the chain a call starts through these
 * methods (parentheses included), and the method calls on the way, innermost first.
 */
export function promiseChain(call: ts.Expression, methods: ReadonlySet<string>): { readonly end: ts.Expression; readonly links: readonly { readonly method: string; readonly call: ts.CallExpression }[] } {
  let node: ts.Expression = call;
  const links: { method: string; call: ts.CallExpression }[] = [];
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && methods.has(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      links.push({ method: parent.name.text, call: parent.parent });
      node = parent.parent;
      continue;
    }
    return { end: node, links };
  }
}

/** `chain;` or `void chain;`: a statement whose value nobody takes. */
export function isDroppedStatement(end: ts.Expression): { readonly dropped: boolean; readonly voided: boolean } {
  const holder = end.parent;
  if (ts.isVoidExpression(holder)) return { dropped: ts.isExpressionStatement(holder.parent), voided: true };
  return { dropped: ts.isExpressionStatement(holder), voided: false };
}

/**
 * Hands work to the platform to finish after the response (`ctx.waitUntil(p)`, `event.waitUntil(p)`,
 * `waitUntil(p)` from @vercel/functions): it is kept alive, but nobody waits for its result.
 */
const BACKGROUND_HANDOFFS: ReadonlySet<string> = new Set(['waitUntil']);

/** Is the value an argument of a background hand-off (`waitUntil(value)`)? */
export function handedToBackground(value: ts.Expression): boolean {
  const call = callTakingArgument(value)?.call;
  return !!call && BACKGROUND_HANDOFFS.has(calleeLastName(call.expression) ?? '');
}

/** The `try` statements of the node's own function whose try block holds it, innermost first. */
export function tryStatementsAround(node: ts.Node): ts.TryStatement[] {
  const found: ts.TryStatement[] = [];
  for (let current: ts.Node = node; current.parent && !isFunctionLike(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && contains(parent.tryBlock, node)) found.push(parent);
  }
  return found;
}

const JOINS: ReadonlySet<string> = new Set(['all', 'allSettled']);

/**
 * `await Promise.all(items.map(async (item) => …))`: `call` maps each item to a promise, and the code
 * awaits them joined, so a callback's failure reaches that await (and a try around it) as if written there.
 */
export function awaitedThroughJoin(call: ts.CallExpression): boolean {
  if (calleeLastName(call.expression) !== 'map') return false;
  const join = callTakingArgument(call)?.call;
  if (!join || !JOINS.has(promiseCombinator(join) ?? '')) return false;
  return ts.isAwaitExpression(withParentheses(join).parent);
}

/** `all` of `Promise.all(…)`, `allSettled`, `race`…: the Promise combinator a call is, if it is one. */
export function promiseCombinator(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' ? callee.name.text : undefined;
}
