import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, auditInProcess, auditJson, findingFiles } from './helpers.js';

// Class 3: a file with a critical finding must be audited, or listed and fail the gate.
describe('no file is hidden from the gate', () => {
  it('a file name with a newline is audited', async () => {
    const dir = tempProject({ 'src/ok.ts': 'export const a = 1;\n', 'src/evil\nname.ts': CRITICAL_SOURCE });
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['src/evil\nname.ts']);
  });

  it('a NUL byte in a comment does not make a source file "binary"', async () => {
    const dir = tempProject({ 'src/agent.ts': Buffer.concat([Buffer.from('// build id \0\0\0\n'), Buffer.from(CRITICAL_SOURCE)]) });
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['src/agent.ts']);
    expect(result.coverage.filesSkipped).toEqual([]);
  });

  it('a 25 KB comment line does not make a hand-written file "minified"', async () => {
    const dir = tempProject({ 'src/agent.ts': `// ${'x'.repeat(25_000)}\n${CRITICAL_SOURCE}` });
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['src/agent.ts']);
  });

  it('a .min.js name or one-line minified code does not hide a file', async () => {
    const oneLine = `${CRITICAL_SOURCE.replace(/\n/g, ' ')}${'var a=1;'.repeat(4000)}\n`;
    const dir = tempProject({ 'public/agent.min.js': CRITICAL_SOURCE.replace('export default apiKey;', 'module.exports = apiKey;'), 'src/bundle.js': oneLine });
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['public/agent.min.js', 'src/bundle.js']);
  });

  it('padding past the size limit lists the file as not audited and fails the gate', async () => {
    const dir = tempProject({ 'src/ok.ts': 'export const a = 1;\n', 'src/padded.ts': `export const a = 1;\n${'// padding\n'.repeat(400_000)}` });
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(result.coverage.notAudited).toEqual([{ path: 'src/padded.ts', reason: 'larger than 4 MiB' }]);
    expect(result.gate.conditions).toContainEqual(expect.objectContaining({ name: 'filesNotAudited', threshold: 0, actual: 1, passed: false }));
  });

  it('a git-tracked file that .gitignore also lists is still audited; an untracked ignored one is not', async () => {
    const dir = tempProject({ 'src/tracked.ts': CRITICAL_SOURCE, 'src/generated/tracked-too.ts': CRITICAL_SOURCE, 'src/untracked.ts': CRITICAL_SOURCE });
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...args], { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', 'src/tracked.ts', 'src/generated/tracked-too.ts');
    git('commit', '-qm', 'initial');
    writeFileSync(join(dir, '.gitignore'), 'src/tracked.ts\nsrc/generated/\nsrc/untracked.ts\n');
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['src/generated/tracked-too.ts', 'src/tracked.ts']);
  });

  it('a directory too deep to list fails the gate instead of being quietly skipped', async () => {
    const dir = tempProject({ 'src/ok.ts': 'export const a = 1;\n' });
    // Past PATH_MAX (4096): the directory exists but cannot be listed by its path.
    const deep = spawnSync('bash', ['-c', 'mkdir -p src/$(printf "dddddddddd/%.0s" $(seq 1 420))'], { cwd: dir });
    expect(deep.status).toBe(0);
    const { status, result } = await auditInProcess(dir);
    expect(status).toBe(1);
    expect(result.coverage.unreadable).toHaveLength(1);
    expect(result.coverage.unreadable[0]?.reason).toBe('directory not readable (ENAMETOOLONG)');
    spawnSync('rm', ['-rf', join(dir, 'src', 'dddddddddd')]);
  });

  it('a file symlink pointing outside the audited root is not read, and is listed', async () => {
    const outside = tempProject({ 'secret-prompt.ts': 'export const systemPrompt = "OUTSIDE-TEXT";\nconst k = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";\n' });
    const dir = tempProject({ 'src/ok.ts': 'export const a = 1;\n', 'src/inner.ts': 'export const b = 2;\n' });
    symlinkSync(join(outside, 'secret-prompt.ts'), join(dir, 'src/linked.ts'));
    symlinkSync(join(dir, 'src/inner.ts'), join(dir, 'src/inner-link.ts'));
    const done = await auditInProcess(dir);
    expect(done.status).toBe(0);
    expect(JSON.stringify(done.result)).not.toContain('OUTSIDE-TEXT');
    expect(done.result.coverage.filesSkipped).toEqual([{ path: 'src/linked.ts', reason: 'symbolic link to a file outside the audited root (not read)' }]);
    expect(done.result.coverage.filesAudited).toBe(3);
  });

  it('a FIFO named *.ts is listed as not a regular file and never opened', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE });
    mkdirSync(join(dir, 'src', 'more'));
    expect(spawnSync('mkfifo', [join(dir, 'src', 'more', 'pipe.ts')]).status).toBe(0);
    const { status, result } = auditJson(dir, [], { timeoutMs: 20_000 });
    expect(status).toBe(1);
    expect(result.coverage.filesSkipped).toEqual([{ path: 'src/more/pipe.ts', reason: 'not a regular file' }]);
    expect(findingFiles(result)).toEqual(['src/agent.ts']);
  });
});
