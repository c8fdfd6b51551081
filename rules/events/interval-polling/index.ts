import { isAdaptiveDelay } from './adaptive-delay.js';
import { isBoundedIntervalWait, isBoundedWait } from './bounded-wait.js';
import { compactText, ts } from '../../../src/model/ast.js';
import { evaluateNumber, formatDuration } from '../../../src/model/constant-evaluation.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { networkCallsIn, projectCallsIn, type NetworkCalls } from './network-calls.js';
import type { ProjectCondition } from '../../../src/model/project-conditions.js';
import { someCallReaches } from '../../../src/model/reaches.js';
import { pollingSites, type PollingSite } from './polling-sites.js';
import { defineRule, type RuleContext } from '../../../src/engine/rule.js';
import { INTERVAL_POLLING_ID, type PollingDetails } from './polling-budget.js';
import { calleeContext, calleeRef } from '../../../src/model/summaries/callee-refs.js';
import { sleepCall } from '../../../src/domain/timers/timers.js';

/**
 * A tick that runs an hour or more apart is a scheduled batch (a daily report, a weekly sync), not
 * polling for changes: it is neither flagged nor counted in the polling budget.
 */
export const BATCH_INTERVAL_MS = 3_600_000;

/** setInterval reads its delay once: changing the variable later does not slow it down. */
function isAdaptive(site: PollingSite, facts: FileFacts): boolean {
  if (site.mechanism === 'setInterval') return false;
  const scope = site.kind === 'sleep loop' ? site.node : site.tick;
  return site.interval !== undefined && isAdaptiveDelay(site.interval, scope, facts);
}

/** The interval between ticks, whether ticks come at a steady rate, or undefined when unknown. */
function intervalOf(site: PollingSite, facts: FileFacts): { ms: number; regular: boolean } | undefined {
  if (site.schedule) return { ms: site.schedule.intervalMs, regular: site.schedule.regular };
  // Branches of a sleep loop that wait for different times (15 s when idle, 5 s when busy): the shortest gap.
  const gaps = (site.pauses ?? []).map((delay) => (delay ? evaluateNumber(delay, facts) : undefined));
  if (gaps.length > 1 && gaps.every((ms): ms is number => ms !== undefined && ms > 0) && new Set(gaps).size > 1) return { ms: Math.min(...gaps), regular: false };
  const ms = site.interval ? evaluateNumber(site.interval, facts) : undefined;
  return ms === undefined || ms <= 0 ? undefined : { ms, regular: true };
}

/**
 * Calls made once per item of a loop (`for (const job of rows) await handle(job)`) are no cost of an
 * idle tick: the rate counts the calls every tick makes, and names the others apart.
 */
function perTickText(calls: NetworkCalls): { every: number; text: string; rate: 'exact' | 'lowerBound' | 'perItem' } {
  if (calls.throughProject) return { every: calls.count, text: 'at least 1 network call per tick through project functions', rate: 'exact' };
  const perItem = calls.perItem ?? 0;
  const every = calls.count - perItem;
  if (perItem === 0) return { every, text: `${calls.count} network call(s) per tick`, rate: 'exact' };
  if (every > 0) return { every, text: `${every} network call(s) per tick, plus ${perItem} per item of a loop`, rate: 'lowerBound' };
  return { every: perItem, text: `${perItem} network call(s) per item of a loop each tick`, rate: 'perItem' };
}

const RATE_TEXT = { exact: (n: number) => `${n} calls/min`, lowerBound: (n: number) => `at least ${n} calls/min`, perItem: (n: number) => `${n} calls/min per item` };

function describe(calls: NetworkCalls, interval: { ms: number; regular: boolean } | undefined): { perMinute: number | null; perTick: number; text: string } {
  const { every, text: perTick, rate } = perTickText(calls);
  if (!interval) return { perMinute: null, perTick: every, text: `${perTick} at an unknown interval` };
  if (!interval.regular) return { perMinute: null, perTick: every, text: `at irregular times at least ${formatDuration(interval.ms)} apart with ${perTick}; calls/min not estimated` };
  const perMinute = Math.round(((every * 60_000) / interval.ms) * 100) / 100;
  return { perMinute, perTick: every, text: `every ${formatDuration(interval.ms)} with ${perTick} ≈ ${RATE_TEXT[rate](perMinute)} per instance` };
}

