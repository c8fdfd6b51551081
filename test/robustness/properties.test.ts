import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { audit } from '../../src/audit.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { analyseChunk } from '../../src/engine/analyse-files.js';
import { resolveRuleSettings } from '../../src/engine/rule-settings.js';
import { renderJson } from '../../src/report/json.js';
import { tempProject } from '../helpers/temp-project.js';

const HEADER = `import OpenAI from 'openai';
import axios from 'axios';
import { exec } from 'node:child_process';
const openai = new OpenAI();
const history: { role: string; content: string }[] = [];
`;

/** Text a stranger might put in a string or comment: quotes, newlines, separators, NULs, emoji. */
const hostileText = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', "'", '`', '\\', '\n', '\r', '\u2028', '\0', '$', '{', '}', '<!--', '::error', '😀', '/', '*'), maxLength: 20 });
const literal = hostileText.map((text) => JSON.stringify(text));
const name = fc.constantFrom('a', 'b', 'input', 'url', 'prompt', 'tool', 'res');

/** Statements shaped like agent code (calls the rules look at), plus raw noise that may not even parse. */
const statement: fc.Arbitrary<string> = fc.letrec<{ statement: string }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(name, literal).map(([v, url]) => `const ${v} = await fetch(${url});`),
    fc.tuple(name, literal).map(([v, url]) => `const ${v} = await axios.get(${url}, { timeout: 1000 });`),
    fc.tuple(name, literal).map(([v, text]) => `const ${v} = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: ${text} + ${v} }] });`),
    fc.tuple(name, fc.integer({ min: 0, max: 100_000 })).map(([v, ms]) => `setInterval(async () => { await fetch('https://api.example.com/' + ${v}); }, ${ms});`),
    name.map((v) => `history.push({ role: 'user', content: ${v} });`),
    name.map((v) => `exec(${v});`),
    name.map((v) => `export function run_${v}(${v}: string) { return eval(${v}); }`),
    fc.constant('const apiKey = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";'),
    hostileText.map((reason) => `// agent-audit-disable-next-line connectors/no-timeout -- ${reason.replace(/[\n\r\u2028]/g, ' ')}`),
    hostileText.map((text) => `/* ${text.replace(/\*\//g, '')} */`),
    fc.tuple(name, fc.array(name, { maxLength: 30 })).map(([v, parts]) => `const s_${v} = ${[v, ...parts].join(' + ')};`),
    hostileText,
    fc.tuple(name, tie('statement'), tie('statement')).map(([v, yes, no]) => `if (${v}) {\n${yes}\n} else {\n${no}\n}`),
    fc.tuple(name, tie('statement')).map(([v, body]) => `async function f_${v}() {\n${body}\n}`),
    fc.tuple(name, tie('statement')).map(([v, body]) => `for (const x of ${v}) { ${body} }`),
  ),
})).statement;

const program = fc.array(statement, { maxLength: 12 }).map((lines) => HEADER + lines.join('\n') + '\n');
const extension = fc.constantFrom('.ts', '.js', '.tsx', '.mjs');

const catalog = loadCatalog([], '.');
const settings = resolveRuleSettings(ALL_RULES, {});
const lineCount = (text: string): number => text.split(/\r\n|\r|\n|\u2028|\u2029/).length;

describe('properties over generated programs', () => {
  it('analysis never throws, never needs a larger stack, and every finding lies inside its file', () => {
    const dir = tempProject({});
    let findings = 0;
    fc.assert(
      fc.property(program, extension, (text, ext) => {
        const path = `agent${ext}`;
        writeFileSync(join(dir, path), text);
        const outcome = analyseChunk([{ absolutePath: join(dir, path), path, explicit: true }], ALL_RULES, settings, catalog);
        expect(outcome.tooDeep).toEqual([]);
        expect(outcome.unreadable).toEqual([]);
        const lines = lineCount(text);
        findings += outcome.pending.length;
        for (const { finding } of outcome.pending) {
          expect(finding.file).toBe(path);
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.column).toBeGreaterThanOrEqual(1);
          expect(finding.endLine).toBeLessThanOrEqual(lines);
          expect(finding.endLine > finding.line || (finding.endLine === finding.line && finding.endColumn >= finding.column)).toBe(true);
        }
        for (const diagnostic of outcome.diagnostics) expect(diagnostic.kind).not.toBe('rule-error');
      }),
      { numRuns: 150 },
    );
    // The generator reaches the rules: the property is not vacuously true over finding-free programs.
    expect(findings).toBeGreaterThan(50);
  });

  it('the same input gives the same JSON report, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(program, { minLength: 1, maxLength: 3 }), async (files) => {
        const dir = tempProject(Object.fromEntries(files.map((text, i) => [`src/agent${i}.ts`, text])));
        const once = renderJson(await audit({ paths: [dir], config: {}, configDir: dir }));
        const twice = renderJson(await audit({ paths: [dir], config: {}, configDir: dir }));
        expect(twice).toBe(once);
      }),
      { numRuns: 15 },
    );
  });
});
