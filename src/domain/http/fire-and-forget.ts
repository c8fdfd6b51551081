import { ts } from '../../model/ast.js';
import { isDroppedStatement, promiseChain } from '../../model/promise-chain.js';

const FAILURE_HANDLERS = new Set(['catch', 'finally']);

/**
 * `fetch(url).catch(log);` / `void notify(…);` as a statement: a deliberate notification nobody waits
 * on, whose result is dropped. Its hang or failure does not hold an agent step, so timeout and retry
 * are not judged at the call. A `.then(…)` that uses the response is a consumer, and a bare `fetch(url);`
 * with no failure handler is not marked as deliberate.
 */
export function isFireAndForget(call: ts.CallExpression): boolean {
  const { end, links } = promiseChain(call, FAILURE_HANDLERS);
  const { dropped, voided } = isDroppedStatement(end);
  return dropped && (voided || links.some((link) => link.method === 'catch'));
}
