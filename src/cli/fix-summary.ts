import type { FixRun } from '../fix/run-fixes.js';
import { fixableFindings } from '../fix/plan-fixes.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : /(?:x|s|sh|ch)$/.test(word) ? 'es' : 's'}`;

/** One line on what a fix run did (or, dry, would do) and what is left. */
export function fixSummary(run: FixRun): string {
  const remaining = run.result.findings.filter((f) => !f.suppressed).length;
  if (run.planned) {
    const fixes = run.planned.reduce((n, change) => n + change.applied, 0);
    return `dry run: ${plural(fixes, 'fix')} in ${plural(run.planned.length, 'file')} would be applied; nothing was written`;
  }
  if (run.applied === 0 && run.files.length === 0) return `nothing to fix; ${plural(remaining, 'finding')} remain${remaining === 1 ? 's' : ''} (none with an unambiguous fix)`;
  const left = fixableFindings(run.result.findings).length;
  const notFixed = left > 0 ? ` (${left} fixable left unapplied: the file is outside the root, does not parse, or the fix overlapped)` : '';
  return `applied ${plural(run.applied, 'fix')} in ${plural(run.files.length, 'file')}; ${plural(remaining, 'finding')} remain${remaining === 1 ? 's' : ''}${notFixed}`;
}
