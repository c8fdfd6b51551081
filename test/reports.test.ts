import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { audit } from '../src/audit.js';
import { loadConfig } from '../src/config/load.js';
import { renderGithub } from '../src/report/github.js';
import { renderGitlab } from '../src/report/gitlab.js';
import { MARKDOWN_LIMIT, renderMarkdown } from '../src/report/markdown.js';
import { renderPretty } from '../src/report/pretty.js';
import { auditResultSchema } from '../src/report/result-schema.js';
import { SECURITY_SEVERITY, renderSarif } from '../src/report/sarif.js';
import { compileSchema } from '../src/schema/validate.js';
import type { AuditResult, Finding } from '../src/types.js';
import { FIXTURES } from './helpers/fixtures.js';

const require = createRequire(import.meta.url);
// The official SARIF 2.1.0 schema as the @microsoft/jest-sarif package ships it (pinned devDependency).
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// ajv-draft-04 is CommonJS with a default export; under NodeNext it arrives wrapped.
type Ajv04Class = new (options: Record<string, unknown>) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } };
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Class }).default ?? Ajv04Module) as unknown as Ajv04Class;
const validateSarif = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(sarifSchema);
const options = { color: false, quiet: false, rules: ALL_RULES };

async function demo(): Promise<AuditResult> {
  const dir = join(FIXTURES, 'projects', 'demo-agent');
  return audit({ paths: [dir], root: dir, config: (await loadConfig(dir)).config, configDir: dir });
}

function withSuppressed(result: AuditResult): AuditResult {
  const [first, ...rest] = result.findings as Finding[];
  return { ...result, findings: [{ ...(first as Finding), suppressed: { kind: 'next-line', reason: 'accepted risk' } }, ...rest] };
}

describe('json', () => {
  it('validates against the published result schema', async () => {
    const validate = compileSchema(auditResultSchema);
    const result = JSON.parse(JSON.stringify(await demo()));
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries the taxonomy matrix with findings per mode; results without it still validate (optional in schema 1)', async () => {
    const validate = compileSchema(auditResultSchema);
    const { taxonomy, ...rest } = JSON.parse(JSON.stringify(await demo())) as AuditResult;
    expect(taxonomy?.modes.find((m) => m.id === 'resource-exhaustion')).toMatchObject({ status: 'checked', findings: expect.any(Number) });
    expect(taxonomy?.modes.reduce((n, m) => n + (m.findings ?? 0), 0)).toBeGreaterThan(0);
    expect(validate(rest), JSON.stringify(validate.errors)).toBe(true);
    expect(rest.schemaVersion).toBe(1);
  });
});

