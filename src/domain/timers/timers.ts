import { calleeLastName, isFunctionLike, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';

const SLEEP_NAMES = /^(sleep|delay|wait|pause|timeout|waitFor|waitMs|sleepMs)$/i;

function isGlobalTimer(call: ts.CallExpression, facts: FileFacts, name: 'setTimeout' | 'setInterval'): boolean {
  if (calleeLastName(call.expression) !== name) return false;
  const origin = facts.originOf(call.expression);
  if (!origin) return false;
  const last = origin.path[origin.path.length - 1];
  if (last !== name) return false;
  return origin.module === 'globalThis' || origin.module === 'timers' || origin.module === 'node:timers';
}

export function isSetInterval(call: ts.CallExpression, facts: FileFacts): boolean {
  return isGlobalTimer(call, facts, 'setInterval');
}

export function isSetTimeout(call: ts.CallExpression, facts: FileFacts): boolean {
  return isGlobalTimer(call, facts, 'setTimeout');
}

const setsTimeout = new WeakMap<FunctionLike, boolean>();
const pausesEveryCall = new WeakMap<FunctionLike, boolean>();

function bodyHasSetTimeout(fn: FunctionLike, facts: FileFacts): boolean {
  const cached = setsTimeout.get(fn);
  if (cached !== undefined) return cached;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isSetTimeout(node, facts)) found = true;
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  setsTimeout.set(fn, found);
  return found;
}

/** Does the node sit in a branch, a catch or a loop of the function (up to its body): run only on some calls? */
function conditionalIn(node: ts.Node, body: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.expression !== child) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== child) return true;
    if (ts.isCatchClause(parent) || ts.isIterationStatement(parent, false) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) return true;
    if (ts.isBinaryExpression(parent) && parent.right === child && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) return true;
  }
  return false;
}

/**
 * A helper of another name pauses each time it is called: a timer promise (`new Promise(r => setTimeout(r, ms))`)
 * or a sleep (`await sleep(ms)`) on its straight path. One that waits only in a branch (a retry helper
 * backing off after a 429) or arms a timer to abort a request (`setTimeout(() => controller.abort(), ms)`)
 * does not pace its caller's loop.
 */
function bodyPausesEveryCall(fn: FunctionLike, facts: FileFacts): boolean {
  const cached = pausesEveryCall.get(fn);
  if (cached !== undefined) return cached;
  let found = false;
  const body = fn.body;
  const visit = (node: ts.Node): void => {
    if (found) return;
    // Sleeps written in the helper itself, not other helpers it calls: no recursion through the file.
    if (body && (ts.isNewExpression(node) || ts.isCallExpression(node)) && sleepCall(node, facts, 'direct') && !conditionalIn(node, body)) {
      found = true;
      return;
    }
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  pausesEveryCall.set(fn, found);
  return found;
}

/**
 * How a same-file helper counts as a pause. `any`: its body sets a timeout (a retry loop's backoff helper,
 * whose first argument is the delay). `pacing`, asked of a loop's rounds: a helper named like a sleep as
 * in `any`, one of another name only when it waits on every call (its first argument is then no delay:
 * `pausedRead(url)`). `direct`: helpers are not followed.
 */
export type SleepHelpers = 'any' | 'pacing' | 'direct';

/**
 * A pause: `await new Promise(r => setTimeout(r, ms))`, a catalog sleep (timers/promises setTimeout,
 * delay), or a same-file helper whose body sets a timeout. Returns the delay argument when known.
 */
export function sleepCall(node: ts.Node, facts: FileFacts, helpers: SleepHelpers = 'any'): { delay: ts.Expression | undefined } | undefined {
  if (ts.isNewExpression(node)) {
    const executor = node.arguments?.[0];
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && callee.text === 'Promise' && executor && isFunctionLike(executor)) {
      let delay: ts.Expression | undefined;
      let isTimer = false;
      const visit = (child: ts.Node): void => {
        if (ts.isCallExpression(child) && isSetTimeout(child, facts)) {
          isTimer = true;
          delay = child.arguments[1];
        }
        ts.forEachChild(child, visit);
      };
      if (executor.body) visit(executor.body);
      return isTimer ? { delay } : undefined;
    }
    return undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const name = calleeLastName(node.expression);
  // Sleeps are called by a name (sleep, delay, setTimeout, a local helper); only such calls are resolved.
  if (name === undefined || !(SLEEP_NAMES.test(name) || name === 'setTimeout' || ts.isIdentifier(unwrap(node.expression)))) return undefined;
  const origin = facts.originOf(node.expression);
  if (origin && origin.module !== 'globalThis' && facts.classifier.isSleepCall(origin)) return { delay: node.arguments[0] };
  const local = helpers === 'direct' ? undefined : facts.localFunction(node.expression);
  if (local && helpers === 'pacing' && !SLEEP_NAMES.test(name)) return bodyPausesEveryCall(local, facts) ? { delay: undefined } : undefined;
  if (local) return bodyHasSetTimeout(local, facts) ? { delay: node.arguments[0] } : undefined;
  // A helper named like a sleep whose body is elsewhere (utils.sleep(1000), a bundler-wrapped const).
  if (SLEEP_NAMES.test(name) && origin?.module !== 'globalThis') return { delay: node.arguments[0] };
  return undefined;
}

/** Sleep calls directly in `root` (not in nested functions other than promise executors). */
export function sleepsIn(root: ts.Node, facts: FileFacts, helpers: SleepHelpers = 'any'): { node: ts.Node; delay: ts.Expression | undefined }[] {
  const found: { node: ts.Node; delay: ts.Expression | undefined }[] = [];
  const visit = (node: ts.Node): void => {
    const sleep = sleepCall(node, facts, helpers);
    if (sleep) {
      found.push({ node, delay: sleep.delay });
      return;
    }
    if (isFunctionLike(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}
