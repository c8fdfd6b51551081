import type { AuditResult, Severity } from '../types.js';

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };

/** Workflow-command escaping (as in @actions/core): data escapes %, CR, LF; properties also : and ,. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations (`::error file=…,line=…::…`): inline PR annotations without code scanning. */
export function renderGithub(result: AuditResult): string {
  const lines = result.findings
    .filter((f) => !f.suppressed && f.baseline !== 'unchanged')
    .map((f) => {
      const props = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`, `title=${escapeProperty(`${f.ruleId} (${f.severity})`)}`];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message}\nFix: ${f.hint}`)}`;
    });
  for (const p of result.coverage.parseErrors) lines.push(`::warning file=${escapeProperty(p.path)},line=${p.line ?? 1},title=agent-audit parse error::${escapeData(p.message)}`);
  const score = result.score.overall === null ? 'n/a' : `${Math.round(result.score.overall)}/100`;
  const gate = result.gate.passed ? 'passed' : `failed (${result.gate.conditions.filter((c) => !c.passed).map((c) => c.name).join(', ')})`;
  lines.push(`::notice title=agent-audit::${escapeData(`Readiness ${score} (${result.score.band}); gate ${gate}`)}`);
  return `${lines.join('\n')}\n`;
}
