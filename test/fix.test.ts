import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { audit } from '../src/audit.js';
import { applyFixes } from '../src/fix/apply-edits.js';
import { planFixes } from '../src/fix/plan-fixes.js';
import { runFixes } from '../src/fix/run-fixes.js';
import type { AuditResult, Finding, FindingFix } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { FIXTURES, listFiles } from './helpers/fixtures.js';
import { tempProject } from './helpers/temp-project.js';

const FIXED_RULES = ['connectors/no-timeout', 'connectors/unchecked-response'];

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of fixture folders in a temp dir: fixes are applied to it, never to the fixtures. */
function fixtureCopy(...folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-fix-'));
  copies.push(dir);
  for (const folder of folders) cpSync(join(FIXTURES, folder), join(dir, folder.replaceAll('/', '_')), { recursive: true });
  return dir;
}

const auditDir = (dir: string, config: object = {}) => (): Promise<AuditResult> => audit({ paths: [dir], root: dir, config, configDir: dir });

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((file) => [file, readFileSync(file, 'utf8')]));
}

function countByRule(findings: readonly Finding[], keep: (f: Finding) => boolean = () => true): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) if (!finding.suppressed && keep(finding)) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}

/**
 * Type errors per file, the files checked together as they are in `texts` (lib dom + es2022,
 * skipLibCheck, no emit), every package they import declared as `any`: a fix must not add one.
 * Messages without positions, since fixes shift lines.
 */
