import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, run } from './helpers.js';

/** Enough findings that the report is far larger than a pipe's buffer. */
const manyFiles = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`src/agent${i}.ts`, CRITICAL_SOURCE]));

function shell(script: string, cwd: string): { status: number | null; stderr: string } {
  const done = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', AUDIT: `${process.execPath} ${BIN}` } });
  return { status: done.status, stderr: done.stderr };
}

// Class 8: exit codes mean what CI thinks they mean.
describe('exit codes', () => {
  it('a reader that closes the pipe early (| head) ends the run quietly with its own exit code', () => {
    const dir = tempProject(manyFiles(400));
    const whole = shell('$AUDIT --format json src > report.json', dir);
    expect(whole.status).toBe(1);
    const done = shell('$AUDIT --format json src | head -c 100 > /dev/null; exit ${PIPESTATUS[0]}', dir);
    expect(done.stderr).toBe('');
    expect(done.status).toBe(1);
  });

  it('a full disk on stdout is an I/O error (exit 2, one line), not "gate failed"', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE });
    const done = shell('$AUDIT --format json src > /dev/full', dir);
    expect(done.status).toBe(2);
    expect(done.stderr).toBe('agent-audit: cannot write to standard output (ENOSPC)\n');
  });

  it('--instances with 400 digits is a usage error, not Infinity in the report', () => {
    const dir = tempProject({ 'src/agent.ts': 'export const a = 1;\n' });
    const done = run(['--instances', '9'.repeat(400), 'src'], { cwd: dir });
    expect(done.status).toBe(2);
    expect(done.stderr).toContain("option '--instances <n>' argument");
    expect(done.stderr).toContain('expected a whole number from 1 to 1000000000');
  });

  it('--max-warnings beyond safe integers is a usage error', () => {
    const done = run(['--max-warnings', '9'.repeat(30), '.'], { cwd: tempProject({ 'a.ts': 'export const a = 1;\n' }) });
    expect(done.status).toBe(2);
  });
});
