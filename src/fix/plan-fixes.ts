import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ts } from '../typescript.cjs';
import { MAX_FILE_BYTES, codeOf } from '../project/parse.js';
import { readRegularFile } from '../project/read-file.js';
import type { AuditResult, Finding, FindingFix } from '../types.js';
import { applyFixes } from './apply-edits.js';

/** One file's text before and after its fixes. */
export interface FileChange {
  /** Relative to the audit root, forward slashes. */
  readonly file: string;
  readonly absolutePath: string;
  readonly before: string;
  readonly after: string;
  readonly applied: number;
  readonly deferred: number;
}

/** A fix is applied only to the finding's own file, and only when all its edits are in that file. */
function fixOf(finding: Finding): FindingFix | undefined {
  const fix = finding.fix;
  return !finding.suppressed && fix && fix.edits.every((edit) => edit.file === finding.file) ? fix : undefined;
}

export function fixableFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => fixOf(finding) !== undefined);
}

/** The real path of a file under the root, or undefined when it (or a symlink on its way) leads outside. */
function insideRoot(root: string, file: string): string | undefined {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(resolve(root, file));
    const rel = relative(realRoot, real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Counted on the code the audit parses: a component's script blocks keep their offsets, so edits apply to both. */
function parseErrorCount(path: string, text: string): number {
  const code = codeOf(path, text);
  const sourceFile = ts.createSourceFile(path, code.text, ts.ScriptTarget.Latest, false, code.scriptKind);
  return ((sourceFile as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics ?? []).length;
}

/**
 * The changes the audit's fixes make, file by file, without writing anything. A file is left alone when
 * it lies outside the audited root (a symlink out of it included), could not be parsed cleanly (the
 * edits' offsets would be a parser's guess), or would parse worse after the edits.
 */
export function planFixes(result: AuditResult): FileChange[] {
  const byFile = new Map<string, FindingFix[]>();
  for (const finding of result.findings) {
    const fix = fixOf(finding);
    if (fix) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), fix]);
  }
  const unparsed = new Set(result.coverage.parseErrors.map((error) => error.path));
  const changes: FileChange[] = [];
  for (const [file, fixes] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const absolutePath = insideRoot(result.root, file);
    if (!absolutePath || unparsed.has(file)) continue;
    const read = readRegularFile(absolutePath, MAX_FILE_BYTES);
    if (!read.ok) continue;
    const before = read.buffer.toString('utf8');
    const { text: after, applied, deferred } = applyFixes(before, fixes);
    if (after === before || parseErrorCount(file, after) > parseErrorCount(file, before)) continue;
    changes.push({ file, absolutePath, before, after, applied, deferred });
  }
  return changes;
}
