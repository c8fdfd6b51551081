import { enclosingFunction, isFunctionLike, leavesBlock, someDescendant, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
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
  /** Sleep loops whose pauses all sit in branches of the round: the delay of each (they may differ). */
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
function sleepLoopPauses(loop: ts.IterationStatement, facts: FileFacts): { node: ts.Node; delay: ts.Expression | undefined }[] {
  return sleepsIn(loop.statement, facts, 'pacing').filter((s) => {
    for (let p = s.node.parent; p && p !== loop; p = p.parent) if (ts.isCatchClause(p)) return false;
    return true;
  });
}

/** Is the pause one of the round's own, not of a loop nested in it (a pause between the items of a batch)? */
function ownPause(pause: ts.Node, loop: ts.IterationStatement): boolean {
  for (let p = pause.parent; p && p !== loop; p = p.parent) if (ts.isIterationStatement(p, false)) return false;
  return true;
}

/** Does the pause sit in a branch of the round (`if (idle) await delay(15_000); else await delay(5_000)`)? */
function inBranch(pause: ts.Node, loop: ts.IterationStatement): boolean {
  for (let node: ts.Node = pause; node.parent && node.parent !== loop; node = node.parent) {
    const parent = node.parent;
    if ((ts.isIfStatement(parent) && parent.expression !== node) || (ts.isConditionalExpression(parent) && parent.condition !== node)) return true;
  }
  return false;
}

/** Every path through the statement pauses: a sleep of its own, in a block, or in both arms of an `if`. */
function alwaysSleeps(statement: ts.Statement, facts: FileFacts): boolean {
  if (ts.isBlock(statement)) return statement.statements.some((s) => alwaysSleeps(s, facts));
  if (ts.isIfStatement(statement)) return !!statement.elseStatement && alwaysSleeps(statement.thenStatement, facts) && alwaysSleeps(statement.elseStatement, facts);
  if (ts.isTryStatement(statement)) return alwaysSleeps(statement.tryBlock, facts);
  if (ts.isExpressionStatement(statement) || ts.isVariableStatement(statement)) return sleepsIn(statement, facts, 'pacing').length > 0;
  return false;
}

const STATUS_MEMBERS = new Set(['status', 'statusCode']);

/** `res.ok`, `res.status === 200`: a test of whether the request succeeded. */
function readsSuccess(node: ts.Node): boolean {
  if (ts.isPropertyAccessExpression(node)) return node.name.text === 'ok';
  if (!ts.isBinaryExpression(node)) return false;
  const sides = [unwrap(node.left), unwrap(node.right)];
  return sides.some(ts.isNumericLiteral) && sides.some((side) => ts.isPropertyAccessExpression(side) && STATUS_MEMBERS.has(side.name.text));
}

/** `if (res.ok) return await res.json();`, `if (res.status === 200) break;`: the round leaves once the request succeeded. */
function leavesOnSuccess(block: ts.Block, owner: FunctionLike | undefined): boolean {
  return someDescendant(block, (node) => ts.isIfStatement(node) && enclosingFunction(node) === owner && leavesBlock(node.thenStatement) && (readsSuccess(node.expression) || someDescendant(node.expression, readsSuccess)));
}

/**
 * A loop that repeats a call until it succeeds is a retry, not polling (isRetryLoop). Not so a loop
 * whose try block, on every path that goes on, waits for the next round: it repeats after a success
 * too, and leaves only on a flag or a final status (`do { try { await poll(); if (once) break; await
 * delay(15_000) } catch { … } } while (true)`). A try block that leaves once the request succeeded
 * (`if (res.ok) return …`) and waits otherwise is still a retry.
 */
function repeatsOnSuccess(loop: ts.IterationStatement, facts: FileFacts): boolean {
  const owner = enclosingFunction(loop);
  return someDescendant(loop.statement, (node) => ts.isTryStatement(node) && enclosingFunction(node) === owner && !leavesBlock(node.tryBlock) && !leavesOnSuccess(node.tryBlock, owner) && alwaysSleeps(node.tryBlock, facts));
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
    if (pauses.length === 0 || (isRetryLoop(loop) && !repeatsOnSuccess(loop, facts))) continue;
    // Branches that wait for different times give the gaps; pauses one after another in a round add up.
    const alternatives = pauses.length > 1 && pauses.every((pause) => ownPause(pause.node, loop) && inBranch(pause.node, loop));
    sites.push({ node: loop, kind: 'sleep loop', mechanism: 'sleep loop', tick: loop.statement, interval: pauses[0]?.delay, ...(alternatives ? { pauses: pauses.map((p) => p.delay) } : {}) });
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