function typeErrors(texts: ReadonlyMap<string, string>): Map<string, string[]> {
  const ambient = join(tmpdir(), 'agent-audit-fix-ambient.d.ts');
  const modules = [...texts.values()].flatMap((text) => [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'".][^'"]*)['"]/g)].map((m) => m[1] as string));
  const declarations = [...new Set(modules)].map((m) => `declare module '${m}' { const value: any; export = value; }`).join('\n');
  const options: ts.CompilerOptions = { noEmit: true, lib: ['lib.dom.d.ts', 'lib.es2022.d.ts'], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, strict: false, allowJs: true, checkJs: false, jsx: ts.JsxEmit.Preserve, esModuleInterop: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  const readFile = host.readFile.bind(host);
  const memory = new Map([...texts, [ambient, declarations]]);
  host.readFile = (name) => memory.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) => {
    const text = memory.get(name);
    return text !== undefined ? ts.createSourceFile(name, text, language, true) : read(name, language, onError);
  };
  const program = ts.createProgram([...texts.keys(), ambient], options, host);
  return new Map(
    [...texts.keys()].map((path) => {
      const file = program.getSourceFile(path);
      return [path, [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`).sort()];
    }),
  );
}

describe('applyFixes', () => {
  const fix = (start: number, end: number, replacement: string): FindingFix => ({ description: 'edit', edits: [{ file: 'a.ts', start, end, replacement }] });

  it('applies non-overlapping fixes from the end, so earlier offsets stay valid', () => {
    expect(applyFixes('abcdef', [fix(1, 2, 'X'), fix(4, 4, 'Y')])).toEqual({ text: 'aXcdYef', applied: 2, deferred: 0 });
  });

  it('applies an identical fix (one client shared by several findings) once', () => {
    expect(applyFixes('abc', [fix(1, 1, '+'), fix(1, 1, '+')])).toEqual({ text: 'a+bc', applied: 1, deferred: 0 });
  });

  it('defers overlapping and touching fixes: two insertions at one point, an edit inside a replaced span', () => {
    expect(applyFixes('abcdef', [fix(2, 2, 'X'), fix(2, 2, 'Y')])).toMatchObject({ text: 'abXcdef', applied: 1, deferred: 1 });
    expect(applyFixes('abcdef', [fix(1, 4, 'Z'), fix(2, 3, 'Q')])).toMatchObject({ text: 'aZef', applied: 1, deferred: 1 });
  });

  it('drops edits that fall outside the text', () => {
    expect(applyFixes('abc', [fix(2, 9, 'X')])).toEqual({ text: 'abc', applied: 0, deferred: 0 });
  });
});

describe('agent-audit fix on fixture copies', () => {
  it('resolves exactly the fixable findings, adds none, and leaves files that parse and type-check as before', async () => {
    const dir = fixtureCopy('rules/connectors/no-timeout', 'rules/connectors/unchecked-response', 'projects/demo-agent');
    const before = await auditDir(dir)();
    const fixable = before.findings.filter((f) => f.fix && !f.suppressed);
    expect(new Set(fixable.map((f) => f.ruleId))).toEqual(new Set(FIXED_RULES));
    expect(fixable.length).toBeGreaterThan(10);
    const texts = snapshot(dir);

    const run = await runFixes(auditDir(dir), { dryRun: false });
    expect(run.applied).toBeGreaterThan(0);
    // Every fixable finding is gone; every other finding is still there (by rule, as lines moved).
    const expected = countByRule(before.findings, (f) => !f.fix);
    expect(countByRule(run.result.findings)).toEqual(expected);
    expect(run.result.findings.filter((f) => f.fix)).toEqual([]);

    const fixedTexts = snapshot(dir);
    const source = (map: Map<string, string>) => new Map([...map].filter(([path]) => /\.[cm]?[jt]sx?$/.test(path)));
    const [errorsBefore, errorsAfter] = [typeErrors(source(texts)), typeErrors(source(fixedTexts))];
    for (const file of run.files) {
      const path = join(dir, file);
      expect(fixedTexts.get(path), file).not.toBe(texts.get(path));
      expect(errorsAfter.get(path), file).toEqual(errorsBefore.get(path));
    }
    expect(run.result.coverage.parseErrors).toEqual(before.coverage.parseErrors);
  }, 300_000);

  it('is idempotent: a second fix changes nothing', async () => {
    const dir = fixtureCopy('rules/connectors/no-timeout');
    await runFixes(auditDir(dir), { dryRun: false });
    const once = snapshot(dir);
    const again = await runFixes(auditDir(dir), { dryRun: false });
    expect(again.applied).toBe(0);
    expect(snapshot(dir)).toEqual(once);
  }, 120_000);
});

describe('what a fix writes', () => {
  const SOURCE = `import axios from 'axios';

const crm = axios.create({ baseURL: 'https://crm.example.com' });
const base = { headers: { accept: 'application/json' } };
const init = { method: 'POST' };

export async function rates() {
  const res = await fetch('https://fx.example.com/latest'); // the day's rates
  const body = await res.json();
  return body.rates;
}

export async function post(payload: string) {
  const res = await fetch('https://hooks.example.com/in', {
    method: 'POST',
    body: payload,
  });
  return res.status;
}

export async function customers() {
  const a = await crm.get('/customers');
  const b = await crm.get('/leads');
  return [a, b];
}

export async function lookAlikes() {
  await fetch('https://a.example.com/x', init);
  await fetch('https://b.example.com/x', { ...base, method: 'GET' });
  let res = await fetch('https://c.example.com/x', { signal: AbortSignal.timeout(1000) });
  return res.json();
}

export async function streamed() {
  const upstream = await fetch('https://llm.example.com/stream', { method: 'POST' });
  return new Response(upstream.body, { status: upstream.status });
}

export async function geocode(city: string) {
  const res = await fetch(
    \`https://geo.example.com/search?name=\${encodeURIComponent(city)}\`
  );
  return res.json();
}

export function handedOn() {
  return fetch('https://d.example.com/x');
}
`;

  it('adds the signal, the client timeout once, and the ok check; options in a variable or a spread are left alone', async () => {
    const dir = tempProject({ 'src/agent.ts': SOURCE });
    const before = await auditDir(dir)();
    const run = await runFixes(auditDir(dir), { dryRun: false });
    const fixed = readFileSync(join(dir, 'src/agent.ts'), 'utf8');
    expect(fixed).toContain(`const res = await fetch('https://fx.example.com/latest', { signal: AbortSignal.timeout(30000) }); // the day's rates
  if (!res.ok) throw new Error(\`fx.example.com responded \${res.status}\`);
  const body = await res.json();`);
    expect(fixed).toContain(`    body: payload,
    signal: AbortSignal.timeout(30000),
  });`);
    expect(fixed).toContain(`  const res = await fetch(
    \`https://geo.example.com/search?name=\${encodeURIComponent(city)}\`,
    { signal: AbortSignal.timeout(30000) }
  );
  if (!res.ok) throw new Error(\`geo.example.com responded \${res.status}\`);`);
    expect(fixed).toContain("const crm = axios.create({ baseURL: 'https://crm.example.com', timeout: 30000 });");
    expect(fixed.match(/timeout: 30000/g)).toHaveLength(1);
    // The look-alikes: still as written, and whatever the rules say about them carries no fix.
    expect(fixed).toContain("await fetch('https://a.example.com/x', init);");
    expect(fixed).toContain("await fetch('https://b.example.com/x', { ...base, method: 'GET' });");
    expect(fixed).toContain("let res = await fetch('https://c.example.com/x', { signal: AbortSignal.timeout(1000) });\n  return res.json();");
    // A signal bounds the body too: a streamed response, or one handed to a caller who may stream it, keeps its finding.
    expect(fixed).toContain("const upstream = await fetch('https://llm.example.com/stream', { method: 'POST' });");
    expect(fixed).toContain("return fetch('https://d.example.com/x');");
    const lines = SOURCE.split('\n');
    const lookAlikes = before.findings.filter((f) => f.file === 'src/agent.ts' && /init\)|\.\.\.base|let res|upstream = |d\.example/.test(lines[f.line - 1] ?? ''));
    expect(lookAlikes.map((f) => f.ruleId)).toContain('connectors/no-timeout');
    expect(lookAlikes.filter((f) => f.fix)).toEqual([]);
    expect(run.result.findings.filter((f) => f.fix)).toEqual([]);
  }, 120_000);

  it('writes the timeout from config fix.timeoutMs', async () => {
    const dir = tempProject({ 'src/agent.ts': SOURCE });
    await runFixes(auditDir(dir, { fix: { timeoutMs: 5000 } }), { dryRun: false });
    const fixed = readFileSync(join(dir, 'src/agent.ts'), 'utf8');
    expect(fixed).toContain('AbortSignal.timeout(5000)');
    expect(fixed).not.toContain('30000');
  }, 120_000);

  it('never plans a change outside the audited root or to a file that did not parse', async () => {
    const dir = tempProject({ 'src/agent.ts': SOURCE, 'outside.ts': SOURCE });
    const result = await auditDir(join(dir, 'src'))();
    const finding = result.findings.find((f) => f.fix);
    expect(finding).toBeDefined();
    const escaped = { ...result, root: join(dir, 'src'), findings: [{ ...finding, file: '../outside.ts', fix: { ...finding?.fix, edits: finding?.fix?.edits.map((e) => ({ ...e, file: '../outside.ts' })) } }] } as AuditResult;
    expect(planFixes(escaped)).toEqual([]);
    const unparsed = { ...result, coverage: { ...result.coverage, parseErrors: [{ path: 'src/agent.ts', message: 'broken' }] } } as AuditResult;
    expect(planFixes({ ...unparsed, root: dir, findings: result.findings.map((f) => ({ ...f, file: 'src/agent.ts', fix: f.fix && { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, file: 'src/agent.ts' })) } })) })).toEqual([]);
  }, 120_000);
});

describe('the CLI', () => {
  it('--fix-dry-run prints a unified diff and leaves every file byte-identical; --fix applies it and reports on the fixed files', () => {
    const dir = tempProject({ 'package.json': '{ "name": "probe" }\n', 'src/agent.ts': "export async function rates() {\n  const res = await fetch('https://fx.example.com/latest');\n  return (await res.json()).rates;\n}\n" });
    const original = readFileSync(join(dir, 'src/agent.ts'));
    const dry = runCli(['src', '--fix-dry-run', '--format', 'json', '--output', 'audit.json'], { cwd: dir });
    expect(dry.status, dry.stderr).toBe(1);
    expect(readFileSync(join(dir, 'src/agent.ts')).equals(original)).toBe(true);
    expect(dry.stdout).toContain('--- a/src/agent.ts\n+++ b/src/agent.ts\n');
    expect(dry.stdout).toContain("+  const res = await fetch('https://fx.example.com/latest', { signal: AbortSignal.timeout(30000) });");
    expect(dry.stderr).toMatch(/dry run: 2 fixes in 1 file would be applied; nothing was written/);
    const dryReport = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditResult;
    expect(dryReport.findings.find((f) => f.ruleId === 'connectors/no-timeout')?.fix?.edits[0]?.replacement).toBe(', { signal: AbortSignal.timeout(30000) }');

    const fix = runCli(['src', '--fix', '--format', 'json'], { cwd: dir });
    expect(fix.stderr).toMatch(/applied 2 fixes in 1 file; \d+ findings? remains?/);
    const after = JSON.parse(fix.stdout) as AuditResult;
    expect(after.findings.filter((f) => f.ruleId === 'connectors/no-timeout')).toEqual([]);
    expect(readFileSync(join(dir, 'src/agent.ts'), 'utf8')).toContain('AbortSignal.timeout(30000)');

    const pretty = runCli(['src'], { cwd: dir });
    expect(pretty.stdout).not.toMatch(/automatic fix/);
    writeFileSync(join(dir, 'src/agent.ts'), original);
    expect(runCli(['src'], { cwd: dir }).stdout).toMatch(/2 findings have an automatic fix \(preview the diff with --fix-dry-run\):\n\s+agent-audit --fix/);
    expect(runCli(['fix', 'src', '--fix-dry-run'], { cwd: dir }).status).toBe(2);
    const sub = runCli(['fix', 'src'], { cwd: dir });
    expect(sub.status, sub.stderr).toBe(0);
    expect(sub.stdout).toMatch(/^applied 2 fixes in 1 file; \d+ findings? remains?\n {2}src\/agent\.ts\n$/);
  }, 120_000);
});
