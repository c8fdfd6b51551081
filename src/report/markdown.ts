import { CATEGORIES, SEVERITIES, type AuditResult, type Finding, type Severity } from '../types.js';
import type { FailureModeCoverage } from '../verdict/taxonomy/coverage.js';
import { inventoryLines } from './inventory-lines.js';
import { gateVerdict } from '../verdict/gate/verdict.js';
import { codeSpan, linkBase, markdownText, urlPath } from './escape.js';
import { ruleDocsUrl, type RenderOptions } from './options.js';
import { smallSampleNote } from './sample.js';

/** GitHub rejects comments over 65,536 characters; job summaries take 1 MiB. Stay under both. */
export const MARKDOWN_LIMIT = 60_000;
const TOP_FINDINGS = 15;
const SEVERITY_ICON: Readonly<Record<Severity, string>> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦' };
const BAND_COLOR: Readonly<Record<string, string>> = { ready: 'brightgreen', 'needs work': 'yellow', 'not ready': 'red', 'not applicable': 'lightgrey' };

/** Text from audited code or its file names: escaped so it cannot add HTML, links or table cells. */
const cell = markdownText;

/** `file:line`, a link when a --link-base is given; both the text and the target are escaped. */
function location(file: string, line: number, base: string | undefined): string {
  const text = codeSpan(`${file}:${line}`);
  return base ? `[${text}](${linkBase(base)}${urlPath(file)}#L${line})` : text;
}

function scoreText(score: number | null): string {
  return score === null ? 'n/a' : String(Math.round(score));
}

function header(result: AuditResult): string[] {
  const score = result.score.overall === null ? 'n/a' : `${Math.round(result.score.overall)}/100`;
  const badge = `![agent-audit ${score}](https://img.shields.io/badge/agent--audit-${encodeURIComponent(score)}-${BAND_COLOR[result.score.band] ?? 'lightgrey'})`;
  const gate = `${result.gate.passed ? '✅' : '❌'} ${cell(gateVerdict(result.gate))}`;
  const capped = result.score.capped ? ` — ${cell(result.score.capReason ?? '')}` : '';
  return [`## agent-audit: ${score} · ${result.score.band}${smallSampleNote(result)}`, '', `${badge} ${gate}${capped}`, ''];
}

function categoryTable(result: AuditResult): string[] {
  const rows = CATEGORIES.map((c) => {
    const rules = result.rules.filter((r) => r.category === c && r.applicable);
    const failed = rules.reduce((n, r) => n + r.failed, 0);
    const checked = rules.reduce((n, r) => n + r.checked, 0);
    return `| ${c} | ${scoreText(result.score.categories[c].score)} | ${checked === 0 ? '—' : `${failed} of ${checked}`} |`;
  });
  return ['| Category | Score | Failing sites |', '|---|---:|---:|', ...rows, ''];
}

function summary(result: AuditResult): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const baseline = result.baseline ? ` (${result.baseline.new} new, ${result.baseline.unchanged} in baseline, ${result.baseline.fixed.length} fixed)` : '';
  return `**${active.length} finding${active.length === 1 ? '' : 's'}**${counts.length ? `: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}` : ''}${baseline} in ${result.coverage.filesAudited} files.`;
}

function findingLine(finding: Finding, options: RenderOptions): string {
  const isNew = finding.baseline === 'new' ? ' **new**' : '';
  const known = finding.baseline === 'unchanged' ? ' (in baseline)' : '';
  return `- ${SEVERITY_ICON[finding.severity]} ${location(finding.file, finding.line, options.linkBase)} [\`${finding.ruleId}\`](${ruleDocsUrl(finding.ruleId)})${isNew}${known} — ${cell(finding.message)}<br>Fix: ${cell(finding.hint)}`;
}

function findingsSection(result: AuditResult, options: RenderOptions): string[] {
  const active = result.findings.filter((f) => !f.suppressed);
  // New findings first when a baseline is in use, then by severity, then in report order.
  const ordered = [...active].sort((a, b) => Number(b.baseline === 'new') - Number(a.baseline === 'new') || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const top = ordered.slice(0, TOP_FINDINGS);
  const rest = ordered.slice(TOP_FINDINGS);
  const out: string[] = [];
  for (const severity of SEVERITIES) {
    const group = top.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`### ${SEVERITY_ICON[severity]} ${severity}`, '', ...group.map((f) => findingLine(f, options)), '');
  }
  if (rest.length > 0) out.push(`<details><summary>${rest.length} more finding${rest.length === 1 ? '' : 's'}</summary>`, '', ...rest.map((f) => findingLine(f, options)), '', '</details>', '');
  return out;
}

