import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { loadConfig } from '../src/config/load.js';
import type { AuditResult } from '../src/types.js';
import { ALL_RULES } from '../rules/index.js';
import { FIXTURES } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';

async function auditProject(name: string): Promise<AuditResult> {
  const dir = join(FIXTURES, 'projects', name);
  const loaded = await loadConfig(dir);
  return audit({ paths: [dir], root: dir, config: loaded.config, configDir: dir });
}

describe('demo-agent (every headline trap)', () => {
  it('is not ready and fails its gate', async () => {
    const result = await auditProject('demo-agent');
    expect(['not ready', 'needs work']).toContain(result.score.band);
    expect(result.gate.passed).toBe(false);
  });

  it('trips every rule that can apply to it (untraced-llm-call needs tracing to exist)', async () => {
    const result = await auditProject('demo-agent');
    const fired = new Set(result.findings.map((f) => f.ruleId));
    for (const rule of ALL_RULES.filter((r) => r.id !== 'observability/untraced-llm-call')) expect(fired, rule.id).toContain(rule.id);
    expect(result.rules.find((r) => r.id === 'observability/untraced-llm-call')?.applicable).toBe(false);
  });

  it('reports the polling budget of the status watcher (5 dependencies every 30 s) and the ticket cron job', async () => {
    const result = await auditProject('demo-agent');
    expect(result.polling.sites).toEqual([
      { file: 'src/status-watcher.ts', line: 10, mechanism: 'setInterval', intervalMs: 30_000, callsPerTick: 5, callsPerMinute: 10 },
      { file: 'src/ticket-sync.ts', line: 10, mechanism: "node-cron '*/2 * * * *'", intervalMs: 120_000, callsPerTick: 1, callsPerMinute: 0.5 },
    ]);
    expect(result.polling.perInstanceCallsPerMinute).toBe(10.5);
  });

  it('exits 1 from the CLI', async () => {
    const run = runCli([join(FIXTURES, 'projects', 'demo-agent')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('not ready');
  });
});

describe('polling-fleet (the source article: 20 dependencies every 60 s, 50 instances)', () => {
  it('budgets 20 calls/min per instance and 1,000 calls/min for the fleet, and gates on the configured budget', async () => {
    const result = await auditProject('polling-fleet');
    expect(result.polling).toMatchObject({ perInstanceCallsPerMinute: 20, instances: 50, fleetCallsPerMinute: 1000, unknownIntervalSites: 1 });
    expect(result.polling.sites.map((s) => [s.intervalMs, s.callsPerTick, s.callsPerMinute])).toEqual([
      [60_000, 20, 20],
      [null, 1, null],
    ]);
    expect(result.gate.conditions.find((c) => c.name === 'maxCallsPerMinute')).toMatchObject({ name: 'maxCallsPerMinute', threshold: 500, actual: 1000, passed: false });
  });

  it('--instances overrides the configured fleet size', () => {
    // --fail-under 0 leaves the budget as the only score-independent condition that could fail.
    const run = runCli([join(FIXTURES, 'projects', 'polling-fleet'), '--instances', '20', '--fail-under', '0', '--format', 'json']);
    expect(JSON.parse(run.stdout).polling.fleetCallsPerMinute).toBe(400);
    expect(run.status).toBe(0);
  });
});

describe('production-agent (the same agent built right)', () => {
  it('scores >= 90 with the rules applicable, and passes its gate', async () => {
    const result = await auditProject('production-agent');
    expect(result.score.overall).toBeGreaterThanOrEqual(90);
    expect(result.findings).toEqual([]);
    expect(result.rules.filter((r) => r.applicable).map((r) => r.id)).toEqual(
      expect.arrayContaining(['connectors/no-backoff', 'connectors/unchecked-response', 'memory/vector-store-no-expiry', 'observability/no-tracing', 'observability/no-evals', 'observability/untraced-llm-call']),
    );
    expect(result.gate.passed).toBe(true);
  });

  it('exits 0 from the CLI', async () => {
    const run = runCli([join(FIXTURES, 'projects', 'production-agent')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ready');
  });
});
