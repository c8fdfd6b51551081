import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, auditJson, findingFiles, run } from './helpers.js';

const terms = (n: number, term: (i: number) => string, separator: string): string => Array.from({ length: n }, (_, i) => term(i)).join(separator);

/** Shapes generated prompt tables and routers take: each one is as deep as it is long. */
const DEEP_FILES = {
  'src/prompt-table.ts': `declare const user: string;\nexport const prompt = ${terms(1_700, (i) => (i % 2 ? `"part ${i} "` : 'user'), ' + ')};\n`,
  'src/chain.ts': `declare const start: Promise<number>;\nexport const done = start${'.then((v) => v + 1)'.repeat(850)};\n`,
  'src/fallbacks.ts': `declare const env: Record<string, string | undefined>;\nexport const value = ${terms(3_000, (i) => `env.K${i}`, ' ?? ')};\n`,
  'src/sequence.ts': `let n = 0;\nexport const last = (${terms(3_000, (i) => `n = ${i}`, ', ')});\n`,
  'src/members.ts': `declare const root: any;\nexport const leaf = root${terms(3_000, (i) => `.m${i}`, '')};\n`,
  // 5,000 branches overflow the TypeScript parser on the main thread's stack.
  'src/router.ts': `declare const route: number;\ndeclare function handle(n: number): void;\nif (route === -1) {}${terms(5_000, (i) => ` else if (route === ${i}) { handle(${i}); }`, '')}\n`,
  'src/agent.ts': CRITICAL_SOURCE,
};

// Class 2: one long or deep file never aborts the audit.
describe('deep and long files', () => {
  it('are audited; findings from the other files still count', () => {
    const dir = tempProject(DEEP_FILES);
    const { status, result, stderr } = auditJson(dir, [], { timeoutMs: 60_000 });
    expect(stderr).toBe('');
    expect(status).toBe(1);
    expect(result.coverage.filesAudited).toBe(7);
    expect(result.coverage.notAudited).toEqual([]);
    expect(findingFiles(result)).toEqual(['src/agent.ts']);
  });

  it('a file too deep even for the large stack is listed as not audited and fails the gate; the rest still counts', () => {
    const dir = tempProject({ 'src/abyss.ts': `export const v = ${'('.repeat(1_000_000)}1${')'.repeat(1_000_000)};\n`, 'src/ok.ts': 'export const a = 1;\n' });
    const { status, result } = auditJson(dir, [], { timeoutMs: 60_000 });
    expect(status).toBe(1);
    expect(result.coverage.filesAudited).toBe(1);
    expect(result.coverage.notAudited).toEqual([{ path: 'src/abyss.ts', reason: 'nested too deeply to parse and analyse (stack overflow even on a large stack)' }]);
    expect(result.gate.conditions).toContainEqual(expect.objectContaining({ name: 'filesNotAudited', threshold: 0, actual: 1, passed: false }));
  });

  it('give the same report whether a file is analysed on the main thread or in a worker', () => {
    const dir = tempProject({ ...DEEP_FILES, 'src/more.ts': 'export const b = 2;\n', 'src/other.ts': 'export const c = 3;\n' });
    const serial = run(['--format', 'json', dir], { timeoutMs: 60_000, env: { AGENT_AUDIT_PARALLEL_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) } });
    const parallel = run(['--format', 'json', dir], { timeoutMs: 60_000, env: { AGENT_AUDIT_PARALLEL_MIN_BYTES: '0' } });
    expect(serial.status).toBe(1);
    expect(parallel.stdout).toBe(serial.stdout);
  });
});
