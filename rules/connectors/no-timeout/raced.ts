import { calleeLastName, enclosingFunction, inPlaceInvocation, someDescendant, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

const TIMER_NAME = /time(?:out|r)|delay|sleep|deadline/i;

function isSetTimeoutCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && calleeLastName(node.expression) === 'setTimeout';
}

/** `timeout(5000)`, `sleep(ms).then(() => { throw … })`, `new Promise((_, reject) => setTimeout(reject, ms))`. */
function isTimer(expr: ts.Expression, facts: FileFacts, depth = 0): boolean {
  const node = unwrap(expr);
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === 'Promise' && someDescendant(node, isSetTimeoutCall);
  if (ts.isCallExpression(node)) {
    const name = calleeLastName(node.expression);
    if (name === 'then' || name === 'catch') return ts.isPropertyAccessExpression(node.expression) && isTimer(node.expression.expression, facts, depth);
    return name !== undefined && TIMER_NAME.test(name);
  }
  if (ts.isIdentifier(node) && depth < 2) {
    const decl = facts.resolve(node.text, node);
    return decl?.kind === 'variable' && !!decl.init && decl.init.path.length === 0 && isTimer(decl.init.expression, facts, depth + 1);
  }
  return false;
}

/** The outermost expression that still is the request's promise: through its own chain (`fetch(url).then(r => r.json())`). */
function promiseOf(call: ts.CallExpression): ts.Node {
  let node: ts.Node = call;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent) || (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) || (ts.isCallExpression(node.parent) && node.parent.expression === node))) {
    node = node.parent;
  }
  return node;
}

/** `await Promise.race([fetch(url), timeout(5000)])`. */
function inRaceWithTimer(node: ts.Node, facts: FileFacts): boolean {
  const list = node.parent;
  if (!list || !ts.isArrayLiteralExpression(list)) return false;
  const race = list.parent;
  if (!race || !ts.isCallExpression(race) || !race.arguments.includes(list)) return false;
  const callee = race.expression;
  const isRace = ts.isPropertyAccessExpression(callee) && callee.name.text === 'race' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
  return isRace && list.elements.some((element) => element !== node && isTimer(element, facts));
}

const DEADLINE_WRAPPER = /timeout|deadline/i;

/** `withTimeout(fetch(url))`, `pTimeout(promise, { milliseconds })`: the promise handed to a helper named for a deadline. */
function handedToDeadline(node: ts.Node): boolean {
  const wrapper = node.parent;
  return !!wrapper && ts.isCallExpression(wrapper) && wrapper.arguments.includes(node as ts.Expression) && calleeLastName(wrapper.expression) !== 'setTimeout' && DEADLINE_WRAPPER.test(calleeLastName(wrapper.expression) ?? '');
}

/**
 * The wait is bounded by a timer even though the request itself carries no signal: raced against one
 * (`await Promise.race([fetch(url), timeout(5000)])`), or handed to a deadline helper (`withTimeout(fetch(url))`),
 * also inside an async function invoked in place for it (`withTimeout((async () => { … })())`).
 */
export function isRacedAgainstTimer(call: ts.CallExpression, facts: FileFacts): boolean {
  const node = promiseOf(call);
  if (inRaceWithTimer(node, facts) || handedToDeadline(node)) return true;
  // `(async () => { … await fetch(url) … })()`: the async function the request is written in, invoked in place.
  const fn = enclosingFunction(call);
  const task = fn && inPlaceInvocation(fn);
  return task !== undefined && handedToDeadline(promiseOf(task));
}
