import { Chalk } from 'chalk';
import type { AuditResult } from '../types.js';
import { plainStrings } from './escape.js';
import { findingsByFileLines } from './pretty/findings.js';
import { agentInventoryLines, diagnosticLines, pollingLines, taxonomySectionLines } from './pretty/sections.js';
import { findingCountLine, nextStepLines, scoreLines, verdictLine } from './pretty/summary.js';

export interface PrettyOptions {
  readonly color: boolean;
  /** Only the summary and failing gate conditions: no per-finding lines. */
  readonly quiet?: boolean;
  /** Terminal columns to wrap at (default 80, the width when output is not a terminal). */
  readonly width?: number;
  /** The full failure-mode matrix instead of its one-line summary. */
  readonly taxonomy?: boolean;
}

export const DEFAULT_WIDTH = 80;
/** Narrower than this, wrapping makes more noise than it saves. */
const MIN_WIDTH = 40;

/**
 * Terminal text, ordered for the reader: what was found (by file, with the rule page), then context
 * (polling, inventory, diagnostics), and last what the eye looks for after a run: the scores with the
 * sites they stand on, next steps, and the gate verdict. Audited code's strings lose control
 * characters and cannot form runner commands.
 */
export function renderPretty(audited: AuditResult, options: PrettyOptions): string {
  const result = plainStrings(audited);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
  const full = !options.quiet;
  const out: string[] = [`${c.bold('agent-audit')} ${c.dim(`v${result.tool.version}`)}  ${result.coverage.filesAudited} file(s) audited`];
  // Suppressed findings are counted in the summary line, not printed (JSON and SARIF keep them).
  if (full) {
    // A loop, not push(...lines): 60,000 findings are more arguments than the call stack holds.
    for (const line of findingsByFileLines(c, result.findings.filter((f) => !f.suppressed), width)) out.push(line);
    out.push(...pollingLines(c, result.polling, width));
    out.push(...agentInventoryLines(c, result, width));
    out.push(...taxonomySectionLines(c, result.taxonomy, options.taxonomy ?? false, width));
  }
  out.push(...diagnosticLines(c, result, width));
  out.push('', ...scoreLines(c, result));
  if (full) {
    const steps = nextStepLines(c, result, width);
    if (steps.length > 0) out.push('', ...steps);
  }
  out.push('', findingCountLine(result.findings, result.baseline), verdictLine(c, result, width));
  return `${out.join('\n')}\n`;
}
