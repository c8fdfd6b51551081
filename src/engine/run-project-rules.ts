import type { ProjectFacts } from '../model/project-facts.js';
import type { Catalog } from '../catalog/types.js';
import type { Finding } from '../types.js';
import { fingerprintBase, withOccurrence } from './fingerprint.js';
import { formatMessage, type PackageManifest, type ProjectLocation, type Rule } from './rule.js';
import type { RuleSetting } from './run-rules.js';

export interface ProjectRuleInput {
  readonly project: ProjectFacts;
  readonly manifest?: PackageManifest;
  evalFiles(): readonly string[];
  promptFiles(): readonly string[];
  readonly catalog: Catalog;
}

/** Runs the whole-project checks once every file was analysed. */
export function runProjectRules(rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting>, input: ProjectRuleInput): { findings: Finding[]; checked: Map<string, number> } {
  const findings: Finding[] = [];
  const checked = new Map<string, number>();
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (!rule.checkProject || !setting || setting.severity === 'off') continue;
    const severity = setting.severity;
    const occurrences = new Map<string, number>();
    rule.checkProject({
      ...input,
      checked: () => checked.set(rule.id, (checked.get(rule.id) ?? 0) + 1),
      report: (location: ProjectLocation, messageId: string, data) => {
        checked.set(rule.id, (checked.get(rule.id) ?? 0) + 1);
        const base = fingerprintBase(rule.id, location.file, location.anchor, undefined);
        const occurrence = occurrences.get(base) ?? 0;
        occurrences.set(base, occurrence + 1);
        findings.push({
          ruleId: rule.id,
          severity,
          category: rule.category,
          message: formatMessage(rule.messages[messageId] ?? messageId, data),
          hint: rule.hint,
          file: location.file,
          line: location.line,
          column: location.column,
          endLine: location.line,
          endColumn: location.column,
          fingerprint: withOccurrence(base, occurrence),
          taxonomy: rule.taxonomy,
        });
      },
    });
  }
  return { findings, checked };
}
