import { SEVERITIES, type Coverage, type Finding, type GateCondition, type GateResult, type ScoreResult, type Severity } from '../../types.js';

/**
 * The score condition, and where it came from (the verdict names it):
 * - `absolute`: score >= threshold (`--fail-under`, config `gate.failUnder`, or the default gate, which
 *   fails a project in the 'not ready' band);
 * - `no-regression`: with a baseline that recorded a score, the score may not drop below it.
 */
export type ScoreGate =
  | { readonly kind: 'absolute'; readonly threshold: number; readonly source: 'flag' | 'config' | 'default' }
  | { readonly kind: 'no-regression'; readonly threshold: number };

export interface GateOptions {
  readonly score?: ScoreGate;
  /** Fail on any unsuppressed finding at or above this severity; 'none' turns it off. */
  readonly failOn: Severity | 'none';
  /** Fail when more unsuppressed findings below the fail-on severity ("warnings") than this. */
  readonly maxWarnings?: number;
  /** Fail when more files than this had to be parsed with syntax errors. */
  readonly maxParseFailures?: number;
  /** Fail when the fleet's polling (calls/min per instance × instances) exceeds this budget. */
  readonly maxCallsPerMinute?: number;
}

/** The default gate's score threshold: the bottom of the 'needs work' band, so 'not ready' fails. */
export const DEFAULT_FAIL_UNDER = 50;

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return rank(severity) <= rank(threshold);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const shown = (score: number): string => String(Math.round(score * 100) / 100);

function scoreCondition(gate: ScoreGate, score: ScoreResult): GateCondition {
  const actual = score.overall === null ? null : Math.round(score.overall * 100) / 100;
  if (gate.kind === 'no-regression') {
    const passed = actual === null || actual >= gate.threshold;
    const reason = actual === null ? `score n/a (no rule applied), so no regression against the baseline's ${shown(gate.threshold)} can be measured` : `score ${shown(actual)} ${passed ? '>=' : '<'} ${shown(gate.threshold)} recorded in the baseline (no regression)`;
    return { name: 'scoreRegression', threshold: gate.threshold, actual, passed, reason };
  }
  const source = gate.source === 'flag' ? '--fail-under' : gate.source === 'config' ? 'config gate.failUnder' : "default gate: fails in the 'not ready' band";
  if (actual === null) {
    // Nothing applicable usually means the wrong folder was audited: an explicit threshold cannot be shown met.
    const passed = gate.source === 'default';
    return { name: 'failUnder', threshold: gate.threshold, actual, passed, reason: `score n/a (no rule applied to these files), so ${passed ? 'the default score check does not apply' : `${source} ${gate.threshold} cannot be met`}` };
  }
  const passed = actual >= gate.threshold;
  return { name: 'failUnder', threshold: gate.threshold, actual, passed, reason: `score ${shown(actual)} ${passed ? '>=' : '<'} ${gate.threshold} (${source})` };
}

export function evaluateGate(options: GateOptions, findings: readonly Finding[], score: ScoreResult, coverage: Coverage, fleetCallsPerMinute: number | null = null): GateResult {
  // With a baseline, findings recorded in it are known debt: only new ones count toward the gate.
  const active = findings.filter((f) => !f.suppressed && f.baseline !== 'unchanged');
  const known = findings.some((f) => f.baseline !== undefined) ? 'new ' : '';
  const conditions: GateCondition[] = [];
  if (options.failOn !== 'none') {
    const threshold = options.failOn;
    const failing = active.filter((f) => isAtLeast(f.severity, threshold)).length;
    const what = threshold === 'critical' ? plural(failing, `${known}critical finding`) : `${plural(failing, `${known}finding`)} at ${threshold} or above`;
    conditions.push({ name: 'failOn', threshold, actual: failing, passed: failing === 0, reason: `${what} (fail-on ${threshold})` });
  }
  if (options.score) conditions.push(scoreCondition(options.score, score));
  if (options.maxWarnings !== undefined && options.maxWarnings >= 0) {
    const failOn = options.failOn;
    const warnings = active.filter((f) => failOn === 'none' || !isAtLeast(f.severity, failOn)).length;
    conditions.push({ name: 'maxWarnings', threshold: options.maxWarnings, actual: warnings, passed: warnings <= options.maxWarnings, reason: `${plural(warnings, `${known}warning`)}, at most ${options.maxWarnings} allowed (max-warnings)` });
  }
  const unreadable = coverage.unreadable.length;
  conditions.push({ name: 'unreadableFiles', threshold: 0, actual: unreadable, passed: unreadable === 0, reason: `${plural(unreadable, 'unreadable file')}` });
  // Present only when it bites, so reports of ordinary trees keep their shape.
  const notAudited = coverage.notAudited.length;
  if (notAudited > 0) conditions.push({ name: 'filesNotAudited', threshold: 0, actual: notAudited, passed: false, reason: `${plural(notAudited, 'file')} not audited (listed in the coverage section)` });
  if (options.maxParseFailures !== undefined) {
    const actual = coverage.parseErrors.length;
    conditions.push({ name: 'maxParseFailures', threshold: options.maxParseFailures, actual, passed: actual <= options.maxParseFailures, reason: `${plural(actual, 'file')} with parse errors, at most ${options.maxParseFailures} allowed` });
  }
  if (options.maxCallsPerMinute !== undefined) {
    // Unknown intervals cannot be priced: the budget judges what is known, and the report says the rest is unknown.
    const actual = fleetCallsPerMinute ?? 0;
    conditions.push({ name: 'maxCallsPerMinute', threshold: options.maxCallsPerMinute, actual, passed: actual <= options.maxCallsPerMinute, reason: `polling ${actual} calls/min, budget ${options.maxCallsPerMinute}` });
  }
  return { passed: conditions.every((c) => c.passed), conditions };
}
