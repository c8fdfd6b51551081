import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/model/ast.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { nestedRepetition } from '../../src/catalog/regex-safety.js';
import { analyseChunk } from '../../src/engine/analyse-files.js';
import { defineRule } from '../../src/engine/rule.js';
import { createSuppressionMatcher, type SuppressionDirective } from '../../src/engine/suppressions.js';
import { discoverFiles } from '../../src/project/discover.js';
import { renderPretty } from '../../src/report/pretty.js';
import type { AuditResult, Finding } from '../../src/types.js';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, auditInProcess, auditJson, findingFiles } from './helpers.js';

/** Reports every identifier it sees: a file of n identifiers yields n findings. */
const everyIdentifier = defineRule({
  id: 'test/every-identifier',
  category: 'security',
  severity: 'low',
  confidence: 'high',
  title: 'every identifier',
  taxonomy: { microsoft: [], owaspLlm: [], owaspAgentic: [], cwe: [] },
  docs: { summary: '', why: '', bad: '', good: '', references: [] },
  hint: 'none',
  messages: { seen: 'seen' },
  check({ file, report }) {
    walk(file.sourceFile, (node) => {
      if (node.kind === 80 /* Identifier */) report(node, 'seen');
    });
  },
});

const finding = (line: number): Finding => ({
  ruleId: 'connectors/no-timeout',
  severity: 'medium',
  category: 'connectors',
  message: 'Network call without a timeout.',
  hint: 'Pass a timeout.',
  file: 'src/big.ts',
  line,
  column: 1,
  endLine: line,
  endColumn: 5,
  fingerprint: `f${line}`,
  taxonomy: { microsoft: [], owaspLlm: [], owaspAgentic: [], cwe: [] },
});

// Class 7: special files, sizes and patterns do not hang, exhaust memory or overflow.
describe('special files and sizes', () => {
  it('a .gitignore linked to /dev/zero is not read; the audit finishes and audits the files', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE });
    symlinkSync('/dev/zero', join(dir, '.gitignore'));
    const { status, result } = auditJson(dir, [], { timeoutMs: 30_000 });
    expect(status).toBe(1);
    expect(findingFiles(result)).toEqual(['src/agent.ts']);
  });

  it('a config secret pattern that can backtrack forever is a clear catalog error', () => {
    const fragment = { secrets: { formats: [{ id: 'house-token', provider: 'House', pattern: '(a+)+b' }] } };
    expect(() => loadCatalog([fragment as never], '.')).toThrow(/config\.catalog\[0\]: secrets\.formats "house-token" repeats a repetition \(\(a\+\)\+\)/);
    const bounded = { secrets: { formats: [{ id: 'house-token', provider: 'House', pattern: 'ht_(?:[a-f0-9]{4}-){3}[a-f0-9]{8}(-v\\d+)?' }] } };
    expect(() => loadCatalog([bounded as never], '.')).not.toThrow();
  });

  it.each([
    ['(a+)+b', '(a+)+'],
    ['(?:[A-Z]+ )*KEY', '(?:[A-Z]+ )*'],
    ['((ab)*c)+', '((ab)*c)+'],
    ['(x{2,})*', '(x{2,})*'],
    ['(a|aa)+', undefined],
    ['(-[\\w.]+)?/', undefined],
    ['(?:\\d{1,3}\\.){3}\\d{1,3}', undefined],
    ['(?<![A-Za-z0-9])AKIA[A-Z0-9]{16}', undefined],
    ['[(a+)]+', undefined],
    ['\\(a+\\)+', undefined],
  ])('nested repetition in %s: %s', (pattern, nested) => {
    expect(nestedRepetition(pattern)).toBe(nested);
  });

  it('300,000 findings in one file do not overflow an argument list', () => {
    const dir = tempProject({ 'src/names.ts': 'a;'.repeat(300_000) });
    const [file] = discoverFiles({ root: dir, paths: [dir], include: [], exclude: [] }).files;
    const settings = new Map([[everyIdentifier.id, { severity: 'low' as const, options: {} }]]);
    const outcome = analyseChunk([file!], [everyIdentifier], settings, loadCatalog([], dir));
    expect(outcome.tooDeep).toEqual([]);
    expect(outcome.pending).toHaveLength(300_000);
  });

  it('pretty output groups 60,000 findings in one file (no copy per finding)', () => {
    const findings = Array.from({ length: 60_000 }, (_, i) => finding(i + 1));
    const result = { tool: { version: '0' }, coverage: { filesAudited: 1, filesSkipped: [], parseErrors: [], unreadable: [], notAudited: [] }, score: { overall: 50, band: 'needs work', categories: Object.fromEntries(['memory', 'connectors', 'events', 'security', 'observability'].map((c) => [c, { score: null }])) }, findings, polling: { sites: [] }, inventory: { models: [], prompts: [], tools: [], vectorStores: [], mcpServers: [], endpoints: [] }, diagnostics: [], gate: { passed: true, conditions: [] } } as unknown as AuditResult;
    const text = renderPretty(result, { color: false });
    expect(text.split('\n').filter((l) => /^ {2}\d+:\d+ +\w+ +connectors\/no-timeout$/.test(l))).toHaveLength(60_000);
  });

  it('30,000 suppressions are matched by rule and line, the first in source order winning', () => {
    const directives: SuppressionDirective[] = Array.from({ length: 30_000 }, (_, i) => ({ kind: 'next-line', line: 2 * i + 1, targetLine: 2 * i + 2, ruleIds: ['connectors/no-timeout'], reason: `r${i}` }));
    directives.push({ kind: 'file', line: 70_000, ruleIds: ['connectors/no-timeout'], reason: 'whole file' });
    const matcher = createSuppressionMatcher(directives);
    for (let i = 0; i < 30_000; i++) expect(matcher.match('connectors/no-timeout', 2 * i + 2)?.reason).toBe(`r${i}`);
    expect(matcher.match('connectors/no-timeout', 3)?.reason).toBe('whole file');
    expect(matcher.match('connectors/no-backoff', 2)).toBeUndefined();
    expect(matcher.diagnostics('a.ts', new Set(['connectors/no-timeout']))).toEqual([]);
  });

  it('an include list of 100,000 plain paths selects exactly those files', async () => {
    const dir = tempProject({ 'src/a.ts': CRITICAL_SOURCE, 'src/b.ts': CRITICAL_SOURCE, 'lib/c.ts': CRITICAL_SOURCE });
    const include = [...Array.from({ length: 100_000 }, (_, i) => `src/generated/file${i}.ts`), 'src/a.ts', 'lib/**'];
    const discovery = discoverFiles({ root: dir, paths: [dir], include, exclude: [] });
    expect(discovery.files.map((f) => f.path)).toEqual(['lib/c.ts', 'src/a.ts']);
    expect((await auditInProcess(dir)).status).toBe(1);
  });
});
