import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { loadConfig } from '../src/config/load.js';
import type { ReportData } from '../src/report/html/data.js';
import { escapeHtml, scriptJson } from '../src/report/html/escape.js';
import { codeExcerpt } from '../src/report/html/excerpt.js';
import { renderHtml } from '../src/report/html/page.js';
import { HIDDEN_CREDENTIAL, redactSpans } from '../src/report/html/redact.js';
import { REPORTERS } from '../src/report/index.js';
import type { AuditResult } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/fixtures.js';
import { HOSTILE_TEXT, IMG_ONERROR, SCRIPT_BREAKOUT, withHostileText, withRoles } from './helpers/html-report.js';
import { tempProject } from './helpers/temp-project.js';

async function auditProject(name: string): Promise<AuditResult> {
  const dir = join(FIXTURES, 'projects', name);
  return audit({ paths: [dir], config: (await loadConfig(dir)).config, configDir: dir });
}

function sourceReader(root: string): (file: string) => string[] | undefined {
  return (file) => readFileSync(join(root, file), 'utf8').split('\n');
}

/** The embedded data block, parsed back as the page's script would. */
function embeddedData(page: string): ReportData {
  const match = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(page);
  return JSON.parse(match?.[1] ?? 'null') as ReportData;
}

function scriptTags(page: string): string[] {
  return [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
}

describe('html report escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('embeds JSON that cannot end its script block and parses back to the same value', () => {
    const json = scriptJson({ text: HOSTILE_TEXT });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ text: HOSTILE_TEXT });
  });

  it('lets no markup from audited code into the page: messages, files, prompts, tool names, polling mechanisms', async () => {
    const page = renderHtml(withHostileText(await auditProject('demo-agent')), {});
    expect(scriptTags(page)).toEqual(['<script type="application/json" id="report-data">', '<script>']);
    expect(page).not.toContain(SCRIPT_BREAKOUT);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<!--');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const data = embeddedData(page);
    expect(data.findings.map((f) => f.message)).toContain(HOSTILE_TEXT);
    expect(data.files).toContain(`src/${IMG_ONERROR}.ts`);
  });

  it('links only to web URLs: a javascript: link base makes no file links', async () => {
    const result = await auditProject('demo-agent');
    const linked = embeddedData(renderHtml(result, { linkBase: 'https://example.com/blob/abc' }));
    expect(linked.findings[0]?.fileUrl).toMatch(/^https:\/\/example\.com\/blob\/abc\/.+#L\d+$/);
    const page = renderHtml(result, { linkBase: 'javascript:alert(1)//' });
    expect(page).not.toContain('javascript:');
    expect(embeddedData(page).findings.every((f) => f.fileUrl === undefined)).toBe(true);
  });
});

