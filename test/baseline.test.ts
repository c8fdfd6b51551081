import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

const CLIENT = `import axios from 'axios';

export async function getOrder(id: string) {
  const { data } = await axios.get('https://orders.example.com/' + id, { timeout: 5_000 });
  return data.total;
}

export async function getCustomer(id: string) {
  const res = await fetch('https://crm.example.com/' + id, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()).name;
}
`;

const NEW_CALL = `
export async function getInvoice(id: string) {
  const res = await fetch('https://billing.example.com/' + id, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()).amount;
}
`;

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir, stdio: 'ignore' });
}

function gitProject(files: Record<string, string>): string {
  const dir = tempProject(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

const json = (dir: string, ...args: string[]) => {
  const run = runCli([join(dir, 'src'), '--format', 'json', '--fail-on', 'high', ...args], { cwd: dir });
  return { status: run.status, result: JSON.parse(run.stdout || '{}'), stderr: run.stderr };
};

describe('baseline', () => {
  it('round trip: known findings pass the gate, a new bad call fails it, unrelated edits add nothing', () => {
    const dir = gitProject({ 'src/client.ts': CLIENT });
    expect(json(dir).status).toBe(1);

    const recorded = runCli(['baseline', join(dir, 'src'), '--output', join(dir, '.agent-audit-baseline.json')], { cwd: dir });
    expect(recorded.status).toBe(0);
    const baselineFile = join(dir, '.agent-audit-baseline.json');
    expect(JSON.parse(readFileSync(baselineFile, 'utf8')).findings).toHaveLength(4);

    const known = json(dir, '--baseline', baselineFile);
    expect(known.status).toBe(0);
    expect(known.result.baseline).toMatchObject({ new: 0, unchanged: 4, fixed: [] });

    // Lines inserted above, and the two functions swapped: same findings, nothing new.
    const [head, first, second] = CLIENT.split('\n\nexport');
    writeFileSync(join(dir, 'src/client.ts'), `// Orders and customers.\n\n${head}\n\nexport${second}\nexport${first}`);
    const moved = json(dir, '--baseline', baselineFile);
    expect(moved.result.baseline).toMatchObject({ new: 0, unchanged: 4 });
    expect(moved.status).toBe(0);

    const withNewCall = `${readFileSync(join(dir, 'src/client.ts'), 'utf8')}${NEW_CALL}`;
    writeFileSync(join(dir, 'src/client.ts'), withNewCall);
    const newLine = withNewCall.split('\n').findIndex((line) => line.includes('billing.example.com')) + 1;
    const added = json(dir, '--baseline', baselineFile);
    expect(added.status).toBe(1);
    expect(added.result.findings.filter((f: { baseline: string }) => f.baseline === 'new').map((f: { line: number }) => f.line)).toEqual([newLine, newLine]);
    expect(added.result.gate.conditions[0]).toMatchObject({ name: 'failOn', actual: 1, passed: false });
  });

  it('reports findings fixed since the baseline', () => {
    const dir = gitProject({ 'src/client.ts': CLIENT });
    const baselineFile = join(dir, 'baseline.json');
    runCli(['baseline', join(dir, 'src'), '--output', baselineFile], { cwd: dir });
    writeFileSync(join(dir, 'src/client.ts'), CLIENT.split('\nexport async function getCustomer')[0] as string);
    const { result } = json(dir, '--baseline', baselineFile);
    expect(result.baseline.fixed.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['connectors/no-backoff', 'connectors/unchecked-response']);
  });

  it('a missing or foreign baseline file is a one-line error with exit 2', () => {
    const dir = tempProject({ 'src/client.ts': CLIENT, 'other.json': '{"findings": 3}' });
    expect(json(dir, '--baseline', join(dir, 'nope.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('baseline file not found') });
    expect(json(dir, '--baseline', join(dir, 'other.json'))).toMatchObject({ status: 2, stderr: expect.stringContaining('is not an agent-audit baseline') });
  });
});

describe('--changed-since', () => {
  it('reports findings only in files changed since the ref', () => {
    const dir = gitProject({ 'src/client.ts': CLIENT, 'src/other.ts': CLIENT.replace(/getOrder/g, 'getOther').replace(/getCustomer/g, 'getPerson') });
    writeFileSync(join(dir, 'src/new.ts'), NEW_CALL);
    const { result } = json(dir, '--changed-since', 'HEAD');
    expect(result.changedFiles).toEqual(['src/new.ts']);
    expect([...new Set(result.findings.map((f: { file: string }) => f.file))]).toEqual(['src/new.ts']);
    expect(result.coverage.filesAudited).toBe(3);
  });

  it('outside a git repository or with an unknown ref it says so and exits 2', () => {
    const dir = tempProject({ 'src/client.ts': CLIENT });
    expect(json(dir, '--changed-since', 'main')).toMatchObject({ status: 2, stderr: expect.stringContaining('needs a git repository') });
    const repo = gitProject({ 'src/client.ts': CLIENT });
    expect(json(repo, '--changed-since', 'no-such-branch')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown git ref "no-such-branch"') });
  });
});

describe('several formats in one run', () => {
  it('writes each --format to its --output, and refuses two formats on stdout', () => {
    const dir = tempProject({ 'src/client.ts': CLIENT });
    const run = runCli([join(dir, 'src'), '--format', 'sarif', '--output', join(dir, 'a.sarif'), '--format', 'markdown', '--output', join(dir, 'a.md'), '--format', 'gitlab', '--fail-on', 'none', '--fail-under', '0']);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toMatch(/^## agent-audit: /);
    expect(JSON.parse(run.stdout)[0].check_name).toMatch(/^connectors\//);
    const clash = runCli([join(dir, 'src'), '--format', 'json', '--format', 'sarif']);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain('only one --format can go to standard output');
  });
});
