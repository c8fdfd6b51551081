import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/cli/color.js';
import { runCli } from './helpers/cli.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

const ANSI = /\u001b\[\d+m/;

function onePollingProject(): string {
  return tempProject({ 'package.json': '{"name":"p","version":"1.0.0"}', 'src/load.ts': UNCHECKED_FETCH });
}

describe('pretty report layout', () => {
  const run = runCli([onePollingProject(), '--fail-under', '0', '--fail-on', 'none']);
  const lines = run.stdout.trimEnd().split('\n');

  it('lists findings by file with the rule page, and ends with scores, next steps and the gate verdict', () => {
    expect(run.status).toBe(0);
    const file = lines.indexOf('src/load.ts');
    expect(file).toBeGreaterThan(0);
    const rulePage = lines.findIndex((l) => /^ +https:\/\/\S+\/rules\/[\w-]+\/[\w-]+\/[\w-]+\.md$/.test(l));
    expect(rulePage).toBeGreaterThan(file);
    const readiness = lines.findIndex((l) => l.startsWith('Readiness '));
    const steps = lines.indexOf('Next steps');
    expect(readiness).toBeGreaterThan(rulePage);
    expect(steps).toBeGreaterThan(readiness);
    expect(lines.at(-1)).toMatch(/^Gate passed/);
    expect(lines.at(-2)).toMatch(/^\d+ findings?: /);
    expect(run.stdout).toMatch(/agent-audit explain \S+\/\S+/);
    expect(run.stdout).toMatch(/\/\/ agent-audit-disable-next-line \S+ -- <reason>/);
    expect(run.stdout).toContain('agent-audit baseline');
  });

  it('shows how many sites each category score stands on, and marks a small sample', () => {
    const connectors = lines.find((l) => l.startsWith('  Connectors'));
    expect(connectors).toMatch(/^ {2}Connectors +\d+ +\d+ sites? checked, \d+ failed/);
    expect(lines.find((l) => l.startsWith('  Memory'))).toMatch(/nothing to check$/);
    expect(run.stdout).toMatch(/ 1 site checked, 1 failed \(small sample\)|sites checked, \d+ failed \(small sample\)/);
  });

  it('sums the failure-mode matrix in one line; --taxonomy prints all of it', () => {
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/Microsoft agentic failure modes \(v1\.0 \+ v2\.0\): \d+ checked by rules, \d+ with findings, \d+ for manual review \(--taxonomy for the matrix\)/);
    expect(run.stdout).not.toContain('Manual review (no rule decides these)');
    const full = runCli([onePollingProject(), '--fail-under', '0', '--fail-on', 'none', '--taxonomy']);
    expect(full.stdout).toContain('Manual review (no rule decides these)');
    expect(full.stdout.indexOf('Checked by rules')).toBeLessThan(full.stdout.indexOf('Readiness '));
  });

  it('--quiet keeps the scores and verdict only', () => {
    const quiet = runCli([onePollingProject(), '--fail-under', '0', '--fail-on', 'none', '-q']);
    expect(quiet.stdout).not.toContain('src/load.ts');
    expect(quiet.stdout).not.toContain('Next steps');
    expect(quiet.stdout).toMatch(/Readiness [\s\S]*Gate passed/);
  });
});

describe('colour controls', () => {
  it('are decided in one place: flag, then FORCE_COLOR, then NO_COLOR, then CI and the terminal', () => {
    expect(colorEnabled({ env: {}, isTTY: true })).toBe(true);
    expect(colorEnabled({ env: {}, isTTY: false })).toBe(false);
    expect(colorEnabled({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(colorEnabled({ env: { NO_COLOR: '' }, isTTY: true })).toBe(true);
    expect(colorEnabled({ env: { CI: 'true' }, isTTY: true })).toBe(false);
    expect(colorEnabled({ env: { CI: 'true', FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(colorEnabled({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(false);
    expect(colorEnabled({ flag: false, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(colorEnabled({ flag: true, env: { NO_COLOR: '1' }, isTTY: false })).toBe(true);
  });

  it('reach the real CLI: FORCE_COLOR under CI colours, --no-color wins, --color beats NO_COLOR, files never get colour', () => {
    const dir = onePollingProject();
    const args = [dir, '--fail-under', '0', '--fail-on', 'none'];
    expect(runCli(args).stdout).not.toMatch(ANSI);
    expect(runCli(args, { env: { CI: 'true', FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toMatch(ANSI);
    expect(runCli([...args, '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).not.toMatch(ANSI);
    expect(runCli([...args, '--color'], { env: { NO_COLOR: '1' } }).stdout).toMatch(ANSI);
  });
});
