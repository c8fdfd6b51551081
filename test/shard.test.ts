import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditShard, mergePartials } from '../src/audit.js';
import type { PartialResult } from '../src/engine/shard/partial.js';
import { inShard } from '../src/engine/shard/slice.js';
import { checkPartial, type NamedPartial } from '../src/engine/shard/validate.js';
import { TOOL_VERSION } from '../src/package-root.js';
import { runCli } from './helpers/cli.js';
import { REPORTS, monorepoCopy, reportArgs } from './helpers/monorepo.js';

/** Several runs of the built CLI: slow on a loaded machine. */
const CLI_RUNS_TIMEOUT = 240_000;

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

/** Runs the three shards of the monorepo copy; returns the partial files' names. */
function runShards(dir: string, extra: readonly string[] = []): string[] {
  return [1, 2, 3].map((i) => {
    const run = runCli(['.', '--shard', `${i}/3`, '--output', `part-${i}.json`, ...extra], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    return `part-${i}.json`;
  });
}

describe('--shard and merge', () => {
  it('every path lands in exactly one shard', () => {
    const paths = Array.from({ length: 500 }, (_, i) => `packages/p${i % 7}/src/file-${i}.ts`);
    for (const total of [1, 2, 3, 8]) {
      const counts = paths.map((path) => Array.from({ length: total }, (_, i) => inShard(path, { index: i + 1, total })).filter(Boolean).length);
      expect(new Set(counts), `${total} shards`).toEqual(new Set([1]));
    }
  });

  it('merging three shards gives the unsharded run byte for byte (JSON, SARIF, markdown, annotations, exit code)', () => {
    const dir = monorepoCopy();
    const whole = runCli(['.', '--format', 'github', ...reportArgs('whole-')], { cwd: dir });
    expect(whole.status, whole.stderr).toBe(1);
    const parts = runShards(dir);
    const sizes = parts.map((part) => JSON.parse(read(dir, part)).outcomes.length as number);
    // Each shard did part of the work, and together they did all of it.
    for (const size of sizes) expect(size).toBeGreaterThan(0);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(JSON.parse(read(dir, 'whole-audit.json')).coverage.filesAudited);
    const merged = runCli(['merge', ...parts.reverse(), '--format', 'github', ...reportArgs('merged-')], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(whole.status);
    expect(merged.stdout).toBe(whole.stdout);
    for (const [, file] of REPORTS) expect(read(dir, `merged-${file}`), file).toBe(read(dir, `whole-${file}`));

    // The fixture exercises what sharding could break: conditions settled by other files, per-package project rules, roles.
    const findings = (JSON.parse(read(dir, 'merged-audit.json')).findings as { ruleId: string; file: string }[]).map((f) => `${f.ruleId} ${f.file}`);
    expect(findings).toContain('memory/vector-store-no-expiry packages/indexer/src/ingest.ts');
    expect(findings).not.toContain('memory/vector-store-no-expiry packages/support/src/memory/notes.ts');
    expect(findings).toContain('connectors/no-backoff packages/support/src/quotes.ts');
    expect(findings).not.toContain('connectors/no-backoff packages/support/src/rates.ts');
    expect(findings).toContain('observability/no-tracing packages/support/package.json');
    expect(findings.filter((f) => f.includes('packages/summariser/'))).toEqual([]);
    expect(findings.filter((f) => f.includes('scripts/backfill.ts'))).toEqual([]);
  }, CLI_RUNS_TIMEOUT);

  it('refuses partials that do not make up one run', async () => {
    const dir = monorepoCopy();
    const request = { paths: [dir], root: dir, config: {}, configDir: dir };
    const [one, two, three] = await Promise.all([1, 2, 3].map((index) => auditShard(request, { index, total: 3 })));
    const named = (name: string, partial: PartialResult | undefined): NamedPartial => ({ name, partial: partial as PartialResult });
    const merge = (...partials: NamedPartial[]) => () => mergePartials({}, partials);
    const parts = [named('a.json', one), named('b.json', two), named('c.json', three)] as const;
    expect(merge(...parts)().findings.length).toBeGreaterThan(0);

    expect(merge(parts[0], parts[1])).toThrow(/shard 3\/3 missing/);
    expect(merge(...parts, named('d.json', two))).toThrow(/shard 2\/3 is given twice: b\.json and d\.json/);
    const otherConfig = await auditShard({ ...request, config: { rules: { 'connectors/no-timeout': 'off' } } }, { index: 3, total: 3 });
    expect(merge(parts[0], parts[1], named('e.json', otherConfig))).toThrow(/e\.json \(shard 3\/3\) and a\.json \(shard 1\/3\) come from different runs: their config differs/);
    const elsewhere = monorepoCopy();
    const otherRoot = await auditShard({ ...request, paths: [elsewhere], root: elsewhere, configDir: elsewhere }, { index: 3, total: 3 });
    expect(merge(parts[0], parts[1], named('f.json', otherRoot))).toThrow(/their root differs/);
    const fourShards = await auditShard(request, { index: 3, total: 4 });
    expect(merge(parts[0], parts[1], named('g.json', fourShards))).toThrow(/their shard count differs/);

    expect(() => checkPartial('h.json', { ...three, tool: { name: 'agent-audit', version: '0.0.1' } }, TOOL_VERSION)).toThrow(/h\.json was written by agent-audit 0\.0\.1/);
    expect(() => checkPartial('i.json', { ...three, format: 'sarif' }, TOOL_VERSION)).toThrow(/i\.json is not a partial result/);
    expect(() => checkPartial('j.json', { ...three, outcomes: [{ summaries: [] }] }, TOOL_VERSION)).toThrow(/j\.json is a damaged partial result/);
    expect(checkPartial('k.json', JSON.parse(JSON.stringify(three)), TOOL_VERSION).shard).toEqual({ index: 3, total: 3 });
  });

  it('merge exits 2 with one line for a refused partial', () => {
    const dir = monorepoCopy();
    writeFileSync(join(dir, 'cut.json'), '{"format":"agent-audit-partial",');
    for (const [args, message] of [[['cut.json'], /cut\.json is not JSON/], [['missing.json'], /cannot read missing\.json: ENOENT/]] as const) {
      const run = runCli(['merge', ...args], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, CLI_RUNS_TIMEOUT);

  it('rejects a malformed --shard and flags that belong to merge', () => {
    const dir = monorepoCopy();
    for (const value of ['0/3', '4/3', 'a/b']) {
      const run = runCli(['.', '--shard', value], { cwd: dir });
      expect(run.status, value).toBe(2);
      expect(run.stderr, value).toMatch(/expected <i>\/<n>/);
    }
    const gate = runCli(['.', '--shard', '1/2', '--fail-under', '80'], { cwd: dir });
    expect(gate.status).toBe(2);
    expect(gate.stderr).toMatch(/--fail-under goes to `agent-audit merge`/);
    const sarif = runCli(['.', '--shard', '1/2', '--format', 'sarif'], { cwd: dir });
    expect(sarif.status).toBe(2);
    expect(sarif.stderr).toMatch(/give report formats to merge/);
  }, CLI_RUNS_TIMEOUT);
});
