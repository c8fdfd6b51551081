import type { FindingFix } from '../types.js';

export interface AppliedFixes {
  readonly text: string;
  /** Fixes applied (a fix shared by several findings, like a client's factory options, counts once). */
  readonly applied: number;
  /** Fixes left out because they overlap one applied before them: the next pass may apply them. */
  readonly deferred: number;
}

const fixKey = (fix: FindingFix): string => JSON.stringify(fix.edits.map((e) => [e.start, e.end, e.replacement]));

/**
 * Applies one file's fixes to its text, ESLint's way: identical fixes once, then in order of position,
 * each only if its span (first edit's start to last edit's end) starts after the end of the one applied
 * before it; two insertions at one point overlap too, their order would be a guess. A fix is all its
 * edits or nothing.
 */
export function applyFixes(text: string, fixes: readonly FindingFix[]): AppliedFixes {
  const unique = [...new Map(fixes.map((fix) => [fixKey(fix), fix])).values()].filter((fix) => fix.edits.length > 0 && fix.edits.every((e) => 0 <= e.start && e.start <= e.end && e.end <= text.length));
  const span = (fix: FindingFix): [number, number] => [Math.min(...fix.edits.map((e) => e.start)), Math.max(...fix.edits.map((e) => e.end))];
  unique.sort((a, b) => span(a)[0] - span(b)[0] || span(a)[1] - span(b)[1]);
  const chosen: FindingFix[] = [];
  let lastEnd = -1;
  for (const fix of unique) {
    const [start, end] = span(fix);
    // Touching counts as overlapping: two insertions at one point, or one at the edge of a replacement.
    if (start <= lastEnd) continue;
    chosen.push(fix);
    lastEnd = end;
  }
  const edits = chosen.flatMap((fix) => fix.edits).sort((a, b) => b.start - a.start || b.end - a.end);
  let output = text;
  for (const edit of edits) output = output.slice(0, edit.start) + edit.replacement + output.slice(edit.end);
  return { text: output, applied: chosen.length, deferred: unique.length - chosen.length };
}
