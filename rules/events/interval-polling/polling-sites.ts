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
  /** Sleep loops: the delay of every pause on the loop's normal path (branches may wait for different times). */
  readonly pauses?: readonly (ts.Expression | undefined)[];
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

/** The pauses of a loop on its normal path (not in a catch: a loop that waits only there is a retry loop). */
function sleepLoopPauses(loop: ts.IterationStatement, facts: FileFacts): (ts.Expression | undefined)[] {
  return sleepsIn(loop.statement, facts)
    .filter((s) => {
      for (let p = s.node.parent; p && p !== loop; p = p.parent) if (ts.isCatchClause(p)) return false;
      return true;
    })
    .map((s) => s.delay);
}

/** Every path through the statement pauses: a sleep of its own, in a block, or in both arms of an `if`. */
function alwaysSleeps(statement: ts.Statement, facts: FileFacts): boolean {
  if (ts.isBlock(statement)) return statement.statements.some((s) => alwaysSleeps(s, facts));
  if (ts.isIfStatement(statement)) return !!statement.elseStatement && alwaysSleeps(statement.thenStatement, facts) && alwaysSleeps(statement.elseStatement, facts);
  if (ts.isTryStatement(statement)) return alwaysSleeps(statement.tryBlock, facts);
  if (ts.isExpressionStatement(statement) || ts.isVariableStatement(statement)) return sleepsIn(statement, facts).length > 0;
  return false;
}

const endsInExit = (block: ts.Block): boolean => {
  const last = block.statements[block.statements.length - 1];
  return !!last && (ts.isReturnStatement(last) || ts.isBreakStatement(last) || ts.isThrowStatement(last));
};

/**
 * A loop that repeats a call until it succeeds is a retry, not polling (isRetryLoop). Not so a loop
 * whose try block, on every path that goes on, waits for the next round: it repeats after a success
 * too, and leaves only on a flag or a final status (`do { try { await poll(); if (once) break; await
 * delay(15_000) } catch { … } } while (true)`).
 */
function repeatsOnSuccess(loop: ts.IterationStatement, facts: FileFacts): boolean {
  const owner = enclosingFunction(loop);
  return someDescendant(loop.statement, (node) => ts.isTryStatement(node) && enclosingFunction(node) === owner && !endsInExit(node.tryBlock) && alwaysSleeps(node.tryBlock, facts));
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
    const pauses = sleepLoopPauses(loop, facts);
    if (pauses.length > 0 && (!isRetryLoop(loop) || repeatsOnSuccess(loop, facts))) sites.push({ node: loop, kind: 'sleep loop', mechanism: 'sleep loop', tick: loop.statement, interval: pauses[0], pauses });
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
