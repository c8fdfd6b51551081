import { audit } from '../../src/audit.js';
import { formatMessage, type Rule } from '../../src/engine/rule.js';
import { bundledDependencyLines } from '../../src/model/bundled-regions.js';
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
 * A report of a cross-file flow (`notApplicableIf` an `unprovenFlow`) withdrawn once the project was
 * seen is neither a report nor a checked site.
 */
/** `root` makes reported paths relative to a fixture project instead of the repository. */
export async function auditRecording(paths: readonly string[], rule: Rule, configDir: string, root?: string): Promise<RecordedAudit> {
  const reports: (RecordedReport & { readonly conditional: boolean; readonly message?: string })[] = [];
  const checked = new Set<string>();
  const checkedUnless = new Set<string>();
  const recording: Rule = {
    ...rule,
    ...(rule.check && {
      check: (context) => {
        const { sourceFile, path } = context.file;
        const lineOf = (node: { getStart(sourceFile?: never): number }): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile as never)).line + 1;
        // The engine drops what a rule says about code a bundle copied from a dependency: so does the record.
        const bundled = bundledDependencyLines(sourceFile.text);
        const dropped = (node: { getStart(sourceFile?: never): number }): boolean => bundled?.(lineOf(node)) === true;
        rule.check?.({
          ...context,
          report: (node, messageId, data, extras) => {
            if (dropped(node)) return;
            const conditional = extras?.notApplicableIf !== undefined && JSON.stringify(extras.notApplicableIf).includes('"unprovenFlow"');
            const template = (rule.messages as Record<string, string>)[messageId];
            reports.push({ file: path, line: lineOf(node), messageId, conditional, ...(template !== undefined ? { message: formatMessage(template, data) } : {}) });
            if (!conditional) (extras?.notApplicableIf ? checkedUnless : checked).add(`${path}:${lineOf(node)}`);
            context.report(node, messageId, data, extras);
          },
          checked: (node, extras) => {
            if (dropped(node)) return;
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
            reports.push({ file: location.file, line: location.line, messageId, conditional: false });
            context.report(location, messageId, data);
          },
        }),
    }),
  };
  const result = await audit({ paths, config: {}, configDir, rules: [recording], ...(root ? { root } : {}) });
  const kept = reports.filter((r) => !r.conditional || result.findings.some((f) => f.ruleId === rule.id && f.file === r.file && f.line === r.line && f.message === r.message));
  for (const r of kept) if (r.conditional) checked.add(`${r.file}:${r.line}`);
  return { result, reports: kept.map(({ file, line, messageId }) => ({ file, line, messageId })), checked, checkedUnless };
}
