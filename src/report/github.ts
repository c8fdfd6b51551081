import { gateVerdict } from '../verdict/gate/verdict.js';
import { SEVERITIES, type AuditResult, type Severity } from '../types.js';
import { plainText } from './escape.js';

type Command = 'error' | 'warning' | 'notice';
const COMMAND: Readonly<Record<Severity, Command>> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job); the
 * rest are dropped without a word. Documented in the toolkit's "Problem Matchers" limitations:
 * https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
 */
export const ANNOTATIONS_PER_STEP = 10;

/** Workflow-command escaping (as in @actions/core): data escapes %, CR, LF; properties also : and ,. */
function escapeCommandText(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Message text: also no terminal controls and no runner command hidden inside. */
function escapeData(text: string): string {
  return plainText(escapeCommandText(text));
}

/** A property (file name, title): kept exact where the runner can decode it; other controls stay visible as %XX. */
function escapeProperty(text: string): string {
  return escapeCommandText(text)
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

interface Annotation {
  readonly command: Command;
  /** Lower first: the most severe annotations take the few places GitHub shows. */
  readonly rank: number;
  readonly properties: string;
  readonly message: string;
  /** The same finding as a plain log line, for annotations past the limit. */
  readonly logLine: string;
}

function annotations(result: AuditResult): Annotation[] {
  const findings = result.findings
    .filter((f) => !f.suppressed && f.baseline !== 'unchanged')
    .map((f) => ({
      command: COMMAND[f.severity],
      rank: SEVERITIES.indexOf(f.severity) * 2,
      properties: [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`${f.ruleId} (${f.severity})`)}`].join(','),
      message: `${f.message}\nFix: ${f.hint}`,
      logLine: `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`,
    }));
  // A file the parser gave up on can hide findings: ranked just below high findings.
  const parseErrors = result.coverage.parseErrors.map((p) => ({
    command: 'warning' as const,
    rank: 3,
    properties: `file=${escapeProperty(p.path)},line=${p.line ?? 1},title=agent-audit parse error`,
    message: p.message,
    logLine: `${p.path}:${p.line ?? 1} parse error ${p.message}`,
  }));
  return [...findings, ...parseErrors].sort((a, b) => a.rank - b.rank);
}

/** GitHub Actions annotations (`::error file=…,line=…::…`): inline PR annotations without code scanning. */
export function renderGithub(result: AuditResult): string {
  const score = result.score.overall === null ? 'n/a' : `${Math.round(result.score.overall)}/100`;
  const shown: Record<Command, number> = { error: 0, warning: 0, notice: 1 }; // the summary notice takes one place
  const lines: string[] = [];
  const leftOut: Annotation[] = [];
  for (const annotation of annotations(result)) {
    if (shown[annotation.command] >= ANNOTATIONS_PER_STEP) {
      leftOut.push(annotation);
      continue;
    }
    shown[annotation.command]++;
    lines.push(`::${annotation.command} ${annotation.properties}::${escapeData(annotation.message)}`);
  }
  const omitted = leftOut.length > 0 ? ` ${leftOut.length} more finding(s) past GitHub's ${ANNOTATIONS_PER_STEP} annotations per kind per step are listed in the log below, not annotated.` : '';
  // The summary goes first: GitHub keeps the first annotations of each kind and drops the rest.
  lines.unshift(`::notice title=agent-audit::${escapeData(`Readiness ${score} (${result.score.band}). ${gateVerdict(result.gate)}${omitted}`)}`);
  if (leftOut.length > 0) lines.push(`Not annotated (GitHub's per-step limit), most severe first:`, ...leftOut.map((a) => `  ${plainText(a.logLine)}`));
  return `${lines.join('\n')}\n`;
}
