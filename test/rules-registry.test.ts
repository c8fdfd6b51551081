import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { renderRuleDoc, renderRuleTableMarkdown, ruleDocPath } from '../src/docs/rule-docs.js';
import { builtRuleMetadata, metadataOf, moduleHashes } from '../src/engine/rule-metadata.js';
import { SUMMARY_MAX_WORDS, type Rule } from '../src/engine/rule.js';
import { MICROSOFT_FAILURE_MODES, OWASP_AGENTIC, OWASP_LLM_2025 } from '../src/verdict/taxonomy/frameworks.js';
import { auditFile } from './helpers/fixtures.js';
import { tempProject } from './helpers/temp-project.js';

/** A point of a rule's page longer than this is two points. */
const POINT_MAX_WORDS = 110;
const ROOT = join(import.meta.dirname, '..');
const CATEGORY_DIRS = readdirSync(join(ROOT, 'rules'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'catalog');

describe('rule registry', () => {
  it('registers every rule folder rules/<category>/<name>/index.ts and each id equals its path', async () => {
    const files = CATEGORY_DIRS.flatMap((dir) =>
      readdirSync(join(ROOT, 'rules', dir.name), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'rules', dir.name, d.name, 'index.ts')))
        .map((d) => `${dir.name}/${d.name}`),
    );
    expect(ALL_RULES.map((r) => r.id).sort()).toEqual(files.sort());
    for (const rule of ALL_RULES) expect(rule.id.split('/')[0]).toBe(rule.category);
  });

  it('the metadata the build writes for rules and explain is what the rules say', () => {
    expect(builtRuleMetadata()).toEqual(ALL_RULES.map(metadataOf));
  });

  it('the built metadata is not used once a rule module changed after it', () => {
    const dir = tempProject({ 'rule.js': 'export default {};\n' });
    const file = join(dir, 'metadata.json');
    writeFileSync(file, JSON.stringify({ modules: moduleHashes(['rule.js'], dir), rules: [metadataOf(ALL_RULES[0] as Rule)] }));
    expect(builtRuleMetadata(file, dir)?.map((r) => r.id)).toEqual([ALL_RULES[0]?.id]);
    writeFileSync(join(dir, 'rule.js'), 'export default { changed: true };\n');
    expect(builtRuleMetadata(file, dir)).toBeUndefined();
    expect(builtRuleMetadata(join(dir, 'missing.json'), dir)).toBeUndefined();
  });

  it('taxonomy ids exist in the reference vocabularies', async () => {
    const ms = new Set(MICROSOFT_FAILURE_MODES.map((m) => m.id));
    for (const rule of ALL_RULES) {
      for (const id of rule.taxonomy.microsoft) expect(ms, `${rule.id}: ${id}`).toContain(id);
      for (const id of rule.taxonomy.owaspLlm) expect(OWASP_LLM_2025, `${rule.id}: ${id}`).toHaveProperty([id]);
      for (const id of rule.taxonomy.owaspAgentic) expect(OWASP_AGENTIC, `${rule.id}: ${id}`).toHaveProperty([id]);
      for (const id of rule.taxonomy.cwe) expect(id).toMatch(/^CWE-\d+$/);
      expect(rule.taxonomy.microsoft.length, `${rule.id} maps to a Microsoft failure mode`).toBeGreaterThan(0);
    }
  });
});

describe('generated docs', () => {
  it('each rule page is up to date with the rule metadata (run `npm run docs`)', async () => {
    for (const rule of ALL_RULES) {
      expect(readFileSync(join(ROOT, ruleDocPath(rule.id)), 'utf8'), rule.id).toBe(renderRuleDoc(rule));
    }
  });

  it('each summary is one short sentence, and the detail is in lists of short points', () => {
    const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
    for (const rule of ALL_RULES) {
      expect(words(rule.docs.summary), `${rule.id}: summary`).toBeLessThanOrEqual(SUMMARY_MAX_WORDS);
      expect(rule.docs.summary, rule.id).toMatch(/^[^\n]+[.]$/);
      for (const item of [...(rule.docs.details ?? []), ...(rule.docs.notFlagged ?? [])]) {
        expect(words(item), `${rule.id}: ${item.slice(0, 60)}`).toBeLessThanOrEqual(POINT_MAX_WORDS);
        expect(item, rule.id).not.toMatch(/\n/);
      }
    }
  });

  it('the README rule table is up to date', async () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(renderRuleTableMarkdown(ALL_RULES));
  });

  for (const rule of ALL_RULES) {
    it(`${rule.id}: the bad example is flagged exactly once, the good example not at all`, async () => {
      const dir = tempProject({ 'bad.ts': rule.docs.bad, 'good.ts': rule.docs.good });
      expect((await auditFile(join(dir, 'bad.ts'))).findings.filter((f) => f.ruleId === rule.id)).toHaveLength(1);
      expect((await auditFile(join(dir, 'good.ts'))).findings.filter((f) => f.ruleId === rule.id)).toHaveLength(0);
    });
  }
});
