import type { UserConfig } from '../../config/types.js';
import type { Severity } from '../../types.js';
import { DEFAULT_FAIL_UNDER, type GateOptions, type ScoreGate } from './gate.js';

export interface GateFlags {
  readonly failUnder?: number;
  readonly failOn?: Severity | 'none';
  readonly maxWarnings?: number;
}

/**
 * Which score condition applies, most explicit first: `--fail-under` is absolute; with a baseline that
 * recorded a score, the score may not regress below it (a config `gate.failUnder` is the standing
 * target that adopting a baseline is meant to relax, like coverage gates); then config; then the default,
 * which fails the 'not ready' band so a 0/100 project never reads "Gate passed".
 */
export function scoreGate(config: UserConfig, flags: GateFlags, baselineScore: number | null | undefined): ScoreGate {
  if (flags.failUnder !== undefined) return { kind: 'absolute', threshold: flags.failUnder, source: 'flag' };
  if (typeof baselineScore === 'number') return { kind: 'no-regression', threshold: baselineScore };
  if (config.gate?.failUnder !== undefined) return { kind: 'absolute', threshold: config.gate.failUnder, source: 'config' };
  return { kind: 'absolute', threshold: DEFAULT_FAIL_UNDER, source: 'default' };
}

/** CLI flags win over config.gate; the polling budget comes from config.polling. */
export function resolveGateOptions(config: UserConfig, flags: GateFlags, baselineScore?: number | null): GateOptions {
  const gate = config.gate ?? {};
  const budget = config.polling?.maxCallsPerMinute;
  const maxWarnings = flags.maxWarnings ?? gate.maxWarnings;
  return {
    failOn: flags.failOn ?? gate.failOn ?? 'critical',
    score: scoreGate(config, flags, baselineScore),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    ...(gate.maxParseFailures !== undefined ? { maxParseFailures: gate.maxParseFailures } : {}),
    ...(budget !== undefined ? { maxCallsPerMinute: budget } : {}),
  };
}
