import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { audit } from '../src/audit.js';
import { codeSpan, markdownText, plainText, urlPath } from '../src/report/escape.js';
import { renderGithub } from '../src/report/github.js';
import { MARKDOWN_LIMIT, renderMarkdown } from '../src/report/markdown.js';
import { renderPretty } from '../src/report/pretty.js';
import type { AuditResult, Finding } from '../src/types.js';
import { FIXTURES } from './helpers/fixtures.js';

const options = { color: false, quiet: false, rules: ALL_RULES };
const HOSTILE = 'see <document> </details> \r<!-- hidden `x` [click](http://evil) | ::error file=a::pwned ##[error]bad \u001b[31mred\u0007 \u202eevil';
const HOSTILE_FILE = 'src/x) [click](http://evil) (.ts';

async function demo(): Promise<AuditResult> {
  const dir = join(FIXTURES, 'projects', 'demo-agent');
  return audit({ paths: [dir], root: dir, config: {}, configDir: dir });
}

/** The demo report with one finding whose message, hint and file name come from a hostile repository. */
async function hostile(): Promise<AuditResult> {
  const result = await demo();
  const [first, ...rest] = result.findings as Finding[];
  return { ...result, findings: [{ ...(first as Finding), severity: 'critical', message: HOSTILE, hint: HOSTILE, file: HOSTILE_FILE }, ...rest] };
}

const RUNNER_COMMAND_LINE = /^\s*(::|##\[|##vso\[)/m;

describe('escaping text from audited code', () => {
  it('markdown: no raw HTML, comment, code span, link or cell break survives', () => {
    const text = markdownText(HOSTILE);
    expect(text).not.toMatch(/<|>|\r|\u001b|\u202e/);
    expect(text).toContain('&lt;/details&gt;');
    expect(text).toContain('&lt;!--');
    expect(text).toContain('\\`x\\`');
    expect(text).toContain('\\[click\\](http://evil)');
    expect(text).toContain('\\|');
    expect(markdownText('# heading')).toBe('\\# heading');
    expect(markdownText('1. item')).toBe('1\\. item');
  });

  it('markdown: a code span is never closed by its content', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
  });

  it('markdown report: the hostile finding renders inert, and --link-base cannot be hijacked by a file name', async () => {
    const text = renderMarkdown(await hostile(), { ...options, linkBase: 'https://github.com/acme/agent/blob/abc123' });
    expect(text).not.toContain('</details> ');
    expect(text).not.toContain('<!--');
    expect(text).not.toContain('\r');
    // Outside code spans (where brackets are literal) no link to the hostile target is left.
    const outsideCodeSpans = text.replace(/(?<![\\`])(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(outsideCodeSpans).not.toMatch(/(?<!\\)\]\(http:\/\/evil/);
    expect(outsideCodeSpans).toContain('\\[click\\](http://evil)');
    expect(text).toContain(`(https://github.com/acme/agent/blob/abc123/${urlPath(HOSTILE_FILE)}#L`);
    expect(urlPath(HOSTILE_FILE)).toBe('src/x%29%20%5Bclick%5D%28http%3A//evil%29%20%28.ts');
    // Every <details> the report opens, it closes.
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
  });

  it('markdown report: a truncated report closes its <details> and puts the note outside', async () => {
    const result = await demo();
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...(result.findings[0] as Finding), line: i + 1, fingerprint: `fp${i}` }));
    const text = renderMarkdown({ ...result, findings: many }, options);
    expect(text.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    const note = text.lastIndexOf('… and ');
    expect(note).toBeGreaterThan(text.lastIndexOf('</details>'));
  });

  it('pretty: no control characters, and no line starts with a runner command however it wraps', async () => {
    const text = renderPretty(await hostile(), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    expect(text).not.toMatch(RUNNER_COMMAND_LINE);
    const base = await hostile();
    for (let width = 1; width < 12; width++) {
      const padded = { ...base };
      const finding = padded.findings[0] as Finding;
      padded.findings = [{ ...finding, message: `${'w '.repeat(width)}${HOSTILE}` }, ...padded.findings.slice(1)];
      expect(renderPretty(padded, { color: false })).not.toMatch(RUNNER_COMMAND_LINE);
    }
  });

  it('github: message data cannot end the command or carry a second one; control characters are gone', async () => {
    const text = renderGithub(await hostile());
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^(::(error|warning|notice) |Not annotated|  \S)/);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('file=src/x) [click](http%3A//evil) (.ts,');
  });

  it('plain text breaks runner commands anywhere in a string', () => {
    expect(plainText('::error::x')).not.toContain('::');
    expect(plainText('##[error]x')).not.toContain('##[');
    expect(plainText('##vso[task.setvariable]x')).not.toContain('##vso[');
    expect(plainText('a\r\nb')).toBe('a  b');
  });
});
