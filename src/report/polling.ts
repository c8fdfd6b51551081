import type { Finding, PollingSiteSummary } from '../types.js';

export const POLLING_RULE_ID = 'events/interval-polling';

export interface PollingSummary {
  readonly sites: readonly PollingSiteSummary[];
  /** Sum over sites with a known interval; null when no site's rate is known. */
  readonly perInstanceCallsPerMinute: number | null;
  readonly instances: number;
  readonly fleetCallsPerMinute: number | null;
  /** Sites whose interval could not be resolved: their cost is not in the totals. */
  readonly unknownIntervalSites: number;
}

/** The polling budget, from the polling rule's findings (suppressed ones still cost calls). */
export function pollingSummary(findings: readonly Finding[], instances: number): PollingSummary {
  const sites: PollingSiteSummary[] = findings
    .filter((f) => f.ruleId === POLLING_RULE_ID && f.details)
    .map((f) => ({
      file: f.file,
      line: f.line,
      mechanism: String(f.details?.mechanism ?? ''),
      intervalMs: typeof f.details?.intervalMs === 'number' ? f.details.intervalMs : null,
      callsPerTick: typeof f.details?.callsPerTick === 'number' ? f.details.callsPerTick : 0,
      callsPerMinute: typeof f.details?.callsPerMinute === 'number' ? f.details.callsPerMinute : null,
    }));
  const known = sites.filter((s) => s.callsPerMinute !== null);
  const perInstance = known.length === 0 ? null : Math.round(known.reduce((sum, s) => sum + (s.callsPerMinute ?? 0), 0) * 100) / 100;
  return {
    sites,
    perInstanceCallsPerMinute: perInstance,
    instances,
    fleetCallsPerMinute: perInstance === null ? null : Math.round(perInstance * instances * 100) / 100,
    unknownIntervalSites: sites.length - known.length,
  };
}
