import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, auditShard, type AuditRequest } from '../src/audit.js';
import type { AuditResult } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { REPORTS, fixtureCopy, monorepoCopy, reportArgs } from './helpers/monorepo.js';

/** Several runs of the built CLI: slow on a loaded machine. */
const CLI_RUNS_TIMEOUT = 240_000;

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const parsedLine = (stderr: string): string | undefined => /parsed \d+ of \d+ file\(s\)[^\n]*/.exec(stderr)?.[0];

/** An in-process audit of `dir` with the cache at `location`: its result, the files it parsed and its warnings. */
async function cachedAudit(dir: string, location: string, extra: Partial<AuditRequest> = {}) {
  const warnings: string[] = [];
  let filesParsed = -1;
  let filesScanned: number | undefined;
  const onAnalysed: AuditRequest['onAnalysed'] = (s) => ((filesParsed = s.filesParsed), (filesScanned = s.filesScanned));
  const result = await audit({ paths: [dir], root: dir, config: {}, configDir: dir, cache: { location, warn: (m) => warnings.push(m) }, onAnalysed, ...extra });
  return { json: JSON.stringify(result), filesParsed, filesScanned, warnings };
}

const uncachedAudit = async (dir: string): Promise<string> => JSON.stringify(await audit({ paths: [dir], root: dir, config: {}, configDir: dir }));

