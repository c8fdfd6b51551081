import { writeFileAtomic } from '../atomic-write.js';
import type { AuditResult } from '../types.js';
import { planFixes, type FileChange } from './plan-fixes.js';

/** ESLint's bound: fixes deferred by an overlap get this many more chances before the run stops. */
export const MAX_FIX_PASSES = 10;

export interface FixRun {
  /** The audit of the files as they are at the end: after the fixes, or unchanged on a dry run. */
  readonly result: AuditResult;
  /** Fixes applied, over all passes. */
  readonly applied: number;
  /** Files changed, relative to the root. */
  readonly files: readonly string[];
  readonly passes: number;
  /** Dry run: the first pass's changes, not written. */
  readonly planned?: readonly FileChange[];
}

/**
 * Audit, apply the fixes, audit again; another pass while an overlap held fixes back (at most
 * MAX_FIX_PASSES). Each pass takes its edits from a fresh audit of the files as they are now, so
 * offsets are never stale, and the result is the audit of the fixed files. A dry run plans the first
 * pass and writes nothing.
 */
export async function runFixes(audit: () => Promise<AuditResult>, options: { readonly dryRun: boolean }): Promise<FixRun> {
  let result = await audit();
  if (options.dryRun) return { result, applied: 0, files: [], passes: 0, planned: planFixes(result) };
  let applied = 0;
  const files = new Set<string>();
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const changes = planFixes(result);
    if (changes.length === 0) break;
    for (const change of changes) {
      writeFileAtomic(change.absolutePath, change.after, 'fixed file');
      applied += change.applied;
      files.add(change.file);
    }
    passes += 1;
    result = await audit();
    // Another pass only for fixes an overlap held back: a fix whose finding survived it must not be applied twice.
    if (!changes.some((change) => change.deferred > 0)) break;
  }
  return { result, applied, files: [...files].sort(), passes };
}