function taxonomyRow(mode: FailureModeCoverage): string {
  const checkedBy = mode.status === 'checked' ? mode.rules.map((r) => `[\`${r}\`](${ruleDocsUrl(r)})`).join(', ') : `🔍 manual review: ${cell(mode.manualCheck ?? '')}`;
  return `| ${cell(mode.name)} | v${mode.version} | ${checkedBy} | ${mode.status === 'checked' ? (mode.findings ?? 0) : '—'} |`;
}

/** The coverage matrix, collapsed: checked modes first, then the manual-review items. */
function taxonomySection(result: AuditResult): string[] {
  const coverage = result.taxonomy;
  if (!coverage) return [];
  const ordered = [...coverage.modes.filter((m) => m.status === 'checked'), ...coverage.modes.filter((m) => m.status === 'manual-review')];
  const summary = `Microsoft agentic failure modes (${coverage.versions.map((v) => `v${v}`).join(' + ')}): ${coverage.checked} checked by rules, ${coverage.manualReview} for manual review`;
  return [`<details><summary>${summary}</summary>`, '', '| Failure mode | Taxonomy | Checked by | Findings |', '|---|---|---|---:|', ...ordered.map(taxonomyRow), '', '</details>', ''];
}

function pollingSection(result: AuditResult): string[] {
  const polling = result.polling;
  if (polling.sites.length === 0) return [];
  const rows = polling.sites.map((s) => `| ${cell(`${s.file}:${s.line}`)} | ${cell(s.mechanism)} | ${s.intervalMs === null ? 'unknown' : `${s.intervalMs} ms`} | ${s.callsPerTick} | ${s.callsPerMinute ?? 'unknown'} |`);
  const total = polling.perInstanceCallsPerMinute === null ? [] : [`Total: ${polling.perInstanceCallsPerMinute} calls/min per instance × ${polling.instances} = **${polling.fleetCallsPerMinute} calls/min**.`, ''];
  return ['### Polling budget', '', '| Site | Mechanism | Interval | Calls/tick | Calls/min |', '|---|---|---:|---:|---:|', ...rows, '', ...total];
}

function inventorySection(result: AuditResult): string[] {
  const sections = inventoryLines(result.inventory, result.polling.sites);
  if (sections.length === 0) return [];
  return ['<details><summary>Agent inventory</summary>', '', ...sections.flatMap((s) => [`**${s.title}**`, '', ...s.lines.map((l) => `- ${cell(l)}`), '']), '</details>', ''];
}

function coverageSection(result: AuditResult): string[] {
  const c = result.coverage;
  const problems = [...c.parseErrors.map((p) => `- ${codeSpan(`${p.path}:${p.line ?? 1}`)} parse error (audited as far as the parser recovered): ${cell(p.message)}`), ...c.unreadable.map((u) => `- ${codeSpan(u.path)}: ${cell(u.reason)}`)];
  for (const u of c.notAudited) problems.push(`- ${codeSpan(u.path)}: not audited, ${cell(u.reason)}`);
  return problems.length > 0 ? ['### Coverage problems', '', ...problems, ''] : [];
}

const OPEN_DETAILS = /^<details>/;
const CLOSE_DETAILS = /^<\/details>/;

/**
 * Cuts at a line boundary, closes any `<details>` left open (or the rest of a PR comment would fold
 * into it) and says, outside it, how much was left out. Only this file writes those tags: every text
 * from audited code is escaped.
 */
function truncate(lines: readonly string[], limit: number): string {
  let size = 0;
  let open = 0;
  const kept: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (size + line.length + 1 > limit - 300) {
      for (; open > 0; open--) kept.push('', '</details>');
      kept.push('', `… and ${lines.length - i} more lines (report truncated to stay under the comment size limit; see the JSON or SARIF output).`);
      break;
    }
    if (OPEN_DETAILS.test(line)) open++;
    if (CLOSE_DETAILS.test(line)) open = Math.max(0, open - 1);
    kept.push(line);
    size += line.length + 1;
  }
  return `${kept.join('\n')}\n`;
}

/** Markdown for PR comments and $GITHUB_STEP_SUMMARY. */
export function renderMarkdown(result: AuditResult, options: RenderOptions): string {
  const lines = [
    ...header(result),
    summary(result),
    '',
    ...categoryTable(result),
    ...findingsSection(result, options),
    ...pollingSection(result),
    ...inventorySection(result),
    ...coverageSection(result),
    ...taxonomySection(result),
    `<sub>agent-audit ${result.tool.version} · schema ${result.schemaVersion}</sub>`,
  ];
  return truncate(lines, MARKDOWN_LIMIT);
}
