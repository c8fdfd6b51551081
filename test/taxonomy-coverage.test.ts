import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { taxonomyCoverage, type TaxonomyAuditInput, type TaxonomyRule } from '../src/verdict/taxonomy/coverage.js';
import { MICROSOFT_FAILURE_MODES } from '../src/verdict/taxonomy/frameworks.js';
import { MANUAL_REVIEW_CHECKS } from '../src/verdict/taxonomy/manual-checks.js';

const rule = (id: string, microsoft: string[]): TaxonomyRule => ({ id, taxonomy: { microsoft } });
const FAKE_RULES = [rule('memory/a', ['memory-poisoning']), rule('security/b', ['xpia', 'memory-poisoning']), rule('events/c', ['resource-exhaustion'])];
const finding = (microsoft: string[], suppressed = false): TaxonomyAuditInput['findings'][number] => ({
  taxonomy: { microsoft, owaspLlm: [], owaspAgentic: [], cwe: [] },
  ...(suppressed ? { suppressed: { kind: 'next-line', reason: 'accepted' } } : {}),
});

function mode(coverage: ReturnType<typeof taxonomyCoverage>, id: string) {
  const found = coverage.modes.find((m) => m.id === id);
  if (!found) throw new Error(`no mode ${id}`);
  return found;
}

describe('taxonomyCoverage on a fake rule set', () => {
  it('lists the rules that map to each mode, in rule-set order', () => {
    const coverage = taxonomyCoverage(FAKE_RULES);
    expect(mode(coverage, 'memory-poisoning')).toEqual({ id: 'memory-poisoning', name: 'Memory poisoning', version: '1.0', pillar: 'security', status: 'checked', rules: ['memory/a', 'security/b'] });
    expect(mode(coverage, 'xpia').rules).toEqual(['security/b']);
    expect(coverage.checked).toBe(3);
    expect(coverage.manualReview).toBe(MICROSOFT_FAILURE_MODES.length - 3);
  });

  it('makes a mode no rule names a manual-review item with its check text', () => {
    const goal = mode(taxonomyCoverage(FAKE_RULES), 'goal-hijacking');
    expect(goal.status).toBe('manual-review');
    expect(goal.rules).toEqual([]);
    expect(goal.manualCheck).toBe(MANUAL_REVIEW_CHECKS['goal-hijacking']);
  });

  it('has no findings counts without an audit result', () => {
    for (const m of taxonomyCoverage(FAKE_RULES).modes) expect(m).not.toHaveProperty('findings');
  });

  it('counts unsuppressed findings per mode, a finding once per mode it names', () => {
    const audit: TaxonomyAuditInput = {
      findings: [finding(['memory-poisoning']), finding(['memory-poisoning', 'xpia']), finding(['memory-poisoning'], true), finding(['resource-exhaustion'], true)],
      rules: FAKE_RULES.map((r) => ({ id: r.id, severity: 'high' })),
    };
    const coverage = taxonomyCoverage(FAKE_RULES, audit);
    expect(mode(coverage, 'memory-poisoning').findings).toBe(2);
    expect(mode(coverage, 'xpia').findings).toBe(1);
    expect(mode(coverage, 'resource-exhaustion').findings).toBe(0);
    expect(mode(coverage, 'goal-hijacking').findings).toBe(0);
  });

  it('does not count a rule configured off: its modes fall back to manual review', () => {
    const audit: TaxonomyAuditInput = { findings: [], rules: [{ id: 'memory/a', severity: 'high' }, { id: 'security/b', severity: 'off' }, { id: 'events/c', severity: 'off' }] };
    const coverage = taxonomyCoverage(FAKE_RULES, audit);
    expect(mode(coverage, 'memory-poisoning').rules).toEqual(['memory/a']);
    expect(mode(coverage, 'xpia').status).toBe('manual-review');
    expect(mode(coverage, 'resource-exhaustion').manualCheck).toMatch(/timeouts/);
  });
});

describe('taxonomyCoverage on the registered rules', () => {
  const coverage = taxonomyCoverage(ALL_RULES);

  it('shows every Microsoft failure mode exactly once, in taxonomy order', () => {
    expect(coverage.modes.map((m) => m.id)).toEqual(MICROSOFT_FAILURE_MODES.map((m) => m.id));
    expect(new Set(coverage.modes.map((m) => m.id)).size).toBe(coverage.modes.length);
    expect(coverage.checked + coverage.manualReview).toBe(coverage.modes.length);
  });

  it('covers both taxonomy versions: the 27 modes of v1.0 and the 7 v2.0 added', () => {
    expect(coverage.versions).toEqual(['1.0', '2.0']);
    expect(coverage.modes.filter((m) => m.version === '1.0')).toHaveLength(27);
    expect(coverage.modes.filter((m) => m.version === '2.0')).toHaveLength(7);
  });

  it('derives every checked mode from the rules registered, and gives every other mode a manual check', () => {
    for (const m of coverage.modes) {
      const expected = ALL_RULES.filter((r) => r.taxonomy.microsoft.includes(m.id)).map((r) => r.id);
      expect(m.rules, m.id).toEqual(expected);
      expect(m.status, m.id).toBe(expected.length > 0 ? 'checked' : 'manual-review');
      if (m.status === 'manual-review') expect(m.manualCheck?.length, m.id).toBeGreaterThan(20);
    }
    expect(coverage.manualReview).toBeGreaterThan(0);
  });

  it('has a one-line manual check for every mode and for no unknown mode', () => {
    expect(Object.keys(MANUAL_REVIEW_CHECKS).sort()).toEqual(MICROSOFT_FAILURE_MODES.map((m) => m.id).sort());
    for (const text of Object.values(MANUAL_REVIEW_CHECKS)) expect(text).toMatch(/^Check [^\n]+\.$/);
  });
});
