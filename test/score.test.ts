import { describe, expect, it } from 'vitest';
import { computeScore, ruleScore } from '../src/verdict/score/score.js';
import type { Finding, RuleResult } from '../src/types.js';

const rule = (id: string, category: RuleResult['category'], severity: 'critical' | 'high' | 'medium' | 'low', checked: number, failed: number): RuleResult => {
  const score = ruleScore(checked, failed);
  const weight = { critical: 10, high: 7.5, medium: 5, low: 2.5 }[severity];
  return { id, category, severity, checked, failed, score, applicable: score !== null, weight: score === null ? 0 : weight };
};

const critical: Finding = {
  ruleId: 'x/critical', severity: 'critical', category: 'connectors', message: '', hint: '', file: 'a.ts',
  line: 1, column: 1, endLine: 1, endColumn: 2, fingerprint: 'f', taxonomy: { microsoft: [], owaspLlm: [], owaspAgentic: [], cwe: [] },
};

describe('scoring', () => {
  it('rule score is 1 - failed/checked and not applicable when nothing was checked', () => {
    expect(ruleScore(10, 2)).toBe(0.8);
    expect(ruleScore(0, 0)).toBeNull();
  });

  it('weights rules by severity inside a category and categories by applicable weight', () => {
    // connectors: high 0.8 (w 7.5) and medium 0.5 (w 5) → (6 + 2.5) / 12.5 = 0.68 → 68
    // memory: high 0 (w 7.5) → 0
    // overall: (68 × 12.5 + 0 × 7.5) / 20 = 42.5
    const rules = [
      rule('connectors/a', 'connectors', 'high', 10, 2),
      rule('connectors/b', 'connectors', 'medium', 4, 2),
      rule('memory/c', 'memory', 'high', 3, 3),
      rule('events/d', 'events', 'medium', 0, 0),
    ];
    const score = computeScore(rules, []);
    expect(score.categories.connectors).toEqual({ score: 68, weight: 12.5, rules: ['connectors/a', 'connectors/b'] });
    expect(score.categories.memory.score).toBe(0);
    expect(score.categories.events).toEqual({ score: null, weight: 0, rules: [] });
    expect(score.overall).toBe(42.5);
    expect(score.band).toBe('not ready');
  });

  it('caps at 49 when an unsuppressed critical finding exists, and not when it is suppressed', () => {
    const rules = [rule('connectors/a', 'connectors', 'critical', 100, 1)];
    expect(computeScore(rules, [critical])).toMatchObject({ overall: 49, uncapped: 99, capped: true, band: 'not ready' });
    expect(computeScore(rules, [{ ...critical, suppressed: { kind: 'next-line', reason: 'test' } }])).toMatchObject({ overall: 99, capped: false, band: 'ready' });
  });

  it('bands: 90 ready, 89.9 needs work, 50 needs work, 49.9 not ready', () => {
    const at = (checked: number, failed: number) => computeScore([rule('a/b', 'memory', 'low', checked, failed)], []).band;
    expect(at(10, 1)).toBe('ready');
    expect(at(1000, 101)).toBe('needs work');
    expect(at(2, 1)).toBe('needs work');
    expect(at(1000, 501)).toBe('not ready');
  });

  it('is not applicable overall when no rule checked anything', () => {
    expect(computeScore([rule('a/b', 'memory', 'high', 0, 0)], [])).toMatchObject({ overall: null, band: 'not applicable' });
  });
});
