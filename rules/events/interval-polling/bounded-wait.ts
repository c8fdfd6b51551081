import { compactText, enclosingFunction, isFunctionLike, isRelational, leavesBlock, loopCondition, someDescendant, throwsOutsideNestedFunctions, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

const CLOCK_READS = new Set(['now']);
const ABORT_CHECKS = new Set(['aborted', 'throwIfAborted']);

/** `Date.now()`, `performance.now()`, `new Date()`, `signal.aborted`, `signal.throwIfAborted()`. */
function readsClockOrAbort(node: ts.Node): boolean {
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') return true;
  if (ts.isPropertyAccessExpression(node)) {
    if (ABORT_CHECKS.has(node.name.text)) return true;
    return CLOCK_READS.has(node.name.text) && ts.isIdentifier(node.expression) && (node.expression.text === 'Date' || node.expression.text === 'performance');
  }
  return false;
}

/** A `for (…; i < limit; …)` loop, or a `while`/`do` whose condition compares: attempts or a deadline. */
function conditionIsALimit(loop: ts.IterationStatement): boolean {
  const condition = loopCondition(loop);
  if (!condition) return false;
  return isRelational(condition) || someDescendant(condition, isRelational);
}

/** The region, and the bodies of same-file helpers it calls (a `checkDeadline()` next to the loop). */
function regionOrHelpers(region: ts.Node, facts: FileFacts, test: (node: ts.Node) => boolean): boolean {
  return someDescendant(region, (node) => {
    if (test(node)) return true;
    if (!ts.isCallExpression(node)) return false;
    const helper = facts.localFunction(unwrap(node.expression));
    return !!helper?.body && someDescendant(helper.body, test);
  });
}

/** A `return` of the loop's own function inside the loop: the wait ends with a result. */
function returnsFromLoop(loop: ts.IterationStatement): boolean {
  const visit = (node: ts.Node): boolean => {
    if (isFunctionLike(node)) return false;
    if (ts.isReturnStatement(node) && node.expression !== undefined) return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(loop.statement);
}

/**
 * A bounded wait: the loop's own condition is a limit (`attempt < 30`, `Date.now() < deadline`,
 * `used < budget`), or it returns the result once the job is done and gives up at a deadline or when
 * aborted (`do { const job = await getJob(id); if (job.done) return job; checkDeadline(); await
 * sleep(ms) } while (true)`), or it waits for one job to end either way: it returns the result once the
 * job is done and throws once it failed (`if (job.status === 'completed') return job; if (job.status ===
 * 'failed') throw …`), or its own condition waits for the job and a round leaves at a deadline or on
 * abort (`while (run.status === 'queued') { if (Date.now() - started > timeoutMs) throw …; … }`). It runs
 * per request or per task and ends with its job; it is not a standing poll
 * of a dependency, so it is not the polling tax. Pauses between pages or agent steps are bounded the same way.
 */
export function isBoundedWait(loop: ts.IterationStatement, facts: FileFacts): boolean {
  if (conditionIsALimit(loop)) return true;
  // A `throw` in the loop's own body (not in a callback): a failed job ends the wait too.
  if (returnsFromLoop(loop) && (throwsOutsideNestedFunctions(loop.statement) || regionOrHelpers(loop, facts, readsClockOrAbort))) return true;
  // `while (run.status === 'queued') { if (Date.now() - started > timeoutMs) throw …; … }`: the condition ends it with the job.
  return conditionTracksJob(loop) && givesUpAtDeadline(loop);
}

/**
 * `while (run.status === 'queued') { … run = await retrieve(…) }`: the condition reads a value the round
 * assigns again (the job's state), not a flag something else flips (`while (this.running)`).
 */
function conditionTracksJob(loop: ts.IterationStatement): boolean {
  const condition = loopCondition(loop);
  if (!condition || unwrap(condition).kind === ts.SyntaxKind.TrueKeyword) return false;
  const read = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) read.add(node.text);
    else if (ts.isPropertyAccessExpression(node)) collect(node.expression);
    else ts.forEachChild(node, collect);
  };
  collect(condition);
  return someDescendant(loop.statement, (node) => ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && read.has(node.left.text));
}

/** `if (Date.now() - started > timeoutMs) throw …`, `if (signal.aborted) break;`: the round leaves at a deadline or on abort. */
function givesUpAtDeadline(loop: ts.IterationStatement): boolean {
  const owner = enclosingFunction(loop);
  return someDescendant(loop.statement, (node) => ts.isIfStatement(node) && enclosingFunction(node) === owner && (readsClockOrAbort(node.expression) || someDescendant(node.expression, readsClockOrAbort)) && leavesBlock(node.thenStatement));
}

/** The text of what a timer's handle is stored in: `const handle = setInterval(…)`, `this.timer = setInterval(…)`. */
function handleOf(call: ts.CallExpression, facts: FileFacts): string | undefined {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) return compactText(parent.left, facts.sourceFile);
  return undefined;
}

const INCREMENTS = new Set([ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken]);

/** Names the tick counts with: `attempts++`, `--left`, `tries += 1`. */
function countersIn(tick: ts.Node, facts: FileFacts): Set<string> {
  const counters = new Set<string>();
  const text = (n: ts.Node) => compactText(n, facts.sourceFile);
  someDescendant(tick, (node) => {
    if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) counters.add(text(node.operand));
    else if (ts.isBinaryExpression(node) && INCREMENTS.has(node.operatorToken.kind)) counters.add(text(node.left));
    return false;
  });
  return counters;
}

/** `if (Date.now() - start > maxWait) clearInterval(handle)`, `if (++attempts >= max) …`: the clear sits under a deadline or attempt limit. */
function clearedAtLimit(clear: ts.CallExpression, tick: ts.Node, counters: ReadonlySet<string>, facts: FileFacts): boolean {
  const isLimit = (n: ts.Node): boolean =>
    isRelational(n) && [n.left, n.right].some((side) => readsClockOrAbort(side) || someDescendant(side, readsClockOrAbort) || counters.has(compactText(side, facts.sourceFile)) || someDescendant(side, (d) => counters.has(compactText(d, facts.sourceFile))));
  for (let current: ts.Node = clear; current !== tick; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current && (isLimit(parent.expression) || someDescendant(parent.expression, isLimit))) return true;
  }
  return false;
}

/**
 * A bounded wait built on setInterval: the tick clears its own timer (the job reached a terminal
 * state) and gives up at a cap: a clear under a deadline read from the clock or an attempt counter
 * (`attempts >= max`), or an abort check. Like a bounded loop, it waits for one job and ends.
 */
export function isBoundedIntervalWait(call: ts.CallExpression, tick: ts.Node, facts: FileFacts): boolean {
  const handle = handleOf(call, facts);
  if (!handle) return false;
  const clears: ts.CallExpression[] = [];
  someDescendant(tick, (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'clearInterval' && (node.arguments[0] && compactText(node.arguments[0], facts.sourceFile)) === handle) clears.push(node);
    return false;
  });
  if (clears.length === 0) return false;
  const abortChecked = someDescendant(tick, (n) => ts.isPropertyAccessExpression(n) && ABORT_CHECKS.has(n.name.text));
  const counters = countersIn(tick, facts);
  return abortChecked || clears.some((clear) => clearedAtLimit(clear, tick, counters, facts));
}
