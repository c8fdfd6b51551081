import { SEVERITIES, type Coverage, type Finding, type GateCondition, type GateResult, type ScoreResult, type Severity } from '../types.js';

export interface GateOptions {
  /** Fail when the overall score is below this (0–100). */
  readonly failUnder?: number;
  /** Fail on any unsuppressed finding at or above this severity; 'none' turns it off. */
  readonly failOn: Severity | 'none';
  /** Fail when more unsuppressed findings below the fail-on severity ("warnings") than this. */
  readonly maxWarnings?: number;
  /** Fail when more files than this had to be parsed with syntax errors. */
  readonly maxParseFailures?: number;
  /** Fail when the fleet's polling (calls/min per instance × instances) exceeds this budget. */
  readonly maxCallsPerMinute?: number;
}

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return rank(severity) <= rank(threshold);
}

export function evaluateGate(options: GateOptions, findings: readonly Finding[], score: ScoreResult, coverage: Coverage, fleetCallsPerMinute: number | null = null): GateResult {
  // With a baseline, findings recorded in it are known debt: only new ones count toward the gate.
  const active = findings.filter((f) => !f.suppressed && f.baseline !== 'unchanged');
  const conditions: GateCondition[] = [];
  if (options.failOn !== 'none') {
    const threshold = options.failOn;
    const failing = active.filter((f) => isAtLeast(f.severity, threshold)).length;
    conditions.push({ name: 'failOn', threshold, actual: failing, passed: failing === 0 });
  }
  if (options.failUnder !== undefined) {
    const actual = score.overall;
    conditions.push({ name: 'failUnder', threshold: options.failUnder, actual, passed: actual === null || actual >= options.failUnder });
  }
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0) {
    const failOn = options.failOn;
    const warnings = active.filter((f) => failOn === 'none' || !isAtLeast(f.severity, failOn)).length;
    conditions.push({ name: 'maxWarnings', threshold: options.maxWarnings, actual: warnings, passed: warnings <= options.maxWarnings });
  }
  conditions.push({ name: 'unreadableFiles', threshold: 0, actual: coverage.unreadable.length, passed: coverage.unreadable.length === 0 });
  // Present only when it bites, so reports of ordinary trees keep their shape.
  if (coverage.notAudited.length > 0) conditions.push({ name: 'filesNotAudited', threshold: 0, actual: coverage.notAudited.length, passed: false });
  if (options.maxParseFailures !== undefined) {
    const actual = coverage.parseErrors.length;
    conditions.push({ name: 'maxParseFailures', threshold: options.maxParseFailures, actual, passed: actual <= options.maxParseFailures });
  }
  if (options.maxCallsPerMinute !== undefined) {
    // Unknown intervals cannot be priced: the budget judges what is known, and the report says the rest is unknown.
    const actual = fleetCallsPerMinute ?? 0;
    conditions.push({ name: 'maxCallsPerMinute', threshold: options.maxCallsPerMinute, actual, passed: actual <= options.maxCallsPerMinute });
  }
  return { passed: conditions.every((c) => c.passed), conditions };
}
