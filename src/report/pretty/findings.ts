import type { ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../../types.js';
import { ruleDocsUrl } from '../options.js';
import { wrap } from '../text-wrap.js';

/** Continuation lines start under the severity column. */
const BODY_INDENT = ' '.repeat(11);

function severityColor(c: ChalkInstance, severity: Severity): (text: string) => string {
  return { critical: c.bgRed.white.bold, high: c.red.bold, medium: c.yellow, low: c.cyan }[severity];
}

function findingLines(c: ChalkInstance, finding: Finding, width: number): string[] {
  const where = `${finding.line}:${finding.column}`;
  const head = `  ${c.dim(where.padEnd(8))} ${severityColor(c, finding.severity)(finding.severity.padEnd(8))} ${c.bold(finding.ruleId)}`;
  const baseline = finding.baseline === 'new' ? ` ${c.bold('new')}` : finding.baseline === 'unchanged' ? c.dim(' known (in baseline)') : '';
  return [
    head + baseline,
    wrap(finding.message, width, BODY_INDENT),
    c.dim(wrap(`fix: ${finding.hint}`, width, BODY_INDENT)),
    // A URL is never broken: a terminal only makes an unbroken one clickable.
    c.dim(`${BODY_INDENT}${ruleDocsUrl(finding.ruleId)}`),
  ];
}

/** Unsuppressed findings grouped by file, each file headed by its path alone on a line. */
export function findingsByFileLines(c: ChalkInstance, findings: readonly Finding[], width: number): string[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    // Appending in place: copying the list per finding was quadratic (60,000 findings in one file took a minute).
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push('', c.underline(file));
    for (const f of list) out.push(...findingLines(c, f, width));
  }
  return out;
}