function checkSite(site: PollingSite, facts: FileFacts, context: RuleContext<'polling'>): void {
  // A scheduler whose schedule is unknown may as well run a nightly batch or a one-off job.
  if (site.kind === 'scheduler' && !site.schedule) return;
  // A wait for one job that ends with its result or at a deadline is not standing polling.
  if (site.kind === 'sleep loop' && ts.isIterationStatement(site.node, false) && isBoundedWait(site.node, facts)) return;
  if (site.mechanism === 'setInterval' && ts.isCallExpression(site.node) && isBoundedIntervalWait(site.node, site.tick, facts)) return;
  const interval = intervalOf(site, facts);
  if (interval && interval.ms >= BATCH_INTERVAL_MS) return;
  const direct = networkCallsIn(site.tick, facts);
  // A tick that only sends (uploads state, beats a heart) asks for nothing: there is no event to subscribe to
  // instead. It still polls if a function it calls from another file asks the remote.
  const onlySends = direct.count > 0 && direct.sends === direct.count;
  const throughProject = direct.count === 0 || onlySends ? throughProjectFunctions(site, facts, onlySends ? direct.others : undefined) : undefined;
  if ((direct.count === 0 || onlySends) && !throughProject) return;
  const calls = throughProject?.calls ?? direct;
  context.checked(site.node, throughProject ? { unless: throughProject.unless } : undefined);
  if (isAdaptive(site, facts)) return;
  const { perMinute, perTick, text } = describe(calls, interval);
  const details: PollingDetails = {
    mechanism: site.mechanism,
    intervalMs: interval?.regular ? interval.ms : null,
    ...(interval && !interval.regular ? { shortestGapMs: interval.ms } : {}),
    callsPerTick: perTick,
    callsInLoop: calls.inLoop,
    callsPerMinute: perMinute,
  };
  context.report(site.node, 'polling', { mechanism: site.mechanism, cost: text, clients: calls.clients.join(', ') }, { details, ...(throughProject ? { notApplicableIf: throughProject.unless } : {}) });
}

/**
 * A tick whose network calls sit behind project functions (`this.refresh()`, an imported API
 * wrapper): reported as at least one call per tick, and withdrawn once every file was seen unless one
 * of those functions reaches the network.
 */
function throughProjectFunctions(site: PollingSite, facts: FileFacts, unresolved?: readonly ts.CallExpression[]): { calls: NetworkCalls; unless: ProjectCondition } | undefined {
  // `unresolved`: the calls networkCallsIn met in the tick and the same-file helpers it followed.
  const candidates = unresolved ?? projectCallsIn(site.tick, facts);
  const reaches = someCallReaches(candidates, facts, 'network');
  if (!reaches) return undefined;
  // Named by the project functions among them (`console.error` in the tick's catch is none, nor is the `delay(ms)` it waits with).
  const context = calleeContext(facts);
  const projectCalls = candidates.filter((call) => calleeRef(call, context, facts) !== undefined && !sleepCall(call, facts));
  const named = projectCalls.length > 0 ? projectCalls : candidates;
  const names = [...new Set(named.map((call) => compactText(call.expression, facts.sourceFile).slice(0, 40)))].slice(0, 3);
  return { calls: { count: 1, inLoop: false, clients: names, throughProject: true }, unless: { not: reaches } };
}

