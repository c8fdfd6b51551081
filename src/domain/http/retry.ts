import { calleeLastName, calleeReceiverName, callTakingArgument, contains, enclosingFunction, isFunctionLike, isRelational, loopCondition, someDescendant, ts, writtenAt, type FunctionLike } from '../../model/ast.js';
import { evaluateNumber } from '../../model/constant-evaluation.js';
import type { FileFacts } from '../../model/file-facts.js';
import { memoPerNode } from '../../model/node-memo.js';
import { sleepsIn } from '../timers/timers.js';
import { importedHelperKey } from '../../model/cross-file-helpers.js';
import { destinationOf } from '../../model/value-flow.js';

export type RetryProblem = 'noDelay' | 'fixedDelay' | 'unbounded' | 'noJitter';

/** How an outbound call is retried, if at all. */
export type RetryCoverage =
  | { readonly kind: 'wrapper' }
  | { readonly kind: 'hand-written'; readonly problems: readonly RetryProblem[] }
  /** `importedHelpers`: helpers in other project files the call is handed to; they may retry it. */
  | { readonly kind: 'none'; readonly importedHelpers: readonly string[] };

const RETRY_HELPER_NAME = /retry|retries|backoff|withResilience|resilient/i;
const MAX_CALLER_DEPTH = 3;

/** A call that runs its function argument with retries: a catalog retry library or a helper named so. */
export function isRetryWrapperCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const origin = facts.originOf(call.expression);
  if (origin && origin.module !== 'globalThis' && facts.classifier.isRetryCall(origin)) return true;
  const name = calleeLastName(call.expression);
  if (name !== undefined && RETRY_HELPER_NAME.test(name)) return true;
  // `this.caller.call(fn)`: a retrying executor inherited from a framework base class (LangChain's AsyncCaller).
  return name !== undefined && facts.classifier.isRetryReceiver(calleeReceiverName(call.expression), name);
}

/** A function body that retries in a loop. */
export function retriesInLoop(body: ts.Node): boolean {
  return someDescendant(body, (node) => ts.isIterationStatement(node, false) && !ts.isForOfStatement(node) && !ts.isForInStatement(node) && isRetryLoop(node));
}

/**
 * A function that retries what it runs: in a loop of its own, or by handing what it was given to a retry
 * wrapper (`call(fn) { return pRetry(() => fn(), { retries: 6 }) }`, an executor class over a vendored p-retry).
 */
export function retriesItsWork(fn: FunctionLike, facts: FileFacts): boolean {
  if (!fn.body) return false;
  if (retriesInLoop(fn.body)) return true;
  const params = new Set(fn.parameters.flatMap((param) => (ts.isIdentifier(param.name) ? [param.name.text] : [])));
  const readsParameter = (node: ts.Node): boolean => someDescendant(node, (inner) => ts.isIdentifier(inner) && params.has(inner.text));
  return params.size > 0 && someDescendant(fn.body, (node) => ts.isCallExpression(node) && isRetryWrapperCall(node, facts) && node.arguments.some(readsParameter));
}

/** A same-file function that retries what it is given: `executeWithFallback({ run })`, `withBackoff(fn)`, `this.call(() => fetch(url))`. */
function isLocalRetryHelper(call: ts.CallExpression, facts: FileFacts): boolean {
  const helper = facts.localFunction(call.expression);
  return !!helper && retriesItsWork(helper, facts);
}

/** Project helpers from other files that the call's enclosing functions are handed to: `withPolicy(() => fetch(…))`. */
function importedReceivers(node: ts.Node, facts: FileFacts): string[] {
  const keys: string[] = [];
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const receiver = callTakingFunction(fn);
    const key = receiver ? importedHelperKey(receiver.expression, facts) : undefined;
    if (key) keys.push(key);
  }
  return keys;
}

/** The call `fn` is handed to: as an argument, or as a property of an options-object argument. */
function callTakingFunction(fn: FunctionLike): ts.CallExpression | undefined {
  // `run: __name(async () => …, "run")` in a bundle: the naming wrapper stands where the function was written.
  let node = writtenAt(fn);
  let parent = node.parent;
  if (parent && (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) && ts.isObjectLiteralExpression(parent.parent)) {
    node = parent.parent;
    parent = node.parent;
  }
  return parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) ? parent : undefined;
}

/** The class and name a member function is read by through `this`: a method, or a property holding an arrow. */
function classMember(fn: FunctionLike): { readonly name: string; readonly cls: ts.ClassLikeDeclaration } | undefined {
  const holder = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  return holder && ts.isClassLike(holder.parent) && ts.isIdentifier(holder.name) ? { name: holder.name.text, cls: holder.parent } : undefined;
}

/** `this.caller.call(this.embedOne.bind(this), text)`: its class hands the method itself to a retry wrapper. */
function methodPassedToRetryWrapper(fn: FunctionLike, facts: FileFacts): boolean {
  const member = classMember(fn);
  if (!member) return false;
  const { name, cls } = member;
  return someDescendant(cls, (node) => {
    if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== ts.SyntaxKind.ThisKeyword || node.name.text !== name) return false;
    const bind = node.parent;
    const bound = ts.isPropertyAccessExpression(bind) && bind.name.text === 'bind' && ts.isCallExpression(bind.parent) && bind.parent.expression === bind ? bind.parent : node;
    const call = bound.parent;
    return ts.isCallExpression(call) && call.arguments.includes(bound) && isRetryWrapperCall(call, facts);
  });
}

