import { Chalk, type ChalkInstance } from 'chalk';
import { CATEGORIES, SEVERITIES, type AuditResult, type Finding, type Severity } from '../types.js';
import { gateVerdict } from '../gate/verdict.js';
import { plainStrings } from './escape.js';
import { inventoryLines } from './inventory-lines.js';
import { taxonomyLines } from './taxonomy-lines.js';
import { wrap } from './text-wrap.js';

export interface PrettyOptions {
  readonly color: boolean;
  /** Only the summary and failing gate conditions: no per-finding lines. */
  readonly quiet?: boolean;
}

const CATEGORY_TITLES: Record<(typeof CATEGORIES)[number], string> = {
  memory: 'Memory',
  connectors: 'Connectors',
  events: 'Events',
  security: 'Security',
  observability: 'Observability',
};

function severityColor(c: ChalkInstance, severity: Severity): (text: string) => string {
  return { critical: c.bgRed.white.bold, high: c.red.bold, medium: c.yellow, low: c.cyan }[severity];
}

function bandColor(c: ChalkInstance, band: string): (text: string) => string {
  return band === 'ready' ? c.green.bold : band === 'needs work' ? c.yellow.bold : band === 'not ready' ? c.red.bold : c.gray;
}

function findingLines(c: ChalkInstance, finding: Finding): string[] {
  const where = `${finding.line}:${finding.column}`;
  const head = `  ${c.dim(where.padEnd(8))} ${severityColor(c, finding.severity)(finding.severity.padEnd(8))} ${c.bold(finding.ruleId)}`;
  const baseline = finding.baseline === 'new' ? ` ${c.bold('new')}` : finding.baseline === 'unchanged' ? c.dim(' known (in baseline)') : '';
  return [head + baseline, wrap(finding.message, 80, '           '), c.dim(wrap(`fix: ${finding.hint}`, 80, '           '))];
}

function summaryLine(findings: readonly Finding[], baseline: AuditResult['baseline']): string {
  const active = findings.filter((f) => !f.suppressed);
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const suppressed = findings.length - active.length;
  const parts = counts.map(([s, n]) => `${n} ${s}`).join(', ');
  const base = `${active.length} finding${active.length === 1 ? '' : 's'}${parts ? `: ${parts}` : ''}`;
  const known = baseline ? ` (${baseline.new} new, ${baseline.unchanged} in baseline, ${baseline.fixed.length} fixed)` : '';
  return suppressed > 0 ? `${base}${known} (${suppressed} suppressed, not shown)` : `${base}${known}`;
}

/** Terminal text: audited code's strings lose control characters and cannot form runner commands. */
export function renderPretty(audited: AuditResult, options: PrettyOptions): string {
  const result = plainStrings(audited);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const score = result.score;
  const scoreText = score.overall === null ? 'n/a' : `${Math.round(score.overall)}/100`;
  out.push(`${c.bold('agent-audit')} ${c.dim(`v${result.tool.version}`)}  ${result.coverage.filesAudited} file(s) audited`);
  out.push('');
  out.push(`Readiness ${bandColor(c, score.band)(`${scoreText}  ${score.band}`)}${score.capped ? c.red(`  (capped: ${score.capReason})`) : ''}`);
  for (const category of CATEGORIES) {
    const cat = score.categories[category];
    const value = cat.score === null ? c.dim('n/a') : `${Math.round(cat.score)}`;
    out.push(`  ${CATEGORY_TITLES[category].padEnd(14)} ${value}`);
  }

  // Suppressed findings are counted in the summary line, not printed (JSON and SARIF keep them).
  const active = result.findings.filter((f) => !f.suppressed);
  if (!options.quiet && active.length > 0) {
    const byFile = new Map<string, Finding[]>();
    for (const f of active) {
      // Appending in place: copying the list per finding was quadratic (60,000 findings in one file took a minute).
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    for (const [file, findings] of byFile) {
      out.push('');
      out.push(c.underline(file));
      for (const f of findings) for (const line of findingLines(c, f)) out.push(line);
    }
  }

  const polling = result.polling;
  if (polling.sites.length > 0 && !options.quiet) {
    out.push('');
    out.push(c.bold('Polling budget'));
    for (const site of polling.sites) {
      const rate = site.callsPerMinute === null ? 'unknown interval' : `${site.callsPerMinute} calls/min`;
      out.push(wrap(`${site.file}:${site.line} ${site.mechanism}, ${site.callsPerTick} call(s)/tick, ${rate}`, 80, '  '));
    }
    if (polling.perInstanceCallsPerMinute !== null) {
      const unknown = polling.unknownIntervalSites > 0 ? ` (+${polling.unknownIntervalSites} site(s) at an unknown interval)` : '';
      out.push(`  total: ${polling.perInstanceCallsPerMinute} calls/min per instance × ${polling.instances} instance(s) = ${polling.fleetCallsPerMinute} calls/min${unknown}`);
    }
  }

  const inventory = inventoryLines(result.inventory, result.polling.sites);
  if (inventory.length > 0 && !options.quiet) {
    out.push('');
    out.push(c.bold('Agent inventory'));
    for (const section of inventory) {
      out.push(`  ${section.title}`);
      for (const line of section.lines) out.push(wrap(line, 80, '    '));
    }
  }

  if (result.taxonomy && !options.quiet) out.push('', ...taxonomyLines(result.taxonomy, c));

  const coverage = result.coverage;
  const problems = [
    ...coverage.parseErrors.map((p) => `${p.path}:${p.line ?? 1}:${p.column ?? 1} parse error, audited as far as the parser recovered: ${p.message}`),
    ...coverage.unreadable.map((u) => `${u.path}: ${u.reason}`),
    ...coverage.notAudited.map((u) => `${u.path}: not audited, ${u.reason}`),
    ...result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`),
  ];
  if (problems.length > 0) {
    out.push('');
    out.push(c.bold('Diagnostics'));
    for (const p of problems) out.push(wrap(p, 80, '  '));
  }
  if (coverage.filesSkipped.length > 0) {
    out.push('');
    out.push(c.dim(`${coverage.filesSkipped.length} file(s) skipped: ${[...new Set(coverage.filesSkipped.map((s) => s.reason))].join(', ')} (see --format json)`));
  }

  out.push('');
  out.push(summaryLine(result.findings, result.baseline));
  const verdict = wrap(gateVerdict(result.gate), 80, '');
  out.push(result.gate.passed ? c.green(verdict) : c.red(verdict));
  return `${out.join('\n')}\n`;
}
