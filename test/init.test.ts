import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, CONFIG_SCHEMA_REFERENCE, configJsonSchemaText } from '../src/config/json-schema.js';
import { validateUserConfig } from '../src/config/load.js';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { runCli } from './helpers/cli.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

describe('agent-audit init', () => {
  it('detects pnpm, TypeScript, the agent frameworks and GitHub Actions, and writes a valid starter config', () => {
    const dir = tempProject({
      'package.json': JSON.stringify({ name: 'bot', dependencies: { '@langchain/openai': '1', openai: '4', express: '4' }, devDependencies: { typescript: '5' } }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'src/a.ts': UNCHECKED_FETCH,
    });
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    const run = runCli(['init'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('TypeScript project, pnpm; agent frameworks: LangChain, OpenAI SDK');
    expect(run.stdout).toContain('GitHub Actions');
    expect(run.stdout).toContain('pnpm exec agent-audit');
    const text = readFileSync(join(dir, '.agent-auditrc.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${CONFIG_SCHEMA_REFERENCE}`);
    expect(() => validateUserConfig(parseYaml(text) ?? {}, 'starter')).not.toThrow();
    // The starter config is read by a real audit.
    expect(JSON.parse(runCli(['--print-config'], { cwd: dir }).stdout).configFile).toBe(join(dir, '.agent-auditrc.yaml'));
  });

  it('prints a GitLab job for .gitlab-ci.yml, and a plain command without a CI; JavaScript with npm by default', () => {
    const gitlab = tempProject({ 'package.json': '{"name":"x","dependencies":{"ai":"4"}}', '.gitlab-ci.yml': 'stages: [test]\n', 'a.js': 'export const a = 1;\n' });
    const run = runCli(['init', gitlab]);
    expect(run.stdout).toContain('JavaScript project, npm; agent frameworks: Vercel AI SDK');
    expect(run.stdout).toContain('codequality: gl-code-quality-report.json');
    const none = tempProject({ 'package.json': '{"name":"y"}' });
    expect(runCli(['init', none]).stdout).toContain('No CI detected');
  });

  it('refuses to overwrite an existing config without --force (exit 2)', () => {
    const dir = tempProject({ 'package.json': '{"name":"z"}', '.agent-auditrc.yaml': 'gate: { failUnder: 90 }\n' });
    const refused = runCli(['init', dir]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already exists; pass --force to replace it\n$/);
    expect(readFileSync(join(dir, '.agent-auditrc.yaml'), 'utf8')).toBe('gate: { failUnder: 90 }\n');
    expect(runCli(['init', dir, '--force']).status).toBe(0);
    expect(readFileSync(join(dir, '.agent-auditrc.yaml'), 'utf8')).toContain('yaml-language-server');
  });
});

describe('shipped config JSON schema', () => {
  it('is the schema the loader validates with (run `npm run docs` when this fails)', () => {
    expect(readFileSync(join(PACKAGE_ROOT, CONFIG_SCHEMA_FILE), 'utf8')).toBe(configJsonSchemaText());
  });

  it('is shipped in the package and named in the README', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain(CONFIG_SCHEMA_FILE);
    expect(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')).toContain(CONFIG_SCHEMA_REFERENCE);
  });

  it('lets editors accept the starter config and reject what the loader rejects', () => {
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, CONFIG_SCHEMA_FILE), 'utf8')) as object);
    expect(validate({ exclude: ['x/**'], defaultExcludes: false, rules: { 'connectors/no-timeout': 'off' }, gate: { failUnder: 70 } })).toBe(true);
    expect(validate({ gate: { failUnder: 101 } })).toBe(false);
    expect(validate({ excludes: ['x'] })).toBe(false);
  });
});