describe('--cache', () => {
  it('a warm run parses no file and reports what a cold run does; a changed file is the only one parsed again', () => {
    const dir = monorepoCopy();
    const cold = runCli(['.', ...reportArgs('cold-')], { cwd: dir });
    expect(cold.status, cold.stderr).toBe(1);
    const first = runCli(['.', '--cache', '--debug', ...reportArgs('first-')], { cwd: dir });
    expect(parsedLine(first.stderr)).toBe('parsed 15 of 15 file(s), 0 from the cache');
    const warm = runCli(['.', '--cache', '--debug', ...reportArgs('warm-')], { cwd: dir });
    expect(parsedLine(warm.stderr)).toBe('parsed 0 of 15 file(s), 15 from the cache');
    expect(warm.status).toBe(cold.status);
    for (const [, file] of REPORTS) {
      expect(read(dir, `first-${file}`), file).toBe(read(dir, `cold-${file}`));
      expect(read(dir, `warm-${file}`), file).toBe(read(dir, `cold-${file}`));
    }
    expect(readdirSync(join(dir, 'node_modules', '.cache', 'agent-audit'))).toEqual([expect.stringMatching(/^results-[0-9a-f]{16}\.json$/)]);

    // The only delete from the support notes collection goes away: the cached notes.ts must now be
    // flagged, because project facts are rebuilt from every file's facts on each run.
    const forget = join(dir, 'packages', 'support', 'src', 'memory', 'forget.ts');
    writeFileSync(forget, read(dir, 'packages/support/src/memory/forget.ts').replace('await notes.delete({ ids });', 'await notes.get({ ids });'));
    const changed = runCli(['.', '--cache', '--debug', ...reportArgs('changed-')], { cwd: dir });
    expect(parsedLine(changed.stderr)).toBe('parsed 1 of 15 file(s), 14 from the cache');
    const recount = runCli(['.', ...reportArgs('recount-')], { cwd: dir });
    expect(changed.status).toBe(recount.status);
    for (const [, file] of REPORTS) expect(read(dir, `changed-${file}`), file).toBe(read(dir, `recount-${file}`));
    const flagged = (file: string) => (JSON.parse(read(dir, file)).findings as { file: string }[]).map((f) => f.file);
    expect(flagged('changed-audit.json')).toContain('packages/support/src/memory/notes.ts');
    expect(flagged('cold-audit.json')).not.toContain('packages/support/src/memory/notes.ts');
  }, CLI_RUNS_TIMEOUT);

  it('a warm run takes the client pre-pass from the cache; an edited client module is scanned again and changes the findings', async () => {
    const dir = fixtureCopy('rules', 'connectors', 'no-timeout', 'imported-http-client');
    const location = join(dir, 'cache.json');
    const cold = await cachedAudit(dir, location);
    expect([cold.filesParsed, cold.filesScanned]).toEqual([2, 2]);
    const warm = await cachedAudit(dir, location);
    expect([warm.filesParsed, warm.filesScanned, warm.warnings]).toEqual([0, 0, []]);
    expect(warm.json).toBe(cold.json);
    const noTimeoutLines = (json: string) => (JSON.parse(json) as AuditResult).findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => f.line);
    expect(noTimeoutLines(warm.json)).toEqual([9]);

    // The billing client loses its timeout: the module is scanned again, and its importers' outcomes are stale.
    const http = join(dir, 'src', 'lib', 'http.ts');
    writeFileSync(http, readFileSync(http, 'utf8').replace(', timeout: 8_000', ''));
    const edited = await cachedAudit(dir, location);
    expect([edited.filesParsed, edited.filesScanned]).toEqual([2, 1]);
    expect(edited.json).toBe(await uncachedAudit(dir));
    expect(noTimeoutLines(edited.json)).toEqual([9, 18]);
  });

  it('a new rule setting or catalog entry parses everything again', async () => {
    const dir = monorepoCopy();
    const location = join(dir, 'cache.json');
    expect((await cachedAudit(dir, location)).filesParsed).toBe(15);
    expect((await cachedAudit(dir, location)).filesParsed).toBe(0);
    expect((await cachedAudit(dir, location, { config: { rules: { 'connectors/no-timeout': 'low' } } })).filesParsed).toBe(15);
    const catalog = { catalog: [{ observability: { tracingModules: ['@acme/tracer'] } }] } as unknown as AuditRequest['config'];
    expect((await cachedAudit(dir, location, { config: catalog })).filesParsed).toBe(15);
    expect((await cachedAudit(dir, location, { config: catalog })).filesParsed).toBe(0);
    // Rules do not run in generated files they do not judge (engine/rule-roles.ts): judging them is another analysis.
    expect((await cachedAudit(dir, location, { config: catalog, includeRoles: ['generated'] })).filesParsed).toBe(15);
    expect((await cachedAudit(dir, location, { config: { ...catalog, roles: { server: ['packages/**'] } } })).filesParsed).toBe(15);
  });

  it('a damaged cache is ignored with one warning and the result is unchanged', async () => {
    const dir = monorepoCopy();
    const location = join(dir, 'cache.json');
    const reference = await cachedAudit(dir, location);
    const valid = JSON.parse(read(dir, 'cache.json'));
    const badScan = structuredClone(valid);
    const scanned = Object.values(badScan.scans.entries)[0] as { exports: unknown };
    scanned.exports = { client: { module: 'axios', path: 'create', calls: [] } };
    const first = Object.values(valid.entries)[0] as { outcome: { summaries: unknown } };
    first.outcome.summaries = { damaged: true };
    const cases: [string, RegExp][] = [
      ['{"format":"agent-audit-cache","key":', /it is not valid JSON/],
      ['[1,2,3]', /it is not an agent-audit cache/],
      [JSON.stringify(valid), /some entries are damaged/],
      [JSON.stringify(badScan), /some entries are damaged/],
    ];
    for (const [text, warning] of cases) {
      writeFileSync(location, text);
      const run = await cachedAudit(dir, location);
      expect(run.warnings).toEqual([expect.stringMatching(warning)]);
      // Nothing of a damaged file is used: every file parsed, and every small one scanned for clients again.
      expect([run.filesParsed, run.filesScanned]).toEqual([15, reference.filesScanned]);
      expect(run.json).toBe(reference.json);
      // The damaged cache was replaced by a good one.
      expect((await cachedAudit(dir, location)).filesParsed).toBe(0);
    }
  });

  it('outcomes damaged deep inside take the pre-pass answers stored with them down too', async () => {
    const dir = fixtureCopy('rules', 'connectors', 'no-timeout', 'imported-http-client');
    const http = join(dir, 'src', 'lib', 'http.ts');
    const original = readFileSync(http, 'utf8');
    const originalHash = (await cachedAudit(dir, join(dir, 'original.json')), JSON.parse(read(dir, 'original.json')).scans.entries['src/lib/http.ts'].hash as string);
    // A cache made while the module exported no client, whose answer for it is then claimed for the original content…
    writeFileSync(http, 'export const crm: any = undefined;\nexport const billing: any = undefined;\n');
    const location = join(dir, 'cache.json');
    await cachedAudit(dir, location);
    writeFileSync(http, original);
    const stored = JSON.parse(read(dir, 'cache.json'));
    stored.scans.entries['src/lib/http.ts'].hash = originalHash;
    // …with outcomes damaged deep inside, so the audit must start over.
    for (const entry of Object.values(stored.entries) as { outcome: { modelFacts: unknown[] } }[]) entry.outcome.modelFacts = [null];
    writeFileSync(location, JSON.stringify(stored));
    const run = await cachedAudit(dir, location);
    expect(run.warnings).toEqual([expect.stringMatching(/^the cache could not be used/)]);
    expect(run.json).toBe(await uncachedAudit(dir));
    expect(Object.keys(JSON.parse(read(dir, 'cache.json')).scans.entries['src/lib/http.ts'].exports as object)).toEqual(['crm', 'billing']);
  });

  it('outcomes damaged deep inside are analysed again rather than failing the audit', async () => {
    const dir = monorepoCopy();
    const location = join(dir, 'cache.json');
    const reference = await cachedAudit(dir, location);
    const stored = JSON.parse(read(dir, 'cache.json'));
    for (const entry of Object.values(stored.entries) as { outcome: { modelFacts: unknown[] } }[]) entry.outcome.modelFacts = [null];
    writeFileSync(location, JSON.stringify(stored));
    const run = await cachedAudit(dir, location);
    expect(run.warnings).toEqual([expect.stringMatching(/^the cache could not be used \(.+\); analysing every file again$/)]);
    expect(run.json).toBe(reference.json);
    expect((await cachedAudit(dir, location)).filesParsed).toBe(0);
  });

  it('shards sharing a cache directory keep a file each', async () => {
    const dir = monorepoCopy();
    const location = join(dir, 'shared-cache') + '/';
    const shardRun = async (index: number) => {
      let filesParsed = -1;
      const partial = await auditShard({ paths: [dir], root: dir, config: {}, configDir: dir, cache: { location, warn: () => undefined }, onAnalysed: (s) => (filesParsed = s.filesParsed) }, { index, total: 2 });
      return { filesParsed, files: partial.outcomes.length };
    };
    const first = [await shardRun(1), await shardRun(2)];
    expect(first.map((r) => r.filesParsed)).toEqual(first.map((r) => r.files));
    expect(readdirSync(location).sort()).toEqual([expect.stringMatching(/-shard-1-of-2\.json$/), expect.stringMatching(/-shard-2-of-2\.json$/)]);
    expect([(await shardRun(1)).filesParsed, (await shardRun(2)).filesParsed]).toEqual([0, 0]);
  });

  it('a cache that cannot be written is a warning, not a failure', async () => {
    const dir = monorepoCopy();
    const reference = await cachedAudit(dir, join(dir, 'cache.json'));
    const run = await cachedAudit(dir, join(dir, 'package.json', 'cache') + '/');
    expect(run.warnings).toEqual([expect.stringMatching(/cannot write cache .*package\.json\/cache\/results-[0-9a-f]+\.json: ENOTDIR \(the audit is not affected\)/)]);
    expect(run.json).toBe(reference.json);
  });

  it('--cache-location takes a file or a directory; --no-cache reads and writes nothing; manifests and sources are refused', () => {
    const dir = monorepoCopy();
    mkdirSync(join(dir, '.ci-cache'));
    const inDir = runCli(['.', '--cache', '--cache-location', '.ci-cache', '--fail-on', 'none', '--quiet'], { cwd: dir });
    expect(inDir.status, inDir.stderr).toBe(1);
    expect(readdirSync(join(dir, '.ci-cache'))).toEqual([expect.stringMatching(/^results-[0-9a-f]{16}\.json$/)]);
    const asFile = runCli(['.', '--cache', '--cache-location', 'tmp/audit-cache.json', '--quiet'], { cwd: dir });
    expect(asFile.status, asFile.stderr).toBe(1);
    expect(JSON.parse(read(dir, 'tmp/audit-cache.json')).format).toBe('agent-audit-cache');
    const off = runCli(['.', '--cache', '--no-cache', '--quiet'], { cwd: dir });
    expect(off.status, off.stderr).toBe(1);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    for (const location of ['package.json', 'src/cache.ts']) {
      const refused = runCli(['.', '--cache', '--cache-location', location], { cwd: dir });
      expect(refused.status, location).toBe(2);
      expect(refused.stderr).toMatch(/refusing to keep the cache in/);
    }
  }, CLI_RUNS_TIMEOUT);
});
