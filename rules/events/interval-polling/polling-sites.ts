import { enclosingFunction, isFunctionLike, someDescendant, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isRetryLoop } from '../../../src/domain/http/retry.js';
import type { ResolvedSchedule } from './schedule-formats.js';
import { scheduledJobs } from './scheduled-jobs.js';
import { isSetInterval, isSetTimeout, sleepsIn } from '../../../src/domain/timers/timers.js';

/**
 * Something that runs a tick again and again: a timer, a sleep loop or a job scheduler. Timers carry
 * their delay expression (it may be adaptive); scheduler jobs carry their resolved schedule.
 */
export interface PollingSite {
  readonly node: ts.Node;
  /** 'setInterval', 'recursive setTimeout', 'sleep loop', or the scheduler and its schedule. */
  readonly mechanism: string;
  readonly tick: ts.Node;
  readonly interval: ts.Expression | undefined;
  /** Scheduler jobs only: undefined when the schedule is not statically known. */
  readonly schedule?: ResolvedSchedule | undefined;
  readonly kind: 'timer' | 'sleep loop' | 'scheduler';
}

function callbackOf(arg: ts.Expression | undefined, facts: FileFacts): FunctionLike | undefined {
  if (!arg) return undefined;
  const node = unwrap(arg);
  return isFunctionLike(node) ? node : facts.localFunction(node);
}

/** `setTimeout(poll, ms)` or `setTimeout(() => poll(), ms)` inside `poll` itself. */
function reschedulesItself(call: ts.CallExpression, facts: FileFacts): FunctionLike | undefined {
  const owner = enclosingFunction(call);
  const first = call.arguments[0];
  if (!owner || !first) return undefined;
  const target = unwrap(first);
  if (facts.localFunction(target) === owner) return owner;
  if (isFunctionLike(target) && someDescendant(target, (n) => ts.isCallExpression(n) && facts.localFunction(n.expression) === owner)) return owner;
  return undefined;
}

/** A loop that sleeps on its normal path (not only in a catch: that is a retry loop). */
function sleepLoopDelay(loop: ts.IterationStatement, facts: FileFacts): { found: boolean; delay: ts.Expression | undefined } {
  const sleeps = sleepsIn(loop.statement, facts).filter((s) => {
    for (let p = s.node.parent; p && p !== loop; p = p.parent) if (ts.isCatchClause(p)) return false;
    return true;
  });
  return { found: sleeps.length > 0, delay: sleeps[0]?.delay };
}

function timerSites(facts: FileFacts): PollingSite[] {
  const sites: PollingSite[] = [];
  for (const call of facts.index.calls) {
    if (isSetInterval(call, facts)) {
      const tick = callbackOf(call.arguments[0], facts);
      if (tick) sites.push({ node: call, kind: 'timer', mechanism: 'setInterval', tick, interval: call.arguments[1] });
    } else if (isSetTimeout(call, facts)) {
      const owner = reschedulesItself(call, facts);
      if (owner) sites.push({ node: call, kind: 'timer', mechanism: 'recursive setTimeout', tick: owner, interval: call.arguments[1] });
    }
  }
  return sites;
}

/** `for await (const _ of setInterval(ms))` with node's timers/promises: a tick per iteration. */
function intervalIterator(loop: ts.ForOfStatement, facts: FileFacts): ts.CallExpression | undefined {
  const iterated = unwrap(loop.expression);
  if (!loop.awaitModifier || !ts.isCallExpression(iterated)) return undefined;
  const origin = facts.originOf(iterated.expression);
  const fromTimersPromises = origin?.module === 'timers/promises' || origin?.module === 'node:timers/promises';
  return fromTimersPromises && origin?.path.length === 1 && origin.path[0] === 'setInterval' ? iterated : undefined;
}

function sleepLoopSites(facts: FileFacts): PollingSite[] {
  const sites: PollingSite[] = [];
  for (const loop of facts.index.loops) {
    if (ts.isForOfStatement(loop)) {
      const timer = intervalIterator(loop, facts);
      if (timer) sites.push({ node: loop, kind: 'sleep loop', mechanism: 'setInterval iterator', tick: loop.statement, interval: timer.arguments[0] });
      continue;
    }
    if (ts.isForInStatement(loop)) continue;
    const { found, delay } = sleepLoopDelay(loop, facts);
    if (found && !isRetryLoop(loop)) sites.push({ node: loop, kind: 'sleep loop', mechanism: 'sleep loop', tick: loop.statement, interval: delay });
  }
  return sites;
}

function schedulerSites(facts: FileFacts): PollingSite[] {
  return scheduledJobs(facts).map((job) => ({
    node: job.node,
    kind: 'scheduler',
    mechanism: job.schedule ? `${job.module} ${job.schedule.written}` : job.module,
    tick: job.tick,
    interval: undefined,
    schedule: job.schedule,
  }));
}

/** Every place in a file that runs a tick repeatedly, in kind order (timers, sleep loops, schedulers). */
export function pollingSites(facts: FileFacts): PollingSite[] {
  return [...timerSites(facts), ...sleepLoopSites(facts), ...schedulerSites(facts)];
}
