import { CATEGORIES, type Band, type Category, type CategoryScore, type Finding, type RuleResult, type ScoreResult, type Severity } from '../../types.js';

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 7.5, medium: 5, low: 2.5 };
export const CRITICAL_CAP = 49;

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** 1 − failing / checked sites; a rule that checked nothing is not applicable (null), never a free 1. */
export function ruleScore(checked: number, failed: number): number | null {
  if (checked <= 0) return null;
  return Math.max(0, 1 - Math.min(failed, checked) / checked);
}

export function bandOf(score: number): Band {
  if (score >= 90) return 'ready';
  if (score >= 50) return 'needs work';
  return 'not ready';
}

function weightedMean(items: readonly { score: number; weight: number }[]): number | null {
  const weight = items.reduce((sum, item) => sum + item.weight, 0);
  if (weight === 0) return null;
  return items.reduce((sum, item) => sum + item.score * item.weight, 0) / weight;
}

/**
 * Category score = 100 × severity-weighted mean of its applicable rules' scores; overall = mean of
 * categories weighted by their applicable weight; any unsuppressed critical finding caps it at 49.
 */
export function computeScore(rules: readonly RuleResult[], findings: readonly Finding[]): ScoreResult {
  const categories = {} as Record<Category, CategoryScore>;
  for (const category of CATEGORIES) {
    const applicable = rules.filter((r) => r.category === category && r.applicable && r.score !== null);
    const mean = weightedMean(applicable.map((r) => ({ score: r.score as number, weight: r.weight })));
    categories[category] = {
      score: mean === null ? null : round1(100 * mean),
      weight: applicable.reduce((sum, r) => sum + r.weight, 0),
      rules: applicable.map((r) => r.id),
    };
  }
  const overallRaw = weightedMean(
    CATEGORIES.map((c) => categories[c]).filter((c) => c.score !== null).map((c) => ({ score: c.score as number, weight: c.weight })),
  );
  const uncapped = overallRaw === null ? null : round1(overallRaw);
  const criticalCount = findings.filter((f) => f.severity === 'critical' && !f.suppressed).length;
  const capped = uncapped !== null && criticalCount > 0 && uncapped > CRITICAL_CAP;
  const overall = uncapped === null ? null : capped ? CRITICAL_CAP : uncapped;
  return {
    overall,
    uncapped,
    band: overall === null ? 'not applicable' : bandOf(overall),
    capped,
    ...(capped ? { capReason: `${criticalCount} unsuppressed critical finding(s) cap the score at ${CRITICAL_CAP}` } : {}),
    categories,
    severityWeights: SEVERITY_WEIGHTS,
  };
}
