import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import type { Rule } from '../src/engine/rule.js';
import { FIXTURES, PROJECT_CASE_FILE, projectCaseDirs, readExpectations, ruleFixtureFiles, ruleIdOfFixture, type Expectation } from './helpers/fixtures.js';
import { auditRecording } from './helpers/rule-recorder.js';

const files = ruleFixtureFiles();
const ruleById = (id: string): Rule | undefined => ALL_RULES.find((r) => r.id === id);

/** Every way the findings of one fixture file disagree with its annotations, one sentence each. */
async function fixtureProblems(file: string, rule: Rule): Promise<string[]> {
  const expectations = readExpectations(file).filter((e) => e.ruleId === rule.id);
  const { result, reports, checked, checkedUnless } = await auditRecording([file], rule, FIXTURES);
  const findingsAt = (line: number) => result.findings.filter((f) => f.ruleId === rule.id && f.line === line);
  const idsAt = (line: number) => [...new Set(reports.filter((r) => r.line === line).map((r) => r.messageId))];
  // One file is audited, so every checked site is in it.
  const checkedLines = new Set([...checked].map((site) => Number(site.slice(site.lastIndexOf(':') + 1))));
  const isChecked = (line: number) => checkedLines.has(line);
  // A site counted unless a project condition holds: the recorder cannot tell which way it went, so it
  // passes as 'ok' or 'notjudged' (a finding on it still fails either).
  const conditionalLines = new Set([...checkedUnless].map((site) => Number(site.slice(site.lastIndexOf(':') + 1))));
  const isConditional = (line: number) => conditionalLines.has(line) && !checkedLines.has(line);
  const problems: string[] = [];
  const check = (e: Expectation): void => {
    const found = findingsAt(e.line);
    switch (e.kind) {
      case 'ruleid': {
        if (!(e.messageId! in rule.messages)) problems.push(`${e.text}: '${e.messageId}' is not a message id of ${rule.id} (${Object.keys(rule.messages).join(', ')})`);
        if (found.length === 0) return void problems.push(`${e.text}: expected ${rule.id} ${e.messageId} on line ${e.line}, got no finding`);
        const ids = idsAt(e.line);
        if (ids.join() !== e.messageId) problems.push(`${e.text}: expected message id ${e.messageId} on line ${e.line}, the rule reported ${ids.join(', ') || 'none'}`);
        const severity = e.severity ?? rule.severity;
        for (const f of found) if (f.severity !== severity) problems.push(`${e.text}: expected severity ${severity} on line ${e.line}${e.severity ? '' : ' (the rule default: annotate a lowered one)'}, got ${f.severity}`);
        return;
      }
      case 'ok':
        if (found.length > 0) problems.push(`${e.text}: 'ok' but line ${e.line} is flagged: ${found[0]!.message}`);
        else if (!isChecked(e.line) && !isConditional(e.line)) problems.push(`${e.text}: 'ok' means checked and passing, but the rule did not count line ${e.line} as checked (use 'notjudged' if it should not count)`);
        return;
      case 'notjudged':
        if (found.length > 0) problems.push(`${e.text}: 'notjudged' but line ${e.line} is flagged: ${found[0]!.message}`);
        else if (isChecked(e.line)) problems.push(`${e.text}: 'notjudged' but the rule counted line ${e.line} as checked (use 'ok' if it passes)`);
        return;
      case 'todoruleid':
        return;
    }
  };
  expectations.forEach(check);
  const annotated = new Set(expectations.map((e) => e.line));
  for (const f of result.findings.filter((x) => x.ruleId === rule.id && !annotated.has(x.line))) {
    problems.push(`${relative(FIXTURES, file)}:${f.line}: unannotated finding (${idsAt(f.line).join(', ')}): ${f.message}`);
  }
  return problems;
}

describe('rule fixtures (Semgrep-style annotations)', () => {
  it('every per-file rule has fixtures with positive and negative cases', () => {
    for (const rule of ALL_RULES.filter((r) => r.check)) {
      const expectations = files.filter((f) => ruleIdOfFixture(f) === rule.id).flatMap(readExpectations).filter((e) => e.ruleId === rule.id);
      expect(expectations.filter((e) => e.kind === 'ruleid').length, `${rule.id} positives`).toBeGreaterThanOrEqual(6);
      expect(expectations.filter((e) => e.kind === 'ok' || e.kind === 'notjudged').length, `${rule.id} negatives`).toBeGreaterThanOrEqual(6);
    }
  });

  it('every fixture folder belongs to a rule', () => {
    for (const file of files) expect(ruleById(ruleIdOfFixture(file)), relative(FIXTURES, file)).toBeDefined();
  });

  for (const file of files) {
    const ruleId = ruleIdOfFixture(file);
    it(`${relative(FIXTURES, file)}: findings of ${ruleId} match the annotations`, async () => {
      const rule = ruleById(ruleId);
      if (!rule) throw new Error(`no rule ${ruleId} for ${relative(FIXTURES, file)}`);
      expect(await fixtureProblems(file, rule)).toEqual([]);
    });
  }
});

/**
 * expected.json of a whole-project case: the rule's findings (by file, line and message id) and how
 * many sites it checked. Project-level rules need one each way; a per-file rule uses them for findings
 * that depend on other files (function summaries).
 */
interface ProjectCase {
  readonly findings: readonly { readonly file: string; readonly line: number; readonly messageId: string }[];
  readonly checked: number;
}

describe('whole-project rule cases (fixtures/rules/<category>/<name>/<case>/expected.json)', () => {
  const cases = projectCaseDirs();

  it('every project-level rule has a failing and a passing case', () => {
    for (const rule of ALL_RULES.filter((r) => r.checkProject)) {
      const own = cases.filter((dir) => ruleIdOfFixture(join(dir, PROJECT_CASE_FILE)) === rule.id).map((dir) => JSON.parse(readFileSync(join(dir, PROJECT_CASE_FILE), 'utf8')) as ProjectCase);
      expect(own.filter((c) => c.findings.length > 0).length, `${rule.id} failing cases`).toBeGreaterThanOrEqual(1);
      expect(own.filter((c) => c.findings.length === 0 && c.checked > 0).length, `${rule.id} passing cases`).toBeGreaterThanOrEqual(1);
    }
  });

  for (const dir of cases) {
    const ruleId = ruleIdOfFixture(join(dir, PROJECT_CASE_FILE));
    it(`${relative(FIXTURES, dir)}: ${ruleId} matches ${PROJECT_CASE_FILE}`, async () => {
      const rule = ruleById(ruleId);
      if (!rule) throw new Error(`${relative(FIXTURES, dir)}: no rule ${ruleId}`);
      expect(existsSync(join(dir, PROJECT_CASE_FILE))).toBe(true);
      const expected = JSON.parse(readFileSync(join(dir, PROJECT_CASE_FILE), 'utf8')) as ProjectCase;
      const { result, reports } = await auditRecording([dir], rule, dir, dir);
      const actual: ProjectCase = {
        // What the audit finally reports: a report withdrawn once the whole project was seen is no finding.
        findings: reports.filter((r) => result.findings.some((f) => f.ruleId === ruleId && f.file === r.file && f.line === r.line)).map((r) => ({ file: r.file, line: r.line, messageId: r.messageId })),
        checked: result.rules.find((r) => r.id === ruleId)?.checked ?? 0,
      };
      expect(actual, `${relative(FIXTURES, dirname(join(dir, PROJECT_CASE_FILE)))}`).toEqual(expected);
    });
  }
});
