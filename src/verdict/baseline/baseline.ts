import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../atomic-write.js';
import { AuditError } from '../../errors.js';
import { MAX_METADATA_BYTES, readRegularFile } from '../../project/read-file.js';
import type { BaselineEntry, BaselineSummary, Finding } from '../../types.js';

export const DEFAULT_BASELINE_FILE = '.agent-audit-baseline.json';

export interface BaselineFile {
  readonly schemaVersion: 1;
  readonly tool: 'agent-audit';
  /**
   * The overall score when the baseline was recorded: with a baseline, the gate's score condition is
   * "no regression below this". Optional: files written before it was recorded still load.
   */
  readonly score?: number | null;
  /** The audited paths (root-relative, sorted) the score was recorded for: another scope's score is not comparable. */
  readonly scope?: readonly string[];
  readonly findings: readonly BaselineEntry[];
}

/** The baseline of a set of findings: their line-independent fingerprints, sorted for stable diffs. */
export function createBaseline(findings: readonly Finding[], score?: number | null, scope?: readonly string[]): BaselineFile {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, message: f.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  const recorded = score === undefined ? {} : { score: score === null ? null : Math.round(score * 100) / 100 };
  return { schemaVersion: 1, tool: 'agent-audit', ...recorded, ...(scope ? { scope: [...scope] } : {}), findings: entries };
}

/** Replaces an earlier baseline atomically; any other existing file is refused rather than lost. */
export function writeBaseline(path: string, baseline: BaselineFile): void {
  refuseForeignFile(path);
  writeFileAtomic(path, `${JSON.stringify(baseline, null, 2)}\n`, 'baseline');
}

function refuseForeignFile(path: string): void {
  const read = readRegularFile(path, MAX_METADATA_BYTES * 4);
  if (!read.ok && read.reason.kind === 'error' && read.reason.code === 'ENOENT') return;
  let ours = false;
  if (read.ok) {
    try {
      ours = isBaseline(JSON.parse(read.buffer.toString('utf8')));
    } catch {
      ours = false;
    }
  }
  if (!ours) throw new AuditError('usage', `refusing to overwrite ${path}: it is not an agent-audit baseline (choose another file with -o, or remove it first)`);
}

function isBaseline(value: unknown): value is BaselineFile {
  const file = value as Partial<BaselineFile> | null;
  return file?.tool === 'agent-audit' && file.schemaVersion === 1 && Array.isArray(file.findings) && file.findings.every((f) => typeof f?.fingerprint === 'string');
}

export function readBaseline(path: string): BaselineFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuditError('usage', code === 'ENOENT' ? `baseline file not found: ${path} (create it with \`agent-audit baseline\`)` : `baseline ${path} is not valid JSON`);
  }
  if (!isBaseline(value)) throw new AuditError('usage', `${path} is not an agent-audit baseline (schemaVersion 1)`);
  const file = value as Partial<BaselineFile>;
  if (file.score !== undefined && file.score !== null && (typeof file.score !== 'number' || !Number.isFinite(file.score))) {
    throw new AuditError('usage', `${path}: "score" must be a number or null`);
  }
  if (file.scope !== undefined && (!Array.isArray(file.scope) || !file.scope.every((s) => typeof s === 'string'))) {
    throw new AuditError('usage', `${path}: "scope" must be a list of paths`);
  }
  return value;
}

/** Marks each finding new or unchanged against the baseline. */
export function markAgainstBaseline(findings: readonly Finding[], baseline: BaselineFile): Finding[] {
  const known = new Set(baseline.findings.map((f) => f.fingerprint));
  return findings.map((f): Finding => (f.suppressed ? f : { ...f, baseline: known.has(f.fingerprint) ? 'unchanged' : 'new' }));
}

/** The baseline's score, when it was recorded for the same audit scope (else it is not comparable). */
export function comparableScore(baseline: BaselineFile, scope: readonly string[]): number | null | undefined {
  if (baseline.scope && baseline.scope.join('\0') !== scope.join('\0')) return undefined;
  return baseline.score;
}

/**
 * Counts for the reported findings. A recorded finding is fixed only when it occurs nowhere in the
 * whole project (`allFindings`) and its file is inside what this run audited (`inScope`): a
 * --changed-since run or a subfolder audit never lists other files' findings as fixed.
 */
export function baselineSummary(reported: readonly Finding[], allFindings: readonly Finding[], baseline: BaselineFile, path: string, inScope: (file: string) => boolean = () => true): BaselineSummary {
  const current = new Set(allFindings.map((f) => f.fingerprint));
  const fixed = baseline.findings.filter((f) => !current.has(f.fingerprint) && inScope(f.file));
  const score = baseline.score === undefined ? {} : { score: baseline.score };
  return { path, new: reported.filter((f) => f.baseline === 'new').length, unchanged: reported.filter((f) => f.baseline === 'unchanged').length, ...score, fixed };
}

/** Marks each finding new or unchanged against the baseline, and lists recorded findings now fixed. */
export function applyBaseline(findings: readonly Finding[], baseline: BaselineFile, path: string): { findings: Finding[]; summary: BaselineSummary } {
  const marked = markAgainstBaseline(findings, baseline);
  return { findings: marked, summary: baselineSummary(marked, marked, baseline, path) };
}
