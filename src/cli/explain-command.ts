import { Chalk } from 'chalk';
import type { RuleMetadata } from '../engine/rule-metadata.js';
import { AuditError } from '../errors.js';
import { ruleDocsUrl } from '../report/options.js';
import { wrap } from '../report/text-wrap.js';
import { didYouMean } from '../suggest.js';
import { MICROSOFT_FAILURE_MODES, OWASP_AGENTIC, OWASP_LLM_2025 } from '../verdict/taxonomy/frameworks.js';

export interface ExplainOptions {
  readonly color: boolean;
  readonly width: number;
}

function codeBlock(code: string): string[] {
  return code.trimEnd().split('\n').map((line) => `    ${line}`);
}

function taxonomyText(rule: RuleMetadata): string[] {
  const ms = rule.taxonomy.microsoft.map((id) => {
    const mode = MICROSOFT_FAILURE_MODES.find((m) => m.id === id);
    return mode ? `${mode.name} (v${mode.version})` : id;
  });
  const rows: [string, readonly string[]][] = [
    ['Microsoft agentic failure modes', ms],
    ['OWASP LLM Top 10 2025', rule.taxonomy.owaspLlm.map((id) => `${id} ${OWASP_LLM_2025[id] ?? ''}`.trim())],
    ['OWASP Agentic AI threats', rule.taxonomy.owaspAgentic.map((id) => `${id} ${OWASP_AGENTIC[id] ?? ''}`.trim())],
    ['CWE', rule.taxonomy.cwe],
  ];
  return rows.filter(([, values]) => values.length > 0).map(([name, values]) => `${name}: ${values.join('; ')}`);
}

/** A rule's page for the terminal, from its metadata (the same source as its generated markdown page). */
export function renderExplanation(rule: RuleMetadata, options: ExplainOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = options.width;
  const section = (title: string, body: string[]): string[] => ['', c.bold(title), ...body];
  const prose = (text: string): string[] => [wrap(text, w, '  ')];
  const bullets = (items: readonly string[]): string[] => items.map((item) => wrap(item, w, '    ').replace(/^ {4}/, '  - '));
  const list = (title: string, items: readonly string[] | undefined): string[] => (items?.length ? section(title, bullets(items)) : []);
  return `${[
    c.bold(rule.id),
    c.dim(`${rule.category} · default severity ${rule.severity} · confidence ${rule.confidence}`),
    wrap(rule.title, w, ''),
    ...section('What it flags', prose(rule.docs.summary)),
    ...list('What it looks for', rule.docs.details),
    ...section('Why it fails in production', prose(rule.docs.why)),
    ...section('Flagged', codeBlock(rule.docs.bad)),
    ...section('Passes', codeBlock(rule.docs.good)),
    ...section('Fix', prose(rule.hint)),
    ...list('Not flagged', rule.docs.notFlagged),
    ...section('Taxonomy', taxonomyText(rule).map((line) => wrap(line, w, '  '))),
    ...section('Suppress one site, with a reason', [`  // agent-audit-disable-next-line ${rule.id} -- <reason>`]),
    '',
    c.dim(ruleDocsUrl(rule.id)),
  ].join('\n')}\n`;
}

/** The rule named `id`; an unknown id is a usage error that names the closest ones. */
export function findRule(id: string, rules: readonly RuleMetadata[]): RuleMetadata {
  const rule = rules.find((r) => r.id === id);
  if (rule) return rule;
  throw new AuditError('usage', `unknown rule id "${id}"${didYouMean(id, rules.map((r) => r.id))}; run \`agent-audit rules\` for the list`);
}
