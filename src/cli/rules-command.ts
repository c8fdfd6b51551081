import { Chalk } from 'chalk';
import { ruleDocPath } from '../docs/rule-docs.js';
import type { RuleMetadata } from '../engine/rule-metadata.js';
import { taxonomyLines } from '../report/taxonomy-lines.js';
import { taxonomyCoverage } from '../verdict/taxonomy/coverage.js';

export interface RuleListing {
  readonly id: string;
  readonly category: string;
  readonly severity: string;
  readonly confidence: string;
  readonly title: string;
  readonly summary: string;
  readonly taxonomy: RuleMetadata['taxonomy'];
  readonly docs: string;
}

export function ruleListing(rules: readonly RuleMetadata[]): RuleListing[] {
  return rules.map((rule) => ({
    id: rule.id,
    category: rule.category,
    severity: rule.severity,
    confidence: rule.confidence,
    title: rule.title,
    summary: rule.docs.summary,
    taxonomy: rule.taxonomy,
    docs: ruleDocPath(rule.id),
  }));
}

export function renderRuleTable(rules: readonly RuleMetadata[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}`);
  return `${`${'id'.padEnd(width)}  ${'severity'.padEnd(8)}  title`}\n${lines.join('\n')}\n`;
}

/** `rules --taxonomy`: the coverage matrix of the rule set alone, with no audit (so no findings). */
export function renderTaxonomyMatrix(rules: readonly RuleMetadata[], json: boolean): string {
  const coverage = taxonomyCoverage(rules);
  return json ? `${JSON.stringify(coverage, null, 2)}\n` : `${taxonomyLines(coverage, new Chalk({ level: 0 })).join('\n')}\n`;
}
