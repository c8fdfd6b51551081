import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { runCli } from './helpers/cli.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('CLI', () => {
  it('--help shows options and examples', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--fail-under <score>');
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('Exit codes');
  });

  it('--version prints the package version', () => {
    const run = runCli(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });

  it('--help, --version, rules and explain answer without loading the TypeScript compiler', () => {
    const hook = join(tempProject({ 'hook.cjs': "const Module = require('node:module');\nconst load = Module._load;\nModule._load = function (request, ...rest) {\n  if (/typescript(\\.js)?$/.test(request)) process.stderr.write('compiler loaded\\n');\n  return load.call(this, request, ...rest);\n};\n" }), 'hook.cjs');
    const env = { NODE_OPTIONS: `--require ${hook}` };
    for (const args of [['--help'], ['--version'], ['rules'], ['rules', '--taxonomy'], ['explain', 'connectors/no-timeout']]) {
      const run = runCli(args, { env });
      expect(run.status, args.join(' ')).toBe(0);
      expect(run.stderr, args.join(' ')).not.toContain('compiler loaded');
    }
    // The hook sees it where a command needs it.
    const project = tempProject({ 'agent.ts': 'export const answer = 42;\n' });
    expect(runCli([project, '--quiet'], { env }).stderr).toContain('compiler loaded');
  });

  it('a bad flag is a one-line usage error with exit 2', () => {
    const run = runCli(['--frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
    expect(run.stdout).toBe('');
  });

  it('a bad flag value names the flag and exits 2', () => {
    const run = runCli(['--fail-under', '120', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--fail-under');
  });

  it('a missing path is one clear line with exit 2', () => {
    const run = runCli(['does/not/exist']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('agent-audit: path not found: does/not/exist');
  });

  it('auditing zero files is an error, not a clean report', () => {
    const dir = tempProject({ 'README.md': '# nothing here' });
    const run = runCli([dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no JavaScript/TypeScript files to audit');
  });

  it('an invalid config names the bad key path and expected type, exit 2', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.json': JSON.stringify({ gate: { failUnder: 'high' } }) });
    const run = runCli([dir]);
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe(true);
    expect(run.stderr).toContain('config.gate.failUnder: must be of type number');
  });

  it('per-rule options in config are a clear error (rules take none), and severity alone still works', () => {
    const withOptions = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'rules:\n  connectors/no-timeout:\n    severity: high\n    options: { maxMs: 5 }\n' });
    const rejected = runCli([withOptions]);
    expect(rejected.status).toBe(2);
    expect(oneLine(rejected.stderr)).toBe(true);
    expect(rejected.stderr).toContain('config.rules["connectors/no-timeout"].options: rules take no options; set only "severity"');
    const severityOnly = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'rules:\n  connectors/no-timeout:\n    severity: high\n' });
    expect(runCli([severityOnly, '--fail-on', 'none', '--fail-under', '0']).status).toBe(0);
  });

  it('an unknown rule id in config is an error with a suggestion', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'rules:\n  connectors/no-retry: off\n' });
    const run = runCli([dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown rule id "connectors/no-retry"');
  });

  it('YAML that does not parse is a config error, not a crash', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'gate: [unclosed\n' });
    const run = runCli([dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^agent-audit: cannot load config/);
  });

  it('reads config from package.json#agent-audit and applies rule severity overrides', () => {
    const pkg = { name: 'x', 'agent-audit': { rules: { 'connectors/unchecked-response': 'critical' } } };
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, 'package.json': JSON.stringify(pkg) });
    const run = runCli([dir, '--format', 'json']);
    const result = JSON.parse(run.stdout);
    expect(result.findings.find((f: { ruleId: string }) => f.ruleId === 'connectors/unchecked-response').severity).toBe('critical');
    expect(run.status).toBe(1);
    expect(result.gate.conditions.find((c: { name: string }) => c.name === 'failOn')).toMatchObject({ name: 'failOn', threshold: 'critical', actual: 1, passed: false });
  });

  it('an unparseable file does not crash the run and is listed', () => {
    const dir = tempProject({ 'good.ts': UNCHECKED_FETCH, 'broken.ts': 'export function (\n  const = ;\n' });
    const run = runCli([dir, '--format', 'json', '--fail-under', '0']);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.coverage.parseErrors.map((p: { path: string }) => p.path)).toEqual(['broken.ts']);
    expect(result.coverage.filesAudited).toBe(2);
    expect(runCli([dir]).stdout).toContain('broken.ts:1');
  });

  it('declaration files are left out; binary-looking and minified files are audited (a guess could hide a file); symlink loops do not hang', () => {
    const dir = tempProject({
      'a.ts': UNCHECKED_FETCH,
      'blob.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]),
      'vendor.min.js': 'var a=1;',
      'types.d.ts': 'export declare const x: number;',
    });
    symlinkSync(dir, join(dir, 'loop'));
    const result = JSON.parse(runCli([dir, '--format', 'json']).stdout);
    expect(result.coverage.filesAudited).toBe(3);
    expect(result.coverage.filesSkipped).toEqual([]);
  });

  it('gate flags: --fail-on high fails on a high finding; --fail-on none with --fail-under 0 passes', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    expect(runCli([dir, '--fail-on', 'high']).status).toBe(1);
    expect(runCli([dir, '--fail-on', 'none', '--fail-under', '0']).status).toBe(0);
    expect(runCli([dir, '--fail-on', 'none', '--max-warnings', '0']).status).toBe(1);
  });

  it('--output writes the report to a file and keeps stdout empty', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    const out = join(dir, 'report.json');
    const run = runCli([dir, '--format', 'json', '--output', out]);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('worker threads give the same result as a serial run', () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    const serial = runCli([fixtures, '--format', 'json', '--fail-on', 'none', '--fail-under', '0'], { env: { AGENT_AUDIT_PARALLEL_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) } });
    const parallel = runCli([fixtures, '--format', 'json', '--fail-on', 'none', '--fail-under', '0'], { env: { AGENT_AUDIT_PARALLEL_MIN_BYTES: '0' } });
    expect(parallel.status).toBe(0);
    expect(JSON.parse(serial.stdout).findings.length).toBeGreaterThan(20);
    expect(parallel.stdout).toBe(serial.stdout);
  });

  it('json output is deterministic', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, 'b.ts': UNCHECKED_FETCH });
    expect(runCli([dir, '--format', 'json']).stdout).toBe(runCli([dir, '--format', 'json']).stdout);
  });

  it('pretty output fits 80 columns when not on a terminal; only rule page URLs stay unbroken', () => {
    const run = runCli([join(import.meta.dirname, '..', 'fixtures', 'projects', 'demo-agent')]);
    expect(run.stdout).toMatch(/^ +https:\/\/\S+\.md$/m);
    const wide = run.stdout.split('\n').filter((line) => line.length > 80 && !/^ +https:\/\/\S+$/.test(line));
    expect(wide).toEqual([]);
  });

  it('rules --json lists every rule with id, category, severity and title', () => {
    const run = runCli(['rules', '--json']);
    expect(run.status).toBe(0);
    const listing = JSON.parse(run.stdout) as { id: string; category: string; severity: string; title: string }[];
    expect(listing.map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    for (const entry of listing) expect(entry.title.length).toBeGreaterThan(10);
    expect(runCli(['rules']).stdout).toContain('connectors/no-backoff');
  });

  it('rules --taxonomy prints the failure-mode matrix of the rule set, as text within 80 columns or as JSON', () => {
    const text = runCli(['rules', '--taxonomy']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Microsoft agentic failure modes, v1\.0 \+ v2\.0: \d+ checked, \d+ manual review\n/);
    expect(text.stdout).toMatch(/ {2}v1\.0 Resource exhaustion: connectors\//);
    expect(text.stdout).toMatch(/ {2}v2\.0 Goal Hijacking: Check /);
    expect(text.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
    const json = runCli(['rules', '--taxonomy', '--json']);
    const coverage = JSON.parse(json.stdout) as { modes: { id: string; status: string; rules: string[]; findings?: number }[] };
    expect(coverage.modes).toHaveLength(34);
    const exhaustion = coverage.modes.find((m) => m.id === 'resource-exhaustion');
    expect(exhaustion?.rules).toEqual(ALL_RULES.filter((r) => r.taxonomy.microsoft.includes('resource-exhaustion')).map((r) => r.id));
    expect(coverage.modes.every((m) => m.findings === undefined)).toBe(true);
  });
});
