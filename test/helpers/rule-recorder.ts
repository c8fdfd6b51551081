import { audit } from '../../src/audit.js';
import type { Rule } from '../../src/engine/rule.js';
import type { AuditResult } from '../../src/types.js';

/** One `report()` call a rule made: where it points and with which message id. */
export interface RecordedReport {
  readonly file: string;
  readonly line: number;
  readonly messageId: string;
}

export interface RecordedAudit {
  readonly result: AuditResult;
  readonly reports: readonly RecordedReport[];
  /** `file:line` of every site a per-file rule counted (reported sites count too, as in the engine). */
  readonly checked: ReadonlySet<string>;
  /** `file:line` of sites counted only unless a project condition holds (decided after every file was seen). */
  readonly checkedUnless: ReadonlySet<string>;
}

/**
 * Audits `paths` with this one rule through the real pipeline, and records what the rule said on the
 * way: the message id of each report and each site it counted as checked, which findings do not show.
 */
/** `root` makes reported paths relative to a fixture project instead of the repository. */
export async function auditRecording(paths: readonly string[], rule: Rule, configDir: string, root?: string): Promise<RecordedAudit> {
  const reports: RecordedReport[] = [];
  const checked = new Set<string>();
  const checkedUnless = new Set<string>();
  const recording: Rule = {
    ...rule,
    ...(rule.check && {
      check: (context) => {
        const { sourceFile, path } = context.file;
        const lineOf = (node: { getStart(sourceFile?: never): number }): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile as never)).line + 1;
        rule.check?.({
          ...context,
          report: (node, messageId, data, extras) => {
            reports.push({ file: path, line: lineOf(node), messageId });
            (extras?.notApplicableIf ? checkedUnless : checked).add(`${path}:${lineOf(node)}`);
            context.report(node, messageId, data, extras);
          },
          checked: (node, extras) => {
            (extras?.unless ? checkedUnless : checked).add(`${path}:${lineOf(node)}`);
            context.checked(node, extras);
          },
        });
      },
    }),
    ...(rule.checkProject && {
      checkProject: (context) =>
        rule.checkProject?.({
          ...context,
          report: (location, messageId, data) => {
            reports.push({ file: location.file, line: location.line, messageId });
            context.report(location, messageId, data);
          },
        }),
    }),
  };
  const result = await audit({ paths, config: {}, configDir, rules: [recording], ...(root ? { root } : {}) });
  return { result, reports, checked, checkedUnless };
}
