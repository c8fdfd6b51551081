import type { AuditResult } from '../types.js';

/** Fewer checked sites than this and a score is a small sample: one finding swings it from 100 to 0. */
export const SMALL_SAMPLE = 5;

/** Sites checked by the rules that count (not turned off), over all categories. */
export function checkedSites(result: AuditResult): number {
  // A result built by hand (or an older one) may carry no per-rule results.
  return (result.rules ?? []).reduce((n, rule) => n + (rule.severity === 'off' ? 0 : rule.checked), 0);
}

/** " — from 3 checked sites, a small sample" when the overall score stands on few sites, else "". */
export function smallSampleNote(result: AuditResult): string {
  const checked = checkedSites(result);
  return result.score.overall !== null && checked > 0 && checked < SMALL_SAMPLE ? ` — from ${checked} checked site${checked === 1 ? '' : 's'}, a small sample` : '';
}
