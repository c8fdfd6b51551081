import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { requestMethod } from '../../../src/domain/http/request-options.js';
import { hasAny, requestPurpose } from '../../../src/domain/http/request-purpose.js';
import { showsIdempotencyKey } from './generation-job.js';

/** What a write commits once per accepted request: money moved, an order or booking made, an action carried out. */
const COMMITS = new Set([
  'pay', 'payment', 'payments', 'charge', 'charges', 'checkout', 'purchase', 'purchases', 'order', 'orders',
  'booking', 'bookings', 'reserve', 'reservation', 'reservations', 'transfer', 'transfers', 'refund', 'refunds',
  'payout', 'payouts', 'withdraw', 'withdrawal', 'withdrawals', 'transaction', 'transactions',
  // Or tells the remote to carry out a step, a job or a workflow: run twice when the answer was lost.
  'execute', 'executes', 'execution', 'executions', 'trigger', 'triggers', 'dispatch', 'dispatches',
]);
/** Words of a write that only asks (a price quote, a search, a check): nothing is committed by it. */
const ASKS = new Set(['quote', 'quotes', 'estimate', 'estimates', 'preview', 'search', 'query', 'list', 'find', 'lookup', 'validate', 'verify', 'status', 'simulate']);

/**
 * A POST that places an order, books, pays, charges, refunds or transfers (`chargeCard`, `POST
 * /bookings`), with no idempotency key: a blind retry after a lost answer charges or books twice, so
 * the failure goes back to whoever asked. Not where a retry belongs (retriedWithoutIdempotencyKey
 * judges one that is retried).
 */
export function commitsTransaction(site: CallSite, file: FileFacts): boolean {
  if (site.entry.kind !== 'http' || requestMethod(site, file) !== 'POST' || showsIdempotencyKey(site, file)) return false;
  const { functionWords, urlWords } = requestPurpose(site);
  const words = [...functionWords, ...urlWords];
  return hasAny(words, COMMITS) && !hasAny(words, ASKS);
}