/** Asked of each function around a call to a project function, and of each method a class walk finds: answered once per function. */
const passedToRetryWrapper = memoPerNode(handedToRetryWrapper);

function handedToRetryWrapper(fn: FunctionLike, facts: FileFacts): boolean {
  const parent = fn.parent;
  const receiver = callTakingFunction(fn);
  if (receiver && (isRetryWrapperCall(receiver, facts) || isLocalRetryHelper(receiver, facts))) return true;
  if (methodPassedToRetryWrapper(fn, facts)) return true;
  const name = ts.isFunctionDeclaration(fn) ? fn.name : parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name : undefined;
  if (!name) return false;
  const decl = facts.resolve(name.text, name);
  return !!decl && facts.references(decl).some((ref) => {
    const destination = destinationOf(ref, facts);
    return destination.kind === 'argument' && ts.isCallExpression(destination.call) && isRetryWrapperCall(destination.call, facts);
  });
}

/** Is `node` run inside a retry wrapper, directly or through same-file callers? */
export function isInsideRetryWrapper(node: ts.Node, facts: FileFacts, depth = 0): boolean {
  if (depth > MAX_CALLER_DEPTH) return false;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (passedToRetryWrapper(fn, facts)) return true;
    if (facts.callersOf(fn).some((caller) => caller !== node && isInsideRetryWrapper(caller, facts, depth + 1))) return true;
  }
  return false;
}

/** The try statement whose try block holds the node, inside `boundary` and the node's own function. */
export function innermostTry(node: ts.Node, boundary: ts.Node): ts.TryStatement | undefined {
  for (let current = node.parent; current && current !== boundary; current = current.parent) {
    if (ts.isTryStatement(current) && current.tryBlock.pos <= node.pos && node.end <= current.tryBlock.end) return current;
    if (isFunctionLike(current)) return undefined;
  }
  return undefined;
}

/** The nearest loop around the node in its own function. */
export function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return undefined;
    if (ts.isIterationStatement(current, false)) return current;
  }
  return undefined;
}

const ATTEMPT_NAME = /attempt|retr|tries|tried/i;

function countsAttempts(loop: ts.IterationStatement): boolean {
  if (ts.isForStatement(loop)) return !!loop.initializer && ATTEMPT_NAME.test(loop.initializer.getText());
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return ATTEMPT_NAME.test(loop.expression.getText());
  return false;
}

/** The try block leaves the loop on success (return/break): the loop repeats only after a failure. */
export function exitsOnSuccess(tryStatement: ts.TryStatement): boolean {
  return someDescendant(tryStatement.tryBlock, (inner) => !isFunctionLike(inner) && (ts.isReturnStatement(inner) || ts.isBreakStatement(inner)));
}

/**
 * The loop a `break` leaves or a `continue` starts again is this one: no nearer loop, function or (for a
 * `break`) switch lies between. A labelled jump is taken to be this loop's.
 */
function jumpsTo(statement: ts.BreakStatement | ts.ContinueStatement, loop: ts.IterationStatement): boolean {
  if (statement.label) return true;
  const switchTakesIt = ts.isBreakStatement(statement);
  for (let current = statement.parent; current && current !== loop; current = current.parent) {
    if ((switchTakesIt && ts.isSwitchStatement(current)) || ts.isIterationStatement(current, false) || isFunctionLike(current)) return false;
  }
  return true;
}

/**
 * The try block leaves this loop on success: a return, or a break of the loop itself (a `break` that
 * ends a switch case, or an inner loop, leaves nothing).
 */
export function leavesLoopOnSuccess(tryStatement: ts.TryStatement, loop: ts.IterationStatement): boolean {
  const fn = enclosingFunction(tryStatement);
  return someDescendant(tryStatement.tryBlock, (inner) => (ts.isReturnStatement(inner) && enclosingFunction(inner) === fn) || (ts.isBreakStatement(inner) && jumpsTo(inner, loop)));
}

/** The catch ends with neither a return, a throw nor a break: the loop goes on to its next round. */
export function catchGoesOn(handler: ts.CatchClause): boolean {
  const last = handler.block.statements[handler.block.statements.length - 1];
  return !last || !(ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isBreakStatement(last));
}

/**
 * A catch that always rethrows does not retry: a throw among its statements, and no `continue` of the
 * loop on the way (`if (attempt < MAX) continue; throw error;` retries until the attempts run out).
 */
function alwaysRethrows(tryStatement: ts.TryStatement, loop: ts.IterationStatement): boolean {
  const handler = tryStatement.catchClause;
  if (!handler?.block.statements.some(ts.isThrowStatement)) return false;
  return !someDescendant(handler.block, (node) => ts.isContinueStatement(node) && jumpsTo(node, loop));
}

