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
  return audit({ paths: [dir], config: loaded.config, configDir: dir });
}

describe('demo-agent (every headline trap)', () => {
  it('is not ready and fails its gate', async () => {
    const result = await auditProject('demo-agent');
    expect(['not ready', 'needs work']).toContain(result.score.band);
    expect(result.gate.passed).toBe(false);
  });

  it('trips each of the four headline rules', async () => {
    const result = await auditProject('demo-agent');
    const fired = new Set(result.findings.map((f) => f.ruleId));
    for (const rule of ALL_RULES) expect(fired, rule.id).toContain(rule.id);
  });

  it('reports the polling budget of the status watcher: 5 dependencies every 30 s', async () => {
    const result = await auditProject('demo-agent');
    expect(result.polling.sites).toEqual([
      { file: 'src/status-watcher.ts', line: 10, mechanism: 'setInterval', intervalMs: 30_000, callsPerTick: 5, callsPerMinute: 10 },
    ]);
  });

  it('exits 1 from the CLI', async () => {
    const run = runCli([join(FIXTURES, 'projects', 'demo-agent')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('not ready');
  });
});

describe('production-agent (the same agent built right)', () => {
  it('scores >= 90 with the rules applicable, and passes its gate', async () => {
    const result = await auditProject('production-agent');
    expect(result.score.overall).toBeGreaterThanOrEqual(90);
    expect(result.findings).toEqual([]);
    expect(result.rules.filter((r) => r.applicable).map((r) => r.id)).toEqual(
      expect.arrayContaining(['connectors/no-backoff', 'connectors/unchecked-response', 'memory/vector-store-no-expiry']),
    );
    expect(result.gate.passed).toBe(true);
  });

  it('exits 0 from the CLI', async () => {
    const run = runCli([join(FIXTURES, 'projects', 'production-agent')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ready');
  });
});
