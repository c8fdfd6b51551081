import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { FIXTURES, auditFile, readExpectations, ruleFixtureFiles, ruleIdOfFixture } from './helpers/fixtures.js';

const files = ruleFixtureFiles();

describe('rule fixtures (Semgrep-style annotations)', () => {
  it('every per-file rule has fixtures with positive and negative cases', async () => {
    // Whole-project rules are exercised by project scenarios (test/observability.test.ts).
    for (const rule of ALL_RULES.filter((r) => r.check)) {
      const expectations = files.filter((f) => ruleIdOfFixture(f) === rule.id).flatMap(readExpectations);
      expect(expectations.filter((e) => e.kind === 'ruleid' && e.ruleId === rule.id).length, `${rule.id} positives`).toBeGreaterThanOrEqual(6);
      expect(expectations.filter((e) => e.kind === 'ok' && e.ruleId === rule.id).length, `${rule.id} negatives`).toBeGreaterThanOrEqual(6);
    }
  });

  for (const file of files) {
    const ruleId = ruleIdOfFixture(file);
    it(`${relative(FIXTURES, file)}: findings of ${ruleId} match the annotations`, async () => {
      const expectations = readExpectations(file).filter((e) => e.ruleId === ruleId);
      const flagged = new Set((await auditFile(file)).findings.filter((f) => f.ruleId === ruleId).map((f) => f.line));
      const missing = expectations.filter((e) => e.kind === 'ruleid' && !flagged.has(e.line)).map((e) => e.line);
      const unexpected = expectations.filter((e) => e.kind === 'ok' && flagged.has(e.line)).map((e) => e.line);
      const annotated = new Set(expectations.map((e) => e.line));
      const unannotated = [...flagged].filter((line) => !annotated.has(line));
      expect({ missing, unexpected, unannotated }).toEqual({ missing: [], unexpected: [], unannotated: [] });
    });
  }
});
