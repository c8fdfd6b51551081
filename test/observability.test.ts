import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import type { AuditResult } from '../src/types.js';
import { FIXTURES } from './helpers/fixtures.js';

const project = (name: string): Promise<AuditResult> => {
  const dir = join(FIXTURES, 'projects', name);
  return audit({ paths: [dir], root: dir, config: {}, configDir: dir });
};
const rule = (result: AuditResult, id: string) => result.rules.find((r) => r.id === id);
const findings = (result: AuditResult, id: string) => result.findings.filter((f) => f.ruleId === id);

describe('observability (whole-project rules)', () => {
  it('LLM calls with no tracing and no evals: one finding each, on package.json dependencies', async () => {
    const result = await project('obs-untraced');
    expect(findings(result, 'observability/no-tracing').map((f) => [f.file, f.line, f.message])).toEqual([
      ['package.json', 4, '1 LLM call(s) (openai) and no tracing library: failed agent runs cannot be reconstructed step by step.'],
    ]);
    expect(findings(result, 'observability/no-evals').map((f) => [f.file, f.line])).toEqual([['package.json', 4]]);
    expect(rule(result, 'observability/untraced-llm-call')).toMatchObject({ applicable: false, checked: 0 });
    expect(result.score.categories.observability.score).toBe(0);
  });

  it('traced calls and a promptfoo suite: both rules pass, and untraced-llm-call checks the call', async () => {
    const result = await project('obs-ready');
    expect(result.findings.filter((f) => f.category === 'observability')).toEqual([]);
    expect(rule(result, 'observability/no-tracing')).toMatchObject({ checked: 1, failed: 0, score: 1 });
    expect(rule(result, 'observability/no-evals')).toMatchObject({ checked: 1, failed: 0, score: 1 });
    expect(rule(result, 'observability/untraced-llm-call')).toMatchObject({ checked: 1, failed: 0 });
  });

  it('tracing declared only in package.json and evals in an evals/ folder count', async () => {
    const result = await project('obs-manifest-only');
    expect(result.findings.filter((f) => f.category === 'observability')).toEqual([]);
    expect(rule(result, 'observability/no-tracing')).toMatchObject({ checked: 1, failed: 0 });
    expect(rule(result, 'observability/no-evals')).toMatchObject({ checked: 1, failed: 0 });
  });

  it('a project without LLM calls is not judged on tracing or evals', async () => {
    const result = await project('obs-no-llm');
    for (const id of ['observability/no-tracing', 'observability/no-evals', 'observability/untraced-llm-call']) expect(rule(result, id)).toMatchObject({ applicable: false });
    expect(result.score.categories.observability.score).toBeNull();
  });

  it('a project rule can be turned off in config', async () => {
    const dir = join(FIXTURES, 'projects', 'obs-untraced');
    const result = await audit({ paths: [dir], config: { rules: { 'observability/no-evals': 'off' } }, configDir: dir });
    expect(findings(result, 'observability/no-evals')).toEqual([]);
    expect(findings(result, 'observability/no-tracing')).toHaveLength(1);
  });
});
