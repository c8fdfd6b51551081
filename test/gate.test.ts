import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../src/verdict/gate/gate.js';
import { resolveGateOptions } from '../src/verdict/gate/options.js';
import { gateVerdict } from '../src/verdict/gate/verdict.js';
import { formatFromFileName, inferFormat } from '../src/cli/format-inference.js';
import type { Coverage, Finding, ScoreResult } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

const coverage: Coverage = { filesAudited: 1, filesSkipped: [], parseErrors: [], unreadable: [], notAudited: [] };
const score = (overall: number | null): ScoreResult => ({
  overall,
  uncapped: overall,
  band: overall === null ? 'not applicable' : overall >= 90 ? 'ready' : overall >= 50 ? 'needs work' : 'not ready',
  capped: false,
  categories: {} as ScoreResult['categories'],
  severityWeights: { critical: 10, high: 7.5, medium: 5, low: 2.5 },
});
const high: Finding = {
  ruleId: 'x/high', severity: 'high', category: 'connectors', message: '', hint: '', file: 'a.ts',
  line: 1, column: 1, endLine: 1, endColumn: 2, fingerprint: 'f', taxonomy: { microsoft: [], owaspLlm: [], owaspAgentic: [], cwe: [] },
};

describe('gate', () => {
  it("the default gate fails a 'not ready' score even with no critical finding, and says why", () => {
    const gate = evaluateGate(resolveGateOptions({}, {}), [high], score(0), coverage);
    expect(gate.passed).toBe(false);
    expect(gateVerdict(gate)).toBe("Gate failed: score 0 < 50 (default gate: fails in the 'not ready' band). Passed: 0 critical findings (fail-on critical); 0 unreadable files.");
    const passing = evaluateGate(resolveGateOptions({}, {}), [high], score(50), coverage);
    expect(gateVerdict(passing)).toBe("Gate passed: 0 critical findings (fail-on critical); score 50 >= 50 (default gate: fails in the 'not ready' band); 0 unreadable files.");
  });

  it('a score of n/a fails an explicit --fail-under and says so; the default check lets it pass, also saying so', () => {
    const explicit = evaluateGate(resolveGateOptions({}, { failUnder: 80 }), [], score(null), coverage);
    expect(explicit.passed).toBe(false);
    expect(gateVerdict(explicit)).toContain('score n/a (no rule applied to these files), so --fail-under 80 cannot be met');
    const byDefault = evaluateGate(resolveGateOptions({}, {}), [], score(null), coverage);
    expect(byDefault.passed).toBe(true);
    expect(gateVerdict(byDefault)).toContain('score n/a (no rule applied to these files), so the default score check does not apply');
  });

  it('with a baseline score, the score may not regress; --fail-under stays absolute; config failUnder gives way', () => {
    expect(resolveGateOptions({ gate: { failUnder: 80 } }, {}, 42.5).score).toEqual({ kind: 'no-regression', threshold: 42.5 });
    expect(resolveGateOptions({ gate: { failUnder: 80 } }, { failUnder: 60 }, 42.5).score).toEqual({ kind: 'absolute', threshold: 60, source: 'flag' });
    expect(resolveGateOptions({ gate: { failUnder: 80 } }, {}, undefined).score).toEqual({ kind: 'absolute', threshold: 80, source: 'config' });
    const dropped = evaluateGate(resolveGateOptions({}, {}, 42.5), [], score(40), coverage);
    expect(gateVerdict(dropped)).toContain('score 40 < 42.5 recorded in the baseline (no regression)');
    expect(evaluateGate(resolveGateOptions({}, {}, 42.5), [], score(42.5), coverage).passed).toBe(true);
  });

  it("the CLI's verdict for a 'not ready' project never reads 'Gate passed'", () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    const run = runCli([dir]);
    expect(run.stdout).toMatch(/not ready/);
    expect(run.stdout).toMatch(/Gate failed: score \d+(\.\d+)? < 50 \(default gate: fails in the 'not ready' band\)/);
    expect(run.status).toBe(1);
  });
});

describe('baseline files', () => {
  it('an old baseline without a score still loads and gates on the absolute score', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    expect(runCli(['baseline', '.'], { cwd: dir }).status).toBe(0);
    const file = join(dir, '.agent-audit-baseline.json');
    const recorded = JSON.parse(readFileSync(file, 'utf8'));
    expect(recorded).toMatchObject({ schemaVersion: 1, scope: ['.'] });
    const { score: _score, scope: _scope, ...old } = recorded;
    writeFileSync(file, JSON.stringify(old));
    const result = JSON.parse(runCli(['.', '--baseline', file, '--format', 'json'], { cwd: dir }).stdout);
    expect(result.baseline).toMatchObject({ new: 0, unchanged: recorded.findings.length });
    expect(result.gate.conditions.map((c: { name: string }) => c.name)).toContain('failUnder');
    expect(result.gate.conditions.map((c: { name: string }) => c.name)).not.toContain('scoreRegression');
  });
});

describe('-o without --format', () => {
  it('infers the format from the file name', () => {
    expect(['report.md', 'a.sarif', 'a.sarif.json', 'a.json', 'bom.json', 'x.cdx.json', 'gl-code-quality-report.json', 'log.txt', 'report.html'].map(formatFromFileName)).toEqual(['markdown', 'sarif', 'sarif', 'json', 'cyclonedx', 'cyclonedx', 'gitlab', 'pretty', 'html']);
    expect(() => inferFormat('report.xml')).toThrow(/--output report\.xml: cannot tell the format from the file name; add --format \(pretty, json, markdown, sarif, gitlab, github, cyclonedx, html\)/);
  });

  it('writes markdown to report.md, and refuses an unknown extension with exit 2 before auditing', () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH });
    runCli(['.', '-o', 'report.md', '--fail-under', '0'], { cwd: dir });
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/^## agent-audit: /);
    const unknown = runCli(['.', '-o', 'report.xml'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const pairs = runCli(['.', '--format', 'json', '--format', 'sarif', '--output', 'a.sarif', '-o', 'b.md', '--fail-under', '0'], { cwd: dir });
    expect(pairs.status, pairs.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toMatch(/^## agent-audit: /);
    expect(JSON.parse(pairs.stdout).schemaVersion).toBe(1);
  });
});
