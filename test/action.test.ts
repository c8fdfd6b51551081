import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/report/index.js';
import { action, readme, readmeWorkflowStep, runAuditStep, type Step } from './helpers/action.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

/** The `with:` keys of the README's example step that uses this action. */
function readmeExampleInputs(): string[] {
  return Object.keys(readmeWorkflowStep()?.with ?? {});
}

describe('GitHub Action', () => {
  it('is a composite action whose README example uses only inputs it declares', () => {
    expect(action.runs.using).toBe('composite');
    const used = readmeExampleInputs();
    expect(used).toEqual(expect.arrayContaining(['paths', 'fail-on', 'format', 'sarif-file', 'baseline']));
    for (const input of used) expect(Object.keys(action.inputs), `README uses input "${input}"`).toContain(input);
  });

  it('has an input for every option the README documents, and its format input names every format', () => {
    const table = /\| option \| meaning \|\n\|---\|---\|\n((?:\|.*\n)+)/.exec(readme)?.[1] ?? '';
    const flags = [...table.matchAll(/^\| `(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1] as string);
    expect(flags).toEqual(expect.arrayContaining(['format', 'output', 'fail-under', 'max-warnings', 'instances', 'changed-since']));
    for (const flag of flags) expect(Object.keys(action.inputs), `README option --${flag}`).toContain(flag);
    const formats = (action.inputs.format as unknown as { description: string }).description;
    for (const format of FORMAT_NAMES) expect(formats, format).toContain(format);
  });

  it('installs only runtime dependencies, without install scripts, when the ref carries a build', () => {
    const install = action.runs.steps.find((s) => s.name === 'Install agent-audit')?.run ?? '';
    expect(install).toMatch(/if \[ -f dist\/src\/cli\/main\.js \]; then\s+npm ci --omit=dev --ignore-scripts /);
  });

  it('every input reaches the audit step', () => {
    const step = action.runs.steps.find((s) => s.id === 'audit') as Step;
    const wired = Object.values(step.env ?? {}).map((expr) => /inputs\.([\w-]+)/.exec(expr)?.[1]);
    const elsewhere = ['upload-sarif'];
    for (const input of Object.keys(action.inputs)) expect([...wired, ...elsewhere], input).toContain(input);
  });

  it('its audit step annotates, writes SARIF and the job summary, and reports the gate as an output', () => {
    const workspace = tempProject({
      'src/agent.ts': "export async function load(id: string) {\n  const res = await fetch('https://api.example.com/' + id, { signal: AbortSignal.timeout(5_000) });\n  return (await res.json()).name;\n}\n",
    });
    const { run, output, summary } = runAuditStep(workspace, { paths: 'src', 'fail-on': 'high', 'max-warnings': '5', instances: '3' });
    expect(run.status, run.stderr).toBe(0);
    // Paths are relative to the project root (here the workspace), not to the audited `src`.
    expect(run.stdout).toMatch(/^::error file=src\/agent\.ts,line=2,/m);
    expect(output.trim()).toBe('exit-code=1');
    expect(JSON.parse(readFileSync(join(workspace, 'agent-audit.sarif'), 'utf8')).runs[0].results).toHaveLength(2);
    expect(summary).toContain('[`src/agent.ts:2`](https://github.com/acme/agent/blob/abc123/src/agent.ts#L2)');

    const json = runAuditStep(workspace, { paths: 'src', format: 'json', output: 'audit.json', 'max-warnings': '5', instances: '3', 'sarif-file': '', summary: 'false' });
    expect(json.run.status, json.run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(workspace, 'audit.json'), 'utf8'));
    expect(result.polling.instances).toBe(3);
    expect(result.gate.conditions).toContainEqual(expect.objectContaining({ name: 'maxWarnings', threshold: 5 }));
    const bom = runAuditStep(workspace, { paths: 'src', format: 'cyclonedx', output: 'bom.json', 'sarif-file': '', summary: 'false' });
    expect(bom.run.status, bom.run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(workspace, 'bom.json'), 'utf8')).bomFormat).toBe('CycloneDX');
  });

  it('keeps a cache between runs by default, restored and saved at the path the audit uses, and works without it', () => {
    const restore = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache/restore@')) as Step & { if?: string };
    const save = action.runs.steps.find((s) => s.uses?.startsWith('actions/cache/save@')) as Step & { if?: string };
    const names = action.runs.steps.map((s) => s.name);
    expect(names.indexOf(restore.name)).toBeLessThan(names.indexOf('Audit'));
    expect(names.indexOf(save.name)).toBeGreaterThan(names.indexOf('Audit'));
    expect(names.indexOf(save.name)).toBeLessThan(names.indexOf('Gate'));
    for (const step of [restore, save]) {
      expect(step.if).toBe("inputs.cache == 'true'");
      expect(step.with?.path).toBe('${{ runner.temp }}/agent-audit-cache');
    }
    expect(restore.with?.key).toBe(save.with?.key);
    expect(save.with?.key?.startsWith(restore.with?.['restore-keys'] ?? '-')).toBe(true);
    expect(action.inputs.cache?.default).toBe('true');

    const workspace = tempProject({ 'src/agent.ts': UNCHECKED_FETCH });
    const inputs = { paths: 'src', format: 'json', 'sarif-file': '', summary: 'false' };
    const cached = runAuditStep(workspace, { ...inputs, output: 'cached.json' });
    expect(cached.run.status, cached.run.stderr).toBe(0);
    expect(readdirSync(join(workspace, 'agent-audit-cache'))).toEqual([expect.stringMatching(/^results-[0-9a-f]+\.json$/)]);
    const plain = runAuditStep(workspace, { ...inputs, output: 'plain.json', cache: 'false' });
    expect(plain.run.status, plain.run.stderr).toBe(0);
    expect(readFileSync(join(workspace, 'plain.json'), 'utf8')).toBe(readFileSync(join(workspace, 'cached.json'), 'utf8'));
    // The step appends to $GITHUB_OUTPUT: one line per run, both the same exit code.
    expect(plain.output.trim().split('\n')).toEqual(['exit-code=1', 'exit-code=1']);
  });
});
