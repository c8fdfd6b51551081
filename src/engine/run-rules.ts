import { enclosingFunction, functionName, ts } from '../analysis/ast.js';
import type { FileFacts } from '../analysis/facts.js';
import type { ProjectFacts } from '../analysis/project-facts.js';
import type { DiagnosticMessage, Finding, Severity } from '../types.js';
import { fingerprintBase, withOccurrence } from './fingerprint.js';
import { formatMessage, type FindingDetails, type MessageData, type Rule } from './rule.js';
import { createSuppressionMatcher, parseSuppressions } from './suppressions.js';

export interface RuleSetting {
  readonly severity: Severity | 'off';
  readonly options: Readonly<Record<string, unknown>>;
}

export interface RuleTally {
  checked: Set<ts.Node>;
  failed: Set<ts.Node>;
}

export interface FileRunResult {
  readonly findings: Finding[];
  readonly diagnostics: DiagnosticMessage[];
}


function position(sourceFile: ts.SourceFile, node: ts.Node): { line: number; column: number; endLine: number; endColumn: number } {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Runs every enabled rule over one file, applying suppressions; rule crashes become diagnostics. */
export function runRulesOnFile(
  facts: FileFacts,
  project: ProjectFacts,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  tallies: Map<string, RuleTally>,
  knownRuleIds: ReadonlySet<string>,
): FileRunResult {
  const sourceFile = facts.sourceFile;
  const suppressions = createSuppressionMatcher(parseSuppressions(sourceFile.text));
  const findings: Finding[] = [];
  const diagnostics: DiagnosticMessage[] = [];
  const occurrences = new Map<string, number>();

  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (!setting || setting.severity === 'off') continue;
    const severity = setting.severity;
    const tally = tallies.get(rule.id) ?? { checked: new Set(), failed: new Set() };
    tallies.set(rule.id, tally);
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, messageId: string, data?: MessageData, details?: FindingDetails): void => {
      if (reported.has(node)) return;
      reported.add(node);
      tally.checked.add(node);
      const pos = position(sourceFile, node);
      const fn = enclosingFunction(node);
      const base = fingerprintBase(rule.id, facts.path, node.getText(sourceFile), fn ? functionName(fn) : undefined);
      const occurrence = occurrences.get(base) ?? 0;
      occurrences.set(base, occurrence + 1);
      const suppressed = suppressions.match(rule.id, pos.line);
      if (!suppressed) tally.failed.add(node);
      findings.push({
        ruleId: rule.id,
        severity,
        category: rule.category,
        message: formatMessage(rule.messages[messageId] ?? messageId, data),
        hint: rule.hint,
        file: facts.path,
        ...pos,
        fingerprint: withOccurrence(base, occurrence),
        ...(suppressed ? { suppressed } : {}),
        taxonomy: rule.taxonomy,
        ...(details ? { details } : {}),
      });
    };
    try {
      rule.check({ file: facts, project, options: setting.options, report, checked: (node) => tally.checked.add(node) });
    } catch (error) {
      diagnostics.push({ kind: 'rule-error', file: facts.path, line: 1, message: `Rule ${rule.id} failed on this file and was skipped for it: ${(error as Error).message}` });
    }
  }
  diagnostics.push(...suppressions.diagnostics(facts.path, knownRuleIds));
  return { findings, diagnostics };
}
