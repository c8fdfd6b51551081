import { enclosingFunction, receivingCall, someDescendant, ts, unwrap } from '../../../src/model/ast.js';
import { catchGoesOn, enclosingLoop, innermostTry } from '../../../src/domain/http/retry.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { isSetInterval, sleepsIn } from '../../../src/domain/timers/timers.js';
import { requestMethod } from '../../../src/domain/http/request-options.js';
import { hasAny, requestPurpose } from '../../../src/domain/http/request-purpose.js';

const POLL = new Set(['poll', 'polling']);
const STATUS = new Set(['status', 'progress', 'state']);
/** Verbs that ask whether something is done yet (`get` and `fetch` also read an account's status). */
const ASK = new Set(['query', 'check']);
/** Work that runs on after the request that started it: its status is asked for until it is done. */
const RUNNING_WORK = new Set(['task', 'job', 'generation', 'operation', 'prediction', 'run', 'batch', 'image', 'video', 'export']);

/**
 * The status query of a job a poll loop waits on (`queryClipStatus`, `pollTask`, `getJobProgress`):
 * whoever polls asks again at the next tick, so a failed query costs one tick, and the poller (with
 * its interval and attempt cap) is where the pacing belongs.
 */
export function queriesJobStatus(site: CallSite): boolean {
  const { functionWords } = requestPurpose(site);
  return hasAny(functionWords, POLL) || (hasAny(functionWords, STATUS) && (hasAny(functionWords, ASK) || hasAny(functionWords, RUNNING_WORK)));
}

/**
 * `while (status !== 'Ready') { await sleep(2000); const res = await get(statusUrl); … }` with a catch that
 * returns: a poll loop that repeats after a successful "not yet", never after a failure. It is no retry
 * loop to give backoff and jitter (polling rules judge its pace and its bound).
 */
export function insidePollLoop(site: CallSite, file: FileFacts): boolean {
  const loop = enclosingLoop(site.node);
  if (!loop || ts.isForOfStatement(loop) || ts.isForInStatement(loop) || sleepsIn(loop.statement, file).length === 0) return false;
  // Every path out of the catch leaves the loop: the failure ends the loop instead of asking again.
  const attempt = innermostTry(site.node, loop);
  return !!attempt?.catchClause && !catchGoesOn(attempt.catchClause) && !someDescendant(attempt.catchClause.block, (node) => ts.isContinueStatement(node));
}

const READS = new Set(['GET', 'HEAD']);

/**
 * `setInterval(async () => { const res = await fetch(statusUrl); … }, 60_000)`: a read in a timer's tick.
 * The next tick asks again, so a failed read costs one tick; a retry inside the tick only shortens the
 * interval. (A write, or a model call for a job the tick claimed, is not asked again and stays judged.)
 */
export function readInIntervalTick(site: CallSite, file: FileFacts): boolean {
  if (site.entry.kind !== 'http' || !READS.has(requestMethod(site, file) ?? '')) return false;
  for (let fn = enclosingFunction(site.node); fn; fn = enclosingFunction(fn)) {
    const call = receivingCall(fn);
    if (call && ts.isCallExpression(call) && call.arguments[0] !== undefined && unwrap(call.arguments[0]) === fn && isSetInterval(call, file)) return true;
  }
  return false;
}
