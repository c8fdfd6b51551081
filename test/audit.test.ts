import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { createParser } from '../src/project/parse.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

const run = (dir: string, config = {}) => audit({ paths: [dir], config, configDir: dir });

describe('audit pipeline', () => {
  it('a file that vanishes before it is read is unreadable and fails the gate', async () => {
    const dir = tempProject({ 'gone.ts': 'export const a = 1;\n' });
    const parse = createParser();
    const file = { absolutePath: join(dir, 'gone.ts'), path: 'gone.ts', explicit: false };
    rmSync(file.absolutePath);
    expect(parse(file)).toEqual({ kind: 'unreadable', skipped: { path: 'gone.ts', reason: 'cannot read file (ENOENT)' } });
  });

  it('honours .gitignore, skips node_modules and dist, and the default test-file excludes', async () => {
    const dir = tempProject({
      '.gitignore': 'generated/\n*.local.ts\n',
      'src/a.ts': UNCHECKED_FETCH,
      'src/b.local.ts': UNCHECKED_FETCH,
      'generated/c.ts': UNCHECKED_FETCH,
      'node_modules/x/index.js': UNCHECKED_FETCH,
      'dist/index.js': UNCHECKED_FETCH,
      'src/a.test.ts': UNCHECKED_FETCH,
    });
    const result = await run(dir);
    expect(result.coverage.filesAudited).toBe(1);
    expect([...new Set(result.findings.map((f) => f.file))]).toEqual(['src/a.ts']);
  });

  it('explicit files are audited even when excluded', async () => {
    const dir = tempProject({ 'a.test.ts': UNCHECKED_FETCH });
    const result = await audit({ paths: [join(dir, 'a.test.ts')], config: {}, configDir: dir });
    expect(result.coverage.filesAudited).toBe(1);
  });

  it('include/exclude globs from config select files', async () => {
    const dir = tempProject({ 'src/a.ts': UNCHECKED_FETCH, 'scripts/b.ts': UNCHECKED_FETCH, 'src/legacy/c.ts': UNCHECKED_FETCH });
    const result = await run(dir, { include: ['src/**'], exclude: ['src/legacy/**'] });
    expect([...new Set(result.findings.map((f) => f.file))]).toEqual(['src/a.ts']);
  });

  it('a rule turned off reports nothing and is not applicable', async () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    const result = await run(dir, { rules: { 'connectors/unchecked-response': 'off' } });
    expect(result.findings.some((f) => f.ruleId === 'connectors/unchecked-response')).toBe(false);
    expect(result.rules.find((r) => r.id === 'connectors/unchecked-response')).toMatchObject({ applicable: false, weight: 0 });
  });

  it('fingerprints survive inserting lines above a finding', async () => {
    const before = (await run(tempProject({ 'a.ts': UNCHECKED_FETCH }))).findings.map((f) => f.fingerprint);
    const after = (await run(tempProject({ 'a.ts': `// a new header\n\nconst unrelated = 1;\n${UNCHECKED_FETCH}` }))).findings.map((f) => f.fingerprint);
    expect(after).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
  });
});

describe('suppressions', () => {
  const suppressed = `export async function load(id: string) {
  // agent-audit-disable-next-line connectors/unchecked-response, connectors/no-backoff -- health probe, body is informational
  const res = await fetch('https://api.example.com/items/' + id, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()).name;
}
`;

  it('next-line suppression marks findings suppressed with the reason and keeps them in the result', async () => {
    const result = await run(tempProject({ 'a.ts': suppressed }));
    expect(result.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ['connectors/no-backoff', { kind: 'next-line', reason: 'health probe, body is informational' }],
      ['connectors/unchecked-response', { kind: 'next-line', reason: 'health probe, body is informational' }],
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.rules.find((r) => r.id === 'connectors/unchecked-response')).toMatchObject({ checked: 1, failed: 0, score: 1 });
  });

  it('file-level suppression covers the whole file', async () => {
    const text = `/* agent-audit-disable connectors/no-backoff -- internal service with its own retry proxy */\n${UNCHECKED_FETCH}`;
    const result = await run(tempProject({ 'a.ts': text }));
    expect(result.findings.find((f) => f.ruleId === 'connectors/no-backoff')?.suppressed).toEqual({ kind: 'file', reason: 'internal service with its own retry proxy' });
    expect(result.findings.find((f) => f.ruleId === 'connectors/unchecked-response')?.suppressed).toBeUndefined();
  });

  it('reports reasonless, unknown-rule and unused suppressions', async () => {
    const text = `// agent-audit-disable-next-line connectors/no-backoff
// agent-audit-disable-next-line connectors/nope -- typo
export const x = 1;
// agent-audit-disable-next-line events/interval-polling -- nothing to suppress
export const y = 2;
`;
    const kinds = (await run(tempProject({ 'a.ts': text, 'b.ts': UNCHECKED_FETCH }))).diagnostics.map((d) => [d.kind, d.line]);
    expect(kinds).toEqual([
      ['suppression-without-reason', 1],
      ['unknown-rule-in-suppression', 2],
      ['unused-suppression', 4],
    ]);
  });

  it('directive text inside strings, templates and doc comments is not a suppression', async () => {
    const text = `const note = \`use \${'//'} agent-audit-disable-next-line connectors/no-backoff -- like this\`;
const doc = '// agent-audit-disable-next-line connectors/no-backoff -- in a string';
/** Write \`// agent-audit-disable-next-line <id> -- <reason>\` above the line. */
${UNCHECKED_FETCH}`;
    const result = await run(tempProject({ 'a.ts': text }));
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.every((f) => !f.suppressed)).toBe(true);
    expect(result.findings).toHaveLength(2);
  });

  it('a reasonless suppression does not suppress', async () => {
    const text = UNCHECKED_FETCH.replace('  const res', '  // agent-audit-disable-next-line connectors/no-backoff\n  const res');
    const result = await run(tempProject({ 'a.ts': text }));
    expect(result.findings.find((f) => f.ruleId === 'connectors/no-backoff')?.suppressed).toBeUndefined();
  });
});

describe('per-finding severity', () => {
  it('a lesser variant is reported below the rule severity and the gate sees it that way', async () => {
    const text = `import pRetry from 'p-retry';
export async function refundOrder(id: string) {
  return pRetry(async () => {
    const res = await fetch('https://pay.example.com/refunds/' + id, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.json();
  }, { retries: 3, randomize: true });
}
`;
    const result = await run(tempProject({ 'a.ts': text }), { gate: { failOn: 'medium' } });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([['connectors/no-backoff', 'low', 4]]);
    expect(result.gate.passed).toBe(true);
  });
});
