import { isFunctionLike, someDescendant, ts, unwrap } from '../../../src/model/ast.js';
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
  const condition = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
  if (!condition) return false;
  const compares = (n: ts.Node): boolean => ts.isBinaryExpression(n) && [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(n.operatorToken.kind);
  return compares(condition) || someDescendant(condition, compares);
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
 * sleep(ms) } while (true)`). It runs per request or per task and ends; it is not a standing poll of a
 * dependency, so it is not the polling tax. Pauses between pages or agent steps are bounded the same way.
 */
export function isBoundedWait(loop: ts.IterationStatement, facts: FileFacts): boolean {
  if (conditionIsALimit(loop)) return true;
  return returnsFromLoop(loop) && regionOrHelpers(loop, facts, readsClockOrAbort);
}
