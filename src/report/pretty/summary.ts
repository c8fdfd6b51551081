import type { ChalkInstance } from 'chalk';
import { gateVerdict } from '../../verdict/gate/verdict.js';
import { CATEGORIES, SEVERITIES, type AuditResult, type Category, type Finding } from '../../types.js';
import { wrap } from '../text-wrap.js';
import { SMALL_SAMPLE, smallSampleNote } from '../sample.js';

const CATEGORY_TITLES: Record<Category, string> = {
  memory: 'Memory',
  connectors: 'Connectors',
  events: 'Events',
  security: 'Security',
  observability: 'Observability',
};

function bandColor(c: ChalkInstance, band: string): (text: string) => string {
  return band === 'ready' ? c.green.bold : band === 'needs work' ? c.yellow.bold : band === 'not ready' ? c.red.bold : c.gray;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Sites checked and failed per category: a score from one checked site swings from 100 to 0 on a
 * single finding, and the count lets a reader see how much the number stands on.
 */
export function categorySample(result: AuditResult, category: Category): { checked: number; failed: number } {
  let checked = 0;
  let failed = 0;
  // A result built by hand (or an older one) may carry no per-rule results.
  for (const rule of result.rules ?? []) {
    if (rule.category !== category || rule.severity === 'off') continue;
    checked += rule.checked;
    failed += rule.failed;
  }
  return { checked, failed };
}


export function scoreLines(c: ChalkInstance, result: AuditResult): string[] {
  const score = result.score;
  const scoreText = score.overall === null ? 'n/a' : `${Math.round(score.overall)}/100`;
  const out = [`Readiness ${bandColor(c, score.band)(`${scoreText}  ${score.band}`)}${c.dim(smallSampleNote(result))}${score.capped ? c.red(`  (capped: ${score.capReason})`) : ''}`];
  for (const category of CATEGORIES) {
    const cat = score.categories[category];
    const value = cat.score === null ? 'n/a' : `${Math.round(cat.score)}`;
    const { checked, failed } = categorySample(result, category);
    const sample = checked === 0 ? 'nothing to check' : `${plural(checked, 'site')} checked, ${failed} failed`;
    const small = checked > 0 && checked < SMALL_SAMPLE ? ' (small sample)' : '';
    const padded = value.padEnd(4);
    out.push(`  ${CATEGORY_TITLES[category].padEnd(14)} ${cat.score === null ? c.dim(padded) : padded} ${c.dim(`${sample}${small}`)}`);
  }
  return out;
}

export function findingCountLine(findings: readonly Finding[], baseline: AuditResult['baseline']): string {
  const active = findings.filter((f) => !f.suppressed);
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const suppressed = findings.length - active.length;
  const parts = counts.map(([s, n]) => `${n} ${s}`).join(', ');
  const base = `${plural(active.length, 'finding')}${parts ? `: ${parts}` : ''}`;
  const known = baseline ? ` (${baseline.new} new, ${baseline.unchanged} in baseline, ${baseline.fixed.length} fixed)` : '';
  return suppressed > 0 ? `${base}${known} (${suppressed} suppressed, not shown)` : `${base}${known}`;
}

export function verdictLine(c: ChalkInstance, result: AuditResult, width: number): string {
  const verdict = wrap(gateVerdict(result.gate), width, '');
  return result.gate.passed ? c.green(verdict) : c.red(verdict);
}

/** What a reader can do next, shown when there is something to act on. */
export function nextStepLines(c: ChalkInstance, result: AuditResult, width: number): string[] {
  const active = result.findings.filter((f) => !f.suppressed);
  if (active.length === 0) return [];
  // A finding in source code is the one a comment can suppress.
  const fixable = active.filter((f) => f.fix).length;
  const example = (active.find((f) => /\.[cm]?[jt]sx?$/.test(f.file)) ?? active[0])?.ruleId ?? '<rule-id>';
  const hints: [string, string][] = [
    ['What a rule checks and how to fix it:', `agent-audit explain ${example}`],
    ['Accept one site, with a reason, on the line before it:', `// agent-audit-disable-next-line ${example} -- <reason>`],
    ...(result.baseline ? [] : [['Record today\'s findings and gate on new ones only:', 'agent-audit baseline && agent-audit --baseline .agent-audit-baseline.json'] as [string, string]]),
    ...(fixable > 0 ? [[`${plural(fixable, 'finding')} ${fixable === 1 ? 'has' : 'have'} an automatic fix (preview the diff with --fix-dry-run):`, 'agent-audit --fix'] as [string, string]] : []),
  ];
  // A command broken over two lines cannot be copied: too long, it names the rule generically.
  const fit = (command: string): string => (command.length + 4 <= width ? command : command.replace(example, '<rule-id>'));
  return [c.bold('Next steps'), ...hints.flatMap(([why, command]) => [wrap(why, width, '  '), `    ${fit(command)}`])];
}