describe('pretty', () => {
  it('with taxonomy: true, ends the report body with the full matrix, before the summary and gate lines, and leaves it out with --quiet', async () => {
    const result = await demo();
    const text = renderPretty(result, { color: false, taxonomy: true });
    const matrix = text.indexOf('Microsoft agentic failure modes, v1.0 + v2.0:');
    expect(matrix).toBeGreaterThan(text.indexOf('Agent inventory'));
    expect(text.slice(matrix)).toMatch(/Checked by rules\n {2}v1\.0 .*\d+ findings? \(/);
    expect(text.slice(matrix)).toMatch(/Manual review \(no rule decides these\)\n {2}v1\.0 [^:]+: Check /);
    expect(text.slice(matrix)).toMatch(/\nReadiness \d+\/100/);
    expect(text.split('\n').filter((line) => line.length > 80 && !/^ +https:\/\/\S+$/.test(line))).toEqual([]);
    expect(renderPretty(result, { color: false, quiet: true, taxonomy: true })).not.toContain('Microsoft agentic failure modes');
  });
});

describe('pretty width', () => {
  it('wraps at the width it is given (a wide terminal gets long lines, never past its width)', async () => {
    const result = await demo();
    const wide = renderPretty(result, { color: false, width: 160 }).split('\n');
    expect(wide.some((line) => line.length > 80)).toBe(true);
    expect(wide.filter((line) => line.length > 160 && !/^ +https:\/\/\S+$/.test(line))).toEqual([]);
  });
});

describe('sarif', () => {
  it('passes the official SARIF 2.1.0 schema, with a suppressed finding too', async () => {
    const log = JSON.parse(renderSarif(withSuppressed(await demo()), options));
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0].results[0].suppressions).toEqual([{ kind: 'inSource', justification: 'accepted risk' }]);
  });

  it('meets GitHub code scanning requirements: rule metadata, security-severity, fingerprints, relative URIs', async () => {
    const result = await demo();
    const run = JSON.parse(renderSarif(result, options)).runs[0];
    for (const rule of run.tool.driver.rules) {
      expect(rule).toMatchObject({ id: expect.any(String), name: expect.any(String), shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) }, help: { text: expect.any(String), markdown: expect.any(String) }, helpUri: expect.stringMatching(/^https:\/\//) });
      expect(Object.values(SECURITY_SEVERITY)).toContain(rule.properties['security-severity']);
      expect(rule.properties.tags.length).toBeGreaterThan(0);
    }
    expect(run.automationDetails.id).toBe('agent-audit/');
    expect(run.properties.taxonomyCoverage).toEqual(result.taxonomy);
    expect(run.results).toHaveLength(result.findings.length);
    for (const [i, r] of run.results.entries()) {
      const location = r.locations[0].physicalLocation;
      expect(location.artifactLocation.uriBaseId).toBe('SRCROOT');
      expect(location.artifactLocation.uri).not.toMatch(/^\//);
      expect(r.partialFingerprints['agentAuditFingerprint/v1']).toBe(result.findings[i]?.fingerprint);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
  });
});

describe('gitlab code quality', () => {
  it('maps findings to description, check_name, fingerprint, severity and location, leaving suppressed ones out', async () => {
    const result = withSuppressed(await demo());
    const issues = JSON.parse(renderGitlab(result));
    expect(issues).toHaveLength(result.findings.length - 1);
    const expectedSeverity = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor' } as const;
    expect(issues).toEqual(
      result.findings.slice(1).map((f) => ({
        type: 'issue',
        description: `${f.message} Fix: ${f.hint}`,
        check_name: f.ruleId,
        categories: [f.category === 'security' ? 'Security' : 'Bug Risk'],
        fingerprint: f.fingerprint,
        severity: expectedSeverity[f.severity],
        location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
      })),
    );
    expect(new Set(issues.map((i: { severity: string }) => i.severity))).toEqual(new Set(['blocker', 'critical', 'major', 'minor']));
  });
});

describe('github annotations', () => {
  it('puts the summary first, then one workflow command per finding, most severe first, within GitHub\'s per-step limits', async () => {
    const result = await demo();
    const lines = renderGithub(result).trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^::notice title=agent-audit::Readiness ${Math.round(result.score.overall ?? Number.NaN)}/100 \\(not ready\\)\\. Gate failed: 2 critical findings \\(fail-on critical\\); score ${String(Math.round((result.score.overall ?? Number.NaN) * 10) / 10).replace('.', '\\.')} < 80 \\(config gate\\.failUnder\\)\\..* (\\d+) more finding\\(s\\) past GitHub's 10 annotations per kind per step are listed in the log below, not annotated\\.$`));
    const commands = lines.filter((line) => line.startsWith('::'));
    const kinds = commands.slice(1).map((line) => /^::(\w+) /.exec(line)?.[1]);
    expect(kinds.filter((k) => k === 'error')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'warning')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'notice').length).toBeLessThanOrEqual(9);
    // Most severe first: every error before any warning, and the two criticals lead.
    expect(kinds.lastIndexOf('error')).toBeLessThan(kinds.indexOf('warning'));
    expect(commands[1]).toMatch(/title=\S+ \(critical\)::/);
    expect(commands[2]).toMatch(/title=\S+ \(critical\)::/);
    const leftOut = Number(/(\d+) more finding\(s\) past/.exec(lines[0] ?? '')?.[1]);
    const logged = lines.slice(lines.indexOf("Not annotated (GitHub's per-step limit), most severe first:") + 1);
    expect(logged).toHaveLength(leftOut);
    expect(commands.length - 1 + leftOut).toBe(result.findings.length);
    expect(logged.every((line) => /^ {2}src\/\S+:\d+:\d+ (high|medium|low) /.test(line) || /^ {2}package\.json/.test(line))).toBe(true);
    expect(commands).toContainEqual(expect.stringMatching(/^::(warning|error) file=src\/[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::.*%0AFix: /));
  });
});

describe('markdown', () => {
  it('matches the reviewed report of the demo agent', async () => {
    await expect(renderMarkdown(await demo(), options)).toMatchFileSnapshot('__snapshots__/demo-agent.md');
  });

  it('ends with the collapsible taxonomy matrix: checked modes with rule links, then manual-review items', async () => {
    const text = renderMarkdown(await demo(), options);
    const section = text.slice(text.indexOf('<details><summary>Microsoft agentic failure modes'));
    expect(section).toMatch(/^<details><summary>Microsoft agentic failure modes \(v1\.0 \+ v2\.0\): \d+ checked by rules, \d+ for manual review<\/summary>/);
    expect(section).toContain('| Resource exhaustion | v1.0 | [`connectors/');
    expect(section).toMatch(/\| Goal Hijacking \| v2\.0 \| 🔍 manual review: Check .+ \| — \|/);
    expect(section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Failure mode'))).toHaveLength(34);
  });

  it('links findings with --link-base', async () => {
    const text = renderMarkdown(await demo(), { ...options, linkBase: 'https://github.com/acme/agent/blob/abc123' });
    expect(text).toContain('[`src/agent.ts:14`](https://github.com/acme/agent/blob/abc123/src/agent.ts#L14)');
  });

  it('stays under the size limit with a visible "… and N more" line', async () => {
    const result = await demo();
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...(result.findings[0] as Finding), line: i + 1, fingerprint: `fp${i}` }));
    const text = renderMarkdown({ ...result, findings: many }, options);
    expect(text.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(text).toMatch(/… and \d+ more lines/);
  });
});
