import type { AuditResult, Finding, PollingSiteSummary } from '../../../src/types.js';

export const INTERVAL_POLLING_ID = 'events/interval-polling';

/** What the rule records on each finding (Finding.details), read back here for the polling budget. */
export type PollingDetails = {
  readonly mechanism: string;
  /** null when ticks come at irregular times (shortestGapMs then says how close they get). */
  readonly intervalMs: number | null;
  readonly shortestGapMs?: number;
  readonly callsPerTick: number;
  readonly callsInLoop: boolean;
  readonly callsPerMinute: number | null;
};

export type PollingSummary = AuditResult['polling'];

/** The polling budget, from this rule's findings (suppressed ones still cost calls). */
export function pollingSummary(findings: readonly Finding[], instances: number): PollingSummary {
  const sites: PollingSiteSummary[] = findings
    .filter((f) => f.ruleId === INTERVAL_POLLING_ID && f.details)
    .map((f) => {
      // Findings may come from a baseline or a worker as plain JSON: read each field defensively.
      const details = f.details as Partial<PollingDetails>;
      return {
        file: f.file,
        line: f.line,
        mechanism: String(details.mechanism ?? ''),
        intervalMs: typeof details.intervalMs === 'number' ? details.intervalMs : null,
        callsPerTick: typeof details.callsPerTick === 'number' ? details.callsPerTick : 0,
        callsPerMinute: typeof details.callsPerMinute === 'number' ? details.callsPerMinute : null,
      };
    });
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