export default defineRule({
  id: INTERVAL_POLLING_ID,
  category: 'events',
  severity: 'medium',
  confidence: 'high',
  title: 'Fixed-rate polling of remote resources',
  taxonomy: {
    microsoft: ['resource-exhaustion'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['T4'],
    cwe: ['CWE-1050', 'CWE-400'],
  },
  docs: {
    summary: 'Flags setInterval, self-rescheduling setTimeout, sleep loops and cron-style job schedulers whose tick makes network calls at a fixed rate more often than hourly, and states the interval and the calls per minute it costs.',
    details: [
      'The cron-style job schedulers are node-cron, node-schedule, cron, croner, toad-scheduler, agenda and @nestjs/schedule.',
      'The tick\'s network calls count whether made directly or through project functions (own methods such as `this.refresh()`, imported API wrappers, across files).',
      'Network calls are HTTP and LLM clients and methods of service SDKs (Slack, Octokit, Twitter, Telegram, Stripe and others in the catalog\'s remoteModules), also behind project functions; database and cache clients (pg, Prisma, Redis: databaseModules) count only in the tick\'s own file (the tick or a same-file helper), since a function of another file cannot be told a query from a sweep that deletes expired rows. A service SDK counts through an awaited or returned call on a client it made, not through its local helpers (a URL presigner, a message builder).',
      'The finding states the interval and the calls per minute it costs; the cost is unknown when the interval comes from configuration. Calls made once per item a tick finds (`for (const job of rows) await handle(job)`) are named apart: the rate counts the calls every tick makes, the price an idle tick pays too, and is a lower bound.',
      'A write whose answer is read (a search POST, a sync PUT that returns the remote\'s changes) is a query and counts, and so is a tick that also calls a function of another file that asks the remote.',
    ],
    notFlagged: [
      'A tick that only sends is not polling, because it asks for nothing: its requests are writes (PUT, PATCH, POST) whose answer is read for nothing but its status (a session upload, a heartbeat).',
      'The work done for each item an async iterator hands out (`for await (const job of queue.next()) await run(job)`) is no part of the check: a loop draining an in-memory queue polls no remote resource.',
    ],
    why: 'Polling cost is agents × dependencies × rate, and nearly every call answers "nothing changed". 50 agent instances polling 20 dependencies every 60 s is 1,000 calls per minute, spending rate limits and money and still reacting up to a full interval late. Webhooks, event subscriptions or at least an interval that backs off when nothing changed remove the tax. Ticks an hour or more apart (a nightly report, a weekly sync) are scheduled batches, not polling, and are left out of the rule and the budget; so are scheduler jobs whose schedule is not in the source. An irregular cron schedule (business hours, weekdays), or a sleep loop whose branches wait for different times (15 s when idle, 5 s when busy), is reported with its shortest gap and no calls/min figure. A loop that repeats a call until it succeeds is a retry, not polling, and is left to connectors/no-backoff (its try block leaves the loop on success, also once the request succeeded and waits otherwise, `if (res.ok) return …`, or it counts attempts); a loop whose try block waits on every path that goes on repeats after a success too, and is judged (a bot\'s main loop that leaves only on a flag, a status wait that pauses before each query). A bounded wait for one job is not the polling tax and is not judged: a loop that returns the job\'s result once it is done and gives up at a deadline, after a number of attempts or when aborted, or throws once the job failed (`if (job.status === \'failed\') throw …`), or whose own condition reads the job\'s state, which each round fetches again, and whose rounds leave at a deadline or on abort (`while (run.status === \'queued\') { if (Date.now() - started > timeoutMs) throw …; … }`), runs per request and ends with its job; a loop that only returns when the job is done polls a failed job forever and is judged. A setInterval whose tick clears its own timer when the job is done and at a deadline or attempt limit ends the same way.',
    bad: `setInterval(async () => {
  const res = await fetch('https://status.example.com/api/incidents');
  if (res.ok) await handleIncidents(await res.json());
}, 30_000);`,
    good: `import { EventSource } from 'eventsource';

const events = new EventSource('https://status.example.com/api/incidents/stream');
events.addEventListener('incident', (event) => handleIncidents(JSON.parse(event.data)));`,
    references: ['https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events', 'https://cwe.mitre.org/data/definitions/1050.html'],
  },
  hint: 'Subscribe to events (webhook, SSE, queue) or back off when nothing changed.',
  messages: {
    polling: 'Polling via {{mechanism}}: {{cost}} ({{clients}}).',
  },
  check(context) {
    for (const site of pollingSites(context.file)) checkSite(site, context.file, context as RuleContext<'polling'>);
  },
});
