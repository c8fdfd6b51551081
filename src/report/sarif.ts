import { pathToFileURL } from 'node:url';
import { renderRuleDoc } from '../docs/rule-docs.js';
import type { Rule } from '../engine/rule.js';
import type { AuditResult, Finding, Severity } from '../types.js';
import { ruleDocsUrl, type RenderOptions } from './options.js';

/** GitHub code scanning ranks alerts by this number (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0). */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const SRCROOT = 'SRCROOT';

function fileUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function ruleTags(rule: Rule): string[] {
  const t = rule.taxonomy;
  // Security rules' category is already the `security` tag GitHub code scanning looks for; tags must be unique.
  return [rule.category, ...t.microsoft.map((m) => `microsoft/${m}`), ...t.owaspLlm.map((o) => `owasp-llm/${o}`), ...t.owaspAgentic.map((o) => `owasp-agentic/${o}`), ...t.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)];
}

function sarifRule(rule: Rule, severity: Severity) {
  return {
    id: rule.id,
    name: rule.id.split('/').map((part) => part.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase())).join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.summary },
    help: { text: `${rule.docs.why}\n\nFix: ${rule.hint}`, markdown: renderRuleDoc(rule) },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ruleTags(rule), precision: rule.confidence === 'high' ? 'high' : rule.confidence === 'medium' ? 'medium' : 'low', 'security-severity': SECURITY_SEVERITY[severity], 'problem.severity': LEVEL[severity] === 'note' ? 'recommendation' : LEVEL[severity] },
  };
}

function sarifResult(finding: Finding, ruleIndex: number) {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.hint}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(finding.file), uriBaseId: SRCROOT },
          region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
        },
      },
    ],
    partialFingerprints: { 'agentAuditFingerprint/v1': finding.fingerprint },
    ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
    ...(finding.baseline ? { baselineState: finding.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: { severity: finding.severity, category: finding.category },
  };
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function renderSarif(result: AuditResult, options: RenderOptions): string {
  const severities = new Map(result.rules.map((r) => [r.id, r.severity]));
  const rules = options.rules.filter((r) => severities.get(r.id) !== 'off');
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const notifications = [
    ...result.coverage.parseErrors.map((p) => ({ level: 'warning', message: { text: `Parse error, audited as far as the parser recovered: ${p.message}` }, locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(p.path), uriBaseId: SRCROOT }, region: { startLine: p.line ?? 1 } } }] })),
    ...result.coverage.unreadable.map((u) => ({ level: 'error', message: { text: `${u.path}: ${u.reason}` } })),
    ...result.coverage.notAudited.map((u) => ({ level: 'error', message: { text: `${u.path}: not audited, ${u.reason}` } })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agent-audit',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: 'https://github.com/agent-audit/agent-audit',
            rules: rules.map((rule) => sarifRule(rule, (severities.get(rule.id) as Severity | undefined) ?? rule.severity)),
          },
        },
        automationDetails: { id: 'agent-audit/' },
        // Every result's uri is relative to the project root (the repository's top), which code scanning checks out as the source root.
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(result.root).href.replace(/\/?$/, '/')}` } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: result.findings.filter((f) => index.has(f.ruleId)).map((f) => sarifResult(f, index.get(f.ruleId) as number)),
        properties: { score: result.score.overall, band: result.score.band, gatePassed: result.gate.passed, ...(result.taxonomy ? { taxonomyCoverage: result.taxonomy } : {}) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
