import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

type Json = { findings: { file: string; ruleId: string; severity: string }[] };

function findings(args: readonly string[]): Json['findings'] {
  const run = runCli([...args, '--format', 'json', '--fail-under', '0', '--fail-on', 'none']);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as Json).findings;
}

describe('config from the command line', () => {
  it('--print-config prints the resolved config as JSON without auditing, with --rule and --ignore-pattern applied', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'exclude: ["legacy/**"]\nrules:\n  connectors/no-backoff: low\n' });
    const run = runCli([dir, '--print-config', '--rule', 'connectors/no-timeout=off', '--ignore-pattern', 'gen/**']);
    expect(run.status).toBe(0);
    const config = JSON.parse(run.stdout) as { configFile: string; exclude: string[]; defaultExcludes: boolean; rules: Record<string, string> };
    expect(config.configFile).toBe(join(dir, '.agent-auditrc.yaml'));
    expect(config.exclude).toEqual(expect.arrayContaining(['**/*.test.*', 'legacy/**', 'gen/**']));
    expect(config.exclude.indexOf('**/*.test.*')).toBeLessThan(config.exclude.indexOf('legacy/**'));
    expect(config.rules['connectors/no-backoff']).toBe('low');
    expect(config.rules['connectors/no-timeout']).toBe('off');
    expect(config.defaultExcludes).toBe(true);
    expect(JSON.parse(runCli([dir, '--print-config', '--no-default-excludes']).stdout).exclude).toEqual(['legacy/**']);
  });

  it('--rule wins over the config and can turn a rule off; an unknown id exits 2 with a suggestion', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'rules:\n  connectors/unchecked-response: low\n' });
    const ruleIds = findings([dir]).map((f) => f.ruleId);
    expect(ruleIds).toContain('connectors/unchecked-response');
    expect(findings([dir]).find((f) => f.ruleId === 'connectors/unchecked-response')?.severity).toBe('low');
    expect(findings([dir, '--rule', 'connectors/unchecked-response=critical']).find((f) => f.ruleId === 'connectors/unchecked-response')?.severity).toBe('critical');
    expect(findings([dir, '--rule', 'connectors/unchecked-response=off']).map((f) => f.ruleId)).not.toContain('connectors/unchecked-response');
    const unknown = runCli([dir, '--rule', 'connectors/unchecked-responce=off']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('(did you mean "connectors/unchecked-response"?)');
    expect(runCli([dir, '--rule', 'connectors/unchecked-response']).status).toBe(2);
  });

  it('config exclude adds to the default test excludes; --no-default-excludes drops them; --ignore-pattern adds more', () => {
    const dir = tempProject({ 'src/a.ts': UNCHECKED_FETCH, 'src/a.test.ts': UNCHECKED_FETCH, 'src/legacy/b.ts': UNCHECKED_FETCH, 'src/gen/c.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'exclude: ["src/legacy/**"]\n' });
    const files = (args: string[]) => [...new Set(findings([dir, ...args]).map((f) => f.file))].sort();
    expect(files([])).toEqual(['src/a.ts', 'src/gen/c.ts']);
    // A test file that is audited has the test role: judged only when that role is included.
    expect(files(['--no-default-excludes', '--include-roles', 'test'])).toEqual(['src/a.test.ts', 'src/a.ts', 'src/gen/c.ts']);
    expect(files(['--ignore-pattern', 'src/gen/**'])).toEqual(['src/a.ts']);
  });

  it('config parse errors keep the line and column', () => {
    const yaml = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.yaml': 'rules:\n  a: b\n   c: d\n' });
    expect(runCli([yaml]).stderr).toMatch(/^agent-audit: cannot load config \S+\.agent-auditrc\.yaml:2:\d+: not valid YAML: \S/);
    const json = tempProject({ 'a.ts': UNCHECKED_FETCH, '.agent-auditrc.json': '{\n  "gate": {,}\n}\n' });
    const run = runCli([json]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^agent-audit: cannot load config \S+\.agent-auditrc\.json:2:12: not valid JSON: /);
  });

  it('a project whose code is all in dist/ is told what was skipped and how to audit it', () => {
    const dir = tempProject({ 'package.json': '{"name":"p"}' });
    mkdirSync(join(dir, 'dist', 'lib'), { recursive: true });
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, 'dist', 'lib', `${name}.js`), `export const ${name} = 1;\n`);
    const run = runCli([dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('3 file(s) under dist/ are skipped by default (build output); to audit them, pass the folder explicitly (agent-audit ');
    expect(runCli([join(dir, 'dist')]).stdout).toContain('3 file(s) audited');
  });
});

describe('--help', () => {
  it('is shell-friendly and names every command and option', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).not.toContain('(default: [])');
    for (const name of ['--taxonomy', '--color', '--no-color', '--rule <id=severity>', '--ignore-pattern <glob>', '--no-default-excludes', '--print-config', 'explain', 'init']) expect(help.stdout).toContain(name);
    expect(runCli(['baseline', '--help']).stdout).not.toContain('(default: [])');
  });
});
