import type { AuditResult, Severity } from '../types.js';

/** GitLab Code Quality (CodeClimate) severities, highest last. */
const GITLAB_SEVERITY: Readonly<Record<Severity, 'minor' | 'major' | 'critical' | 'blocker'>> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor' };

/** GitLab Code Quality report (artifacts:reports:codequality); suppressed findings are left out. */
export function renderGitlab(result: AuditResult): string {
  const issues = result.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({
      type: 'issue',
      description: `${f.message} Fix: ${f.hint}`,
      check_name: f.ruleId,
      categories: [f.category === 'security' ? 'Security' : 'Bug Risk'],
      fingerprint: f.fingerprint,
      severity: GITLAB_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