describe('html report structure', () => {
  it('is one offline page: a CSP with default-src none whose hashes match the inline script and style', async () => {
    const page = renderHtml(await auditProject('demo-agent'), {});
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replaceAll('&#39;', "'") ?? '';
    expect(csp).toMatch(/^default-src 'none';/);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const script = /<script>([^]*?)<\/script>/.exec(page)?.[1] ?? '';
    const style = /<style>([^]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(csp).toContain(`script-src ${hash(script)};`);
    expect(csp).toContain(`style-src ${hash(style)};`);
    expect(page).not.toMatch(/\s(src|srcset)=|<link\b|@import|url\(/);
  });

  it('renders the score, one gauge per category, the matrix, the polling chart and the inventory', async () => {
    const result = await auditProject('polling-fleet');
    const page = renderHtml(result, {});
    expect(page).toContain(`aria-label="Overall: ${Math.round(result.score.overall ?? 0)} of 100"`);
    for (const category of ['memory', 'connectors', 'events', 'security', 'observability']) expect(page).toContain(`data-gauge="${category}"`);
    expect(page).toContain('<strong id="polling-fleet">1,000 calls/min</strong> (20 calls/min per instance × 50 instances)');
    expect(page.match(/<tr class="polling-site">/g)).toHaveLength(2);
    expect(page).toContain('1 site has an unknown interval and is not counted.');
    expect(page.match(/<tr class="mode mode-/g)).toHaveLength(result.taxonomy?.modes.length ?? -1);
    expect(page).toContain('Gate failed');
    expect(page).toContain('maxCallsPerMinute (threshold 500, actual 1000)');
  });

  it('lists inventory items with their locations', async () => {
    const result = await auditProject('demo-agent');
    const page = renderHtml(result, {});
    const tool = result.inventory.tools[0];
    expect(tool).toBeDefined();
    expect(page).toContain(`<td><code>${escapeHtml(`${tool?.file}:${tool?.line}`)}</code></td>`);
    expect(page).toContain(`Tools exposed to models <span class="muted">(${result.inventory.tools.length})</span>`);
  });

  it('carries every finding, worst first, with its rule page; is the same text on every run', async () => {
    const result = await auditProject('demo-agent');
    const page = renderHtml(result, {});
    const data = embeddedData(page);
    expect(data.findings).toHaveLength(result.findings.length);
    expect(data.findings[0]?.severity).toBe('critical');
    expect(data.findings.find((f) => f.ruleId === 'connectors/no-timeout')?.docsUrl).toMatch(/^https:\/\/.+\/rules\/connectors\/no-timeout\/no-timeout\.md$/);
    expect(renderHtml(result, {})).toBe(page);
  });

  it('shows a role filter only when findings carry roles', async () => {
    const result = await auditProject('demo-agent');
    const withoutRoles = { ...result, findings: result.findings.map(({ role: _role, ...finding }) => finding) };
    expect(renderHtml(withoutRoles, {})).not.toContain('id="filter-role"');
    const page = renderHtml(withRoles(result, ['server', 'script']), {});
    expect(page).toContain('<option value="server">server (');
    expect(embeddedData(page).roles).toEqual(['script', 'server']);
  });
});

describe('html report code excerpts', () => {
  it('takes a few lines around the finding from the injected reader, and none without a reader', async () => {
    const result = await auditProject('demo-agent');
    const withReader = embeddedData(renderHtml(result, { readSourceLines: sourceReader(result.root) }));
    const finding = withReader.findings.find((f) => f.ruleId === 'security/model-output-execution');
    const source = readFileSync(join(result.root, finding?.file ?? ''), 'utf8').split('\n');
    expect(finding?.excerpt?.markFrom).toBe(finding?.line);
    expect(finding?.excerpt?.lines).toContain(source[(finding?.line ?? 0) - 1]);
    expect(finding?.excerpt?.lines.length).toBeLessThanOrEqual(5 + (finding?.excerpt?.markTo ?? 0) - (finding?.excerpt?.markFrom ?? 0));
    expect(embeddedData(renderHtml(result, {})).findings.every((f) => f.excerpt === undefined)).toBe(true);
  });

  it('hides a flagged credential in every excerpt, its own and its neighbours\'', async () => {
    const result = await auditProject('demo-agent');
    const secret = result.findings.find((f) => f.ruleId === 'connectors/hardcoded-secret');
    const literal = readFileSync(join(result.root, secret?.file ?? ''), 'utf8').split('\n')[(secret?.line ?? 0) - 1]?.slice((secret?.column ?? 0) - 1, (secret?.endColumn ?? 0) - 1) ?? '';
    expect(literal).toMatch(/^'sk-/);
    const page = renderHtml(result, { readSourceLines: sourceReader(result.root) });
    expect(page).not.toContain(literal.slice(1, -1));
    const excerpt = embeddedData(page).findings.find((f) => f.ruleId === secret?.ruleId && f.line === secret?.line)?.excerpt;
    expect(excerpt?.lines[(secret?.line ?? 0) - (excerpt?.start ?? 0)]).toContain(HIDDEN_CREDENTIAL);
  });

  it('redacts several spans on one line and spans over several lines, keeping the line count', () => {
    const lines = ['const a = "k1", b = "k2";', 'call(`multi', 'line secret`, x);'];
    const redacted = redactSpans(lines, [
      { line: 1, column: 11, endLine: 1, endColumn: 15 },
      { line: 1, column: 21, endLine: 1, endColumn: 25 },
      { line: 2, column: 6, endLine: 3, endColumn: 13 },
    ]);
    expect(redacted).toEqual([`const a = ${HIDDEN_CREDENTIAL}, b = ${HIDDEN_CREDENTIAL};`, `call(${HIDDEN_CREDENTIAL}`, ', x);']);
  });

  it('cuts a long bundled line around the finding column and clamps to the file', () => {
    const long = `${'a'.repeat(5000)}TARGET${'b'.repeat(5000)}`;
    const excerpt = codeExcerpt(['first', long, 'last'], { line: 2, column: 5001, endLine: 2 });
    expect(excerpt?.start).toBe(1);
    expect(excerpt?.lines).toHaveLength(3);
    expect(excerpt?.lines[1]).toMatch(/^….*TARGET.*…$/);
    expect(excerpt?.lines[1]?.length).toBeLessThan(200);
    expect(codeExcerpt(['only'], { line: 7, column: 1, endLine: 7 })).toBeUndefined();
  });
});

describe('html format in the CLI', () => {
  it('is registered and writes the page with excerpts read from the audited files', () => {
    const dir = tempProject({ 'src/agent.ts': "export async function load() {\n  const res = await fetch('https://api.example.com/x');\n  return res.json();\n}\n" });
    const out = join(dir, 'report.html');
    const run = runCli([dir, '--format', 'html', '--output', out, '--fail-on', 'none', '--fail-under', '0']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const data = embeddedData(readFileSync(out, 'utf8'));
    expect(data.findings.length).toBeGreaterThan(0);
    expect(data.findings[0]?.excerpt?.lines).toContain("  const res = await fetch('https://api.example.com/x');");
    expect(REPORTERS.html).toBe(renderHtml);
  });
});
