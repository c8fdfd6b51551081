import { enclosingFunction, functionName, ts } from '../model/ast.js';
import type { FileFacts } from '../model/file-facts.js';
import { anyCondition, type ProjectCondition } from '../model/project-conditions.js';
import { SEVERITIES, type DiagnosticMessage, type Finding, type Severity } from '../types.js';
import { fingerprintBase, withOccurrence } from './fingerprint.js';
import { DEFAULT_FIX_SETTINGS, formatMessage, type FixSettings, type MessageData, type ReportExtras, type Rule } from './rule.js';
import { isStackOverflow } from './stack-overflow.js';
import { bundledLinesOf } from '../model/bundled-regions.js';
import { createSuppressionMatcher, parseSuppressions } from './suppressions.js';
import type { Role } from '../model/roles/types.js';

/** The less severe of the two: SEVERITIES runs from critical to low. */
const lowerSeverity = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b);

export interface RuleSetting {
  readonly severity: Severity | 'off';
  /** Config `fix`, for the rule's fix builder (default DEFAULT_FIX_SETTINGS). */
  readonly fix?: FixSettings;
  /** Roles the rule judges no line of: it does not run in a file whose own evidence confines it to these (rule-roles.ts). */
  readonly unjudged?: readonly Role[];
}

/** A finding that may still be withdrawn once the whole project is known. */
export interface PendingFinding {
  readonly finding: Finding;
  readonly unless?: ProjectCondition;
  /** The line whose role decides whether the finding is judged, when not the finding's own (ReportExtras.judgedAt). */
  readonly roleLine?: number;
}

/** Sites a rule examined (the denominator of its score); conditional ones count unless the condition holds. */
export interface CheckedTally {
  readonly ruleId: string;
  readonly count: number;
  readonly unless?: ProjectCondition;
  /** The file the sites are in: a condition is judged against that file's package, and sites in files a rule does not judge drop out. */
  readonly file: string;
}

export interface FileRunResult {
  readonly findings: PendingFinding[];
  readonly diagnostics: DiagnosticMessage[];
  readonly checked: CheckedTally[];
}


function position(sourceFile: ts.SourceFile, node: ts.Node): { line: number; column: number; endLine: number; endColumn: number } {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Runs every enabled rule over one file, applying suppressions; rule crashes become diagnostics. */
export function runRulesOnFile(
  facts: FileFacts,
  rules: readonly Rule[],
  settings: ReadonlyMap<string, RuleSetting>,
  knownRuleIds: ReadonlySet<string>,
  /** The roles the file's lines can have, when its own header or path decides (model/roles/own-evidence-roles.ts). */
  possibleRoles?: readonly Role[],
): FileRunResult {
  const sourceFile = facts.sourceFile;
  const directives = parseSuppressions(sourceFile);
  const suppressions = createSuppressionMatcher(directives);
  // A rule that judges no line of the file finds nothing that is kept; with suppressions it still runs, so the unused ones are told as before.
  const unjudged = (setting: RuleSetting): boolean => possibleRoles !== undefined && directives.length === 0 && possibleRoles.every((role) => setting.unjudged?.includes(role) === true);
  const bundled = bundledLinesOf(sourceFile);
  const inBundledDependency = (node: ts.Node): boolean => bundled !== undefined && bundled(sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1);
  const findings: PendingFinding[] = [];
  const checkedTallies: CheckedTally[] = [];
  const diagnostics: DiagnosticMessage[] = [];
  const occurrences = new Map<string, number>();

  for (const rule of rules) {
    const setting = settings.get(rule.id);
    if (!setting || setting.severity === 'off' || !rule.check || unjudged(setting)) continue;
    const severity = setting.severity;
    const checked = new Set<ts.Node>();
    const conditional = new Map<string, { unless: ProjectCondition; nodes: Set<ts.Node> }>();
    const reported = new Set<ts.Node>();
    const countChecked = (node: ts.Node, unless?: ProjectCondition): void => {
      if (inBundledDependency(node)) return;
      if (!unless) return void checked.add(node);
      const key = JSON.stringify(unless);
      const entry = conditional.get(key) ?? { unless, nodes: new Set<ts.Node>() };
      entry.nodes.add(node);
      conditional.set(key, entry);
    };
    const report = (node: ts.Node, messageId: string, data?: MessageData, extras: ReportExtras = {}): void => {
      if (reported.has(node) || inBundledDependency(node)) return;
      reported.add(node);
      countChecked(node, extras.notApplicableIf);
      const pos = position(sourceFile, node);
      const fn = enclosingFunction(node);
      const base = fingerprintBase(rule.id, facts.path, node.getText(sourceFile), fn ? functionName(fn) : undefined);
      const occurrence = occurrences.get(base) ?? 0;
      occurrences.set(base, occurrence + 1);
      const suppressed = suppressions.match(rule.id, pos.line);
      const finding: Finding = {
        ruleId: rule.id,
        severity: extras.severity ? lowerSeverity(severity, extras.severity) : severity,
        category: rule.category,
        message: formatMessage(rule.messages[messageId] ?? messageId, data),
        hint: rule.hint,
        file: facts.path,
        ...pos,
        fingerprint: withOccurrence(base, occurrence),
        ...(suppressed ? { suppressed } : {}),
        taxonomy: rule.taxonomy,
        ...(extras.details ? { details: extras.details } : {}),
        ...(extras.fix ? { fix: { description: extras.fix.description, edits: extras.fix.edits.map((edit) => ({ file: facts.path, ...edit })) } } : {}),
      };
      const withdrawIf = anyCondition(extras.unless, extras.notApplicableIf);
      const roleLine = extras.judgedAt ? position(sourceFile, extras.judgedAt).line : undefined;
      findings.push({ finding, ...(withdrawIf ? { unless: withdrawIf } : {}), ...(roleLine !== undefined && roleLine !== pos.line ? { roleLine } : {}) });
    };
    try {
      rule.check({
        file: facts,
        fixSettings: setting.fix ?? DEFAULT_FIX_SETTINGS,
        report,
        checked: (node, extras) => countChecked(node, extras?.unless),
      });
    } catch (error) {
      // An overflow depends on the stack this thread has: the whole file is analysed again on a larger one.
      if (isStackOverflow(error)) throw error;
      diagnostics.push({ kind: 'rule-error', file: facts.path, line: 1, message: `Rule ${rule.id} failed on this file and was skipped for it: ${(error as Error).message}` });
    }
    for (const { nodes } of conditional.values()) for (const node of nodes) if (checked.has(node)) nodes.delete(node);
    if (checked.size > 0) checkedTallies.push({ ruleId: rule.id, count: checked.size, file: facts.path });
    for (const { unless, nodes } of conditional.values()) if (nodes.size > 0) checkedTallies.push({ ruleId: rule.id, count: nodes.size, unless, file: facts.path });
  }
  for (const diagnostic of suppressions.diagnostics(facts.path, knownRuleIds)) diagnostics.push(diagnostic);
  return { findings, diagnostics, checked: checkedTallies };
}
