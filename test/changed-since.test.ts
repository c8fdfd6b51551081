import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

const CLEAN = `export const add = (a: number, b: number) => a + b;\n`;
/** A critical finding: a hard-coded OpenAI key (built at run time so this file holds no key). */
const CRITICAL = `export const key = '${'sk-proj-'}${'A1b2C3d4E5'.repeat(2)}T3BlbkFJ${'Z9y8X7w6V5'.repeat(2)}';\n`;
const LLM = `import OpenAI from 'openai';\nconst openai = new OpenAI();\nconst instructions = 'You are the front desk of a dental practice. Answer questions about appointments and opening hours only.';\nexport const ask = (q: string) => openai.responses.create({ model: 'gpt-4.1-mini', instructions, input: q });\n`;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function repoWith(files: Record<string, string>): string {
  const dir = tempProject(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

function commitOnBranch(dir: string, files: Record<string, string>): void {
  git(dir, 'checkout', '-q', '-b', 'feature');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'change');
}

const audit = (cwd: string, ...args: string[]) => {
  const run = runCli(['--format', 'json', '--changed-since', 'main', ...args], { cwd });
  return { status: run.status, stderr: run.stderr, result: run.stdout ? JSON.parse(run.stdout) : undefined };
};

describe('--changed-since', () => {
  it('gates a critical finding in files whose names git quotes (non-ASCII, quotes, backslashes, spaces)', () => {
    const names = ['src/résumé.ts', 'src/say "hi".ts', 'src/back\\slash.ts', 'src/two words.ts', 'src/日本.ts'];
    const dir = repoWith({ 'src/clean.ts': CLEAN });
    commitOnBranch(dir, Object.fromEntries(names.map((n) => [n, CRITICAL])));
    expect(git(dir, 'diff', '--name-only', 'main')).toContain('"'); // git quotes these names in its default output
    const { status, result } = audit(dir, '.', '--fail-under', '0');
    expect(status).toBe(1);
    expect(result.changedFiles).toEqual([...names].sort());
    expect([...new Set(result.findings.map((f: { file: string }) => f.file))].sort()).toEqual([...names].sort());
    expect(result.gate.conditions[0]).toMatchObject({ name: 'failOn', actual: names.length, passed: false });
  });

  it('matches files audited through a symlinked directory to their real paths', () => {
    const dir = repoWith({ 'pkg/src/clean.ts': CLEAN });
    commitOnBranch(dir, { 'pkg/src/leak.ts': CRITICAL });
    const outside = tempProject({});
    symlinkSync(join(dir, 'pkg'), join(outside, 'linked'));
    const { status, result } = audit(outside, join(outside, 'linked', 'src'), '--fail-under', '0');
    expect(status).toBe(1);
    expect(result.findings.map((f: { file: string }) => f.file)).toEqual(['pkg/src/leak.ts']);
  });

  it("keeps the whole project's score, and shows project-level findings only when their file changed", () => {
    const dir = repoWith({ 'package.json': JSON.stringify({ name: 'x', dependencies: { openai: '^5.0.0' } }, null, 2), 'src/llm.ts': LLM, 'src/clean.ts': CLEAN });
    const whole = JSON.parse(runCli(['.', '--format', 'json', '--fail-on', 'none'], { cwd: dir }).stdout);
    commitOnBranch(dir, { 'src/clean.ts': `${CLEAN}export const sub = (a: number, b: number) => a - b;\n` });
    const { result } = audit(dir, '.', '--fail-on', 'none');
    expect(result.score.overall).toBe(whole.score.overall);
    expect(whole.findings.map((f: { file: string }) => f.file)).toContain('package.json');
    expect(result.findings).toEqual([]);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.1', dependencies: { openai: '^5.0.0' } }, null, 2));
    const manifestChanged = audit(dir, '.', '--fail-on', 'none').result;
    expect(manifestChanged.findings.map((f: { file: string }) => f.file)).toEqual(['package.json', 'package.json']);
  });

  it('with a baseline, findings of unchanged files are neither shown nor listed as fixed', () => {
    const dir = repoWith({ 'src/leak.ts': CRITICAL, 'src/clean.ts': CLEAN });
    expect(runCli(['baseline', '.'], { cwd: dir }).status).toBe(0);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'baseline');
    commitOnBranch(dir, { 'src/clean.ts': `${CLEAN}// touched\n` });
    const { status, result } = audit(dir, '.', '--baseline', '.agent-audit-baseline.json');
    expect(result.baseline).toMatchObject({ new: 0, unchanged: 0, fixed: [] });
    expect(result.findings).toEqual([]);
    expect(status).toBe(0);
  });

  it('a shallow clone without the merge base stops with a hint, exit 2', () => {
    const origin = repoWith({ 'src/a.ts': CLEAN });
    commitOnBranch(origin, { 'src/b.ts': CLEAN });
    git(origin, 'checkout', '-q', 'main');
    writeFileSync(join(origin, 'src/c.ts'), CLEAN);
    git(origin, 'add', '.');
    git(origin, 'commit', '-q', '-m', 'main moves on');
    const clone = join(tempProject({}), 'clone');
    git(origin, 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin}`, clone);
    git(clone, 'checkout', '-q', 'feature');
    const run = runCli(['.', '--changed-since', 'origin/main'], { cwd: clone });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no merge base.*shallow.*fetch-depth: 0/);
  });

  it("git runs none of the audited repository's hooks or fsmonitor programs", () => {
    const dir = repoWith({ 'src/a.ts': CLEAN });
    const marker = join(dir, 'ran');
    const script = join(dir, 'evil.sh');
    writeFileSync(script, `#!/bin/sh\necho ran >> "${marker}"\n`);
    chmodSync(script, 0o755);
    git(dir, 'config', 'core.fsmonitor', script);
    git(dir, 'config', 'core.hooksPath', dir);
    for (const hook of ['post-checkout', 'post-index-change', 'reference-transaction']) writeFileSync(join(dir, hook), `#!/bin/sh\necho ran >> "${marker}"\n`, { mode: 0o755 });
    git(dir, 'config', 'diff.external', script);
    writeFileSync(join(dir, 'src/b.ts'), CLEAN);
    const { status, result } = audit(dir, '.');
    expect(status).toBe(0);
    expect(result.changedFiles).toEqual(['src/b.ts']);
    expect(existsSync(marker) ? readFileSync(marker, 'utf8') : '').toBe('');
  });
});