/**
 * A loop that retries the call: the call sits in a try inside the loop whose catch does not rethrow,
 * and the loop either counts attempts or leaves on success. A for-of over items or a pagination loop
 * with a try inside is not a retry.
 */
function retryLoopOf(call: ts.Node): ts.IterationStatement | undefined {
  const loop = enclosingLoop(call);
  if (!loop || ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return undefined;
  const tryStatement = innermostTry(call, loop);
  if (tryStatement && !alwaysRethrows(tryStatement, loop) && (countsAttempts(loop) || exitsOnSuccess(tryStatement))) return loop;
  if (!tryStatement && countsAttempts(loop)) return loop;
  return undefined;
}

/** `catch { …; return self(...) }`: the enclosing function retries itself from its catch clause. */
function recursiveRetryCatch(call: ts.Node, facts: FileFacts): ts.CatchClause | undefined {
  const fn = enclosingFunction(call);
  const tryStatement = fn ? innermostTry(call, fn) : undefined;
  const handler = tryStatement?.catchClause;
  if (!fn || !handler) return undefined;
  const retries = someDescendant(handler, (node) => ts.isCallExpression(node) && facts.localFunction(node.expression) === fn);
  return retries ? handler : undefined;
}

function mentionsRandom(node: ts.Node): boolean {
  return someDescendant(node, (child) => ts.isPropertyAccessExpression(child) && child.name.text === 'random' && ts.isIdentifier(child.expression) && child.expression.text === 'Math');
}

function isUnboundedLoop(loop: ts.IterationStatement): boolean {
  const condition = loopCondition(loop);
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  const literalTrue = !condition || condition.kind === ts.SyntaxKind.TrueKeyword;
  if (!literalTrue) return false;
  return !someDescendant(loop.statement, isRelational);
}

function delayProblems(scope: ts.Node, fn: FunctionLike | undefined, facts: FileFacts): RetryProblem[] {
  const sleeps = sleepsIn(scope, facts);
  if (sleeps.length === 0) return ['noDelay'];
  const delays = sleeps.map((s) => s.delay).filter((d): d is ts.Expression => d !== undefined);
  if (delays.length > 0 && delays.every((d) => evaluateNumber(d, facts) !== undefined)) return ['fixedDelay'];
  return mentionsRandom(fn ?? scope) ? [] : ['noJitter'];
}

/** How the call is retried: by a wrapper or SDK-independent helper, a hand-written loop or recursion, or not at all. */
export function retryCoverage(call: ts.CallExpression, facts: FileFacts): RetryCoverage {
  if (isInsideRetryWrapper(call, facts)) return { kind: 'wrapper' };
  const fn = enclosingFunction(call);
  const loop = retryLoopOf(call);
  if (loop) {
    const problems = delayProblems(loop.statement, fn, facts);
    if (isUnboundedLoop(loop)) problems.unshift('unbounded');
    return { kind: 'hand-written', problems };
  }
  const handler = recursiveRetryCatch(call, facts);
  if (handler) return { kind: 'hand-written', problems: delayProblems(handler.block, fn, facts) };
  return { kind: 'none', importedHelpers: importedReceivers(call, facts) };
}

/**
 * The caller runs the call again when it fails: the call sits in a try inside a loop whose catch goes on
 * (does not always rethrow), and the loop is a retry loop (counts attempts, or leaves on success, also
 * a fall-through over alternatives) or a repeating loop whose catch waits before the next round, for
 * the call the round starts with (a long poll backing off after an error); or the call is in a function
 * handed to a retry wrapper. Asked of calls to project functions, for the function summaries.
 */
export function retriedAtCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const fn = enclosingFunction(call);
  // `pRetry(() => getAccount(id), { retries: 4 })`: a retry wrapper runs the function the call is in, handed
  // to it as the work (not as a hook in its options, `onFailedAttempt`, which nothing retries).
  const wrapper = fn && callTakingArgument(writtenAt(fn))?.call;
  if (wrapper && isRetryWrapperCall(wrapper, facts)) return true;
  const tryStatement = fn ? innermostTry(call, fn) : undefined;
  const loop = tryStatement && enclosingLoop(tryStatement);
  if (!tryStatement?.catchClause || !loop || !catchGoesOn(tryStatement.catchClause)) return false;
  if (countsAttempts(loop) || leavesLoopOnSuccess(tryStatement, loop)) return true;
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop) || sleepsIn(tryStatement.catchClause.block, facts).length === 0) return false;
  // A round that failed later (handling what the first call brought) is not run again: only the call
  // each round starts with is asked again.
  return !someDescendant(tryStatement.tryBlock, (node) => ts.isCallExpression(node) && node !== call && node.getStart(facts.sourceFile) < call.getStart(facts.sourceFile) && !contains(call, node));
}

/** A loop that repeats a call until it succeeds (exits from its try block, or counts attempts): not polling. */
export function isRetryLoop(loop: ts.IterationStatement): boolean {
  return countsAttempts(loop) || someDescendant(loop.statement, (node) => ts.isTryStatement(node) && exitsOnSuccess(node));
}
