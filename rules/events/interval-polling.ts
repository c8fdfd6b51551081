import { enclosingFunction, isFunctionLike, someDescendant, ts, unwrap, type FunctionLike } from '../../src/analysis/ast.js';
import { evaluateNumber, formatDuration } from '../../src/analysis/constants.js';
import type { FileFacts } from '../../src/analysis/facts.js';
import { networkCallsIn, type NetworkCalls } from '../../src/analysis/network.js';
import { isRetryLoop } from '../../src/analysis/retry.js';
import { isSetInterval, isSetTimeout, sleepsIn } from '../../src/analysis/timers.js';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';

type Mechanism = 'setInterval' | 'recursive setTimeout' | 'sleep loop';

interface PollingSite {
  readonly node: ts.Node;
  readonly mechanism: Mechanism;
  readonly tick: ts.Node;
  readonly interval: ts.Expression | undefined;
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

function findPollingSites(facts: FileFacts): PollingSite[] {
  const sites: PollingSite[] = [];
  for (const call of facts.index.calls) {
    if (isSetInterval(call, facts)) {
      const tick = callbackOf(call.arguments[0], facts);
      if (tick) sites.push({ node: call, mechanism: 'setInterval', tick, interval: call.arguments[1] });
    } else if (isSetTimeout(call, facts)) {
      const owner = reschedulesItself(call, facts);
      if (owner) sites.push({ node: call, mechanism: 'recursive setTimeout', tick: owner, interval: call.arguments[1] });
    }
  }
  for (const loop of facts.index.loops) {
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) continue;
    const { found, delay } = sleepLoopDelay(loop, facts);
    if (found && !isRetryLoop(loop)) sites.push({ node: loop, mechanism: 'sleep loop', tick: loop.statement, interval: delay });
  }
  return sites;
}

function assignedName(target: ts.Expression): string | undefined {
  const node = unwrap(target);
  return ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}

/**
 * The delay depends on a variable the loop or tick reassigns (`delay = Math.min(delay * 2, max)`,
 * `misses++`): the interval backs off when nothing changed. A delay read from config or the
 * environment is fixed, just unknown.
 */
function isAdaptive(site: PollingSite, facts: FileFacts): boolean {
  const delay = site.interval ? unwrap(site.interval) : undefined;
  if (!delay || evaluateNumber(delay, facts) !== undefined) return false;
  const names = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, collect);
  };
  collect(delay);
  const scope = site.mechanism === 'sleep loop' ? site.node : site.tick;
  return someDescendant(scope, (node) => {
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const name = op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment ? assignedName(node.left) : undefined;
      return name !== undefined && names.has(name);
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      const name = assignedName(node.operand);
      return name !== undefined && names.has(name);
    }
    return false;
  });
}

function describe(calls: NetworkCalls, intervalMs: number | undefined): { perMinute: number | null; text: string } {
  const perTick = `${calls.count}${calls.inLoop ? ' × n (in a loop)' : ''}`;
  if (intervalMs === undefined || intervalMs <= 0) return { perMinute: null, text: `${perTick} network call(s) per tick at an unknown interval` };
  const perMinute = Math.round(((calls.count * 60_000) / intervalMs) * 100) / 100;
  return { perMinute, text: `every ${formatDuration(intervalMs)} with ${perTick} network call(s) per tick ≈ ${perMinute} calls/min per instance` };
}

function checkSite(site: PollingSite, facts: FileFacts, context: RuleContext<'polling'>): void {
  const calls = networkCallsIn(site.tick, facts);
  if (calls.count === 0) return;
  context.checked(site.node);
  if (isAdaptive(site, facts)) return;
  const intervalMs = site.interval ? evaluateNumber(site.interval, facts) : undefined;
  const { perMinute, text } = describe(calls, intervalMs);
  const details = { mechanism: site.mechanism, intervalMs: intervalMs ?? null, callsPerTick: calls.count, callsInLoop: calls.inLoop, callsPerMinute: perMinute };
  context.report(site.node, 'polling', { mechanism: site.mechanism, cost: text, clients: calls.clients.join(', ') }, { details });
}

export default defineRule({
  id: 'events/interval-polling',
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
    summary: 'Flags setInterval, self-rescheduling setTimeout and sleep loops whose tick makes network calls at a fixed rate, and states the interval and the calls per minute it costs.',
    why: 'Polling cost is agents × dependencies × rate, and nearly every call answers "nothing changed". 50 agent instances polling 20 dependencies every 60 s is 1,000 calls per minute, spending rate limits and money and still reacting up to a full interval late. Webhooks, event subscriptions or at least an interval that backs off when nothing changed remove the tax.',
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
    for (const site of findPollingSites(context.file)) checkSite(site, context.file, context as RuleContext<'polling'>);
  },
});
