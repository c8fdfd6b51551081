import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { renderExplanation } from '../src/cli/explain-command.js';
import { closestRuleIds, didYouMean, editDistance } from '../src/suggest.js';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

const IDS = ALL_RULES.map((r) => r.id);

describe('rule id suggestions', () => {
  it('count a swap of adjacent letters as one edit', () => {
    expect(editDistance('timeout', 'timeuot')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('find the rule from a typo, a wrong category or the name alone; suggest nothing for nonsense', () => {
    expect(closestRuleIds('connectors/no-timeuot', IDS)[0]).toBe('connectors/no-timeout');
    expect(closestRuleIds('security/no-timeout', IDS)[0]).toBe('connectors/no-timeout');
    expect(closestRuleIds('no-backof', IDS)[0]).toBe('connectors/no-backoff');
    expect(closestRuleIds('zzzzzzzz/qqqqqqq', IDS)).toEqual([]);
    expect(didYouMean('zzzz', IDS)).toBe('');
    expect(didYouMean('connectors/no-timeuot', IDS)).toMatch(/^ \(did you mean "connectors\/no-timeout"/);
  });
});

describe('agent-audit explain', () => {
  it("prints the rule's page from its metadata: what, why, flagged and passing code, fix, taxonomy, link", () => {
    const rule = ALL_RULES.find((r) => r.id === 'connectors/no-timeout');
    const run = runCli(['explain', 'connectors/no-timeout']);
    expect(run.status).toBe(0);
    for (const heading of ['What it flags', 'Why it fails in production', 'Flagged', 'Passes', 'Fix', 'Taxonomy']) expect(run.stdout).toContain(`\n${heading}\n`);
    const firstBadLine = rule?.docs.bad.trim().split('\n')[0] ?? 'missing';
    expect(run.stdout).toContain(`    ${firstBadLine}`);
    expect(run.stdout).toContain('CWE: ');
    expect(run.stdout.trimEnd()).toMatch(/https:\/\/\S+\/rules\/connectors\/no-timeout\/no-timeout\.md$/);
  });

  it('every rule has a page with its summary, its points, its look-alikes and fix hint, within 80 columns outside code and links', () => {
    for (const rule of ALL_RULES) {
      const page = renderExplanation(rule, { color: false, width: 80 });
      expect(page.replace(/\s+/g, ' ')).toContain(rule.docs.summary.replace(/\s+/g, ' '));
      expect(page.replace(/\s+/g, ' ')).toContain(rule.hint.replace(/\s+/g, ' '));
      for (const item of [...(rule.docs.details ?? []), ...(rule.docs.notFlagged ?? [])]) expect(page.replace(/\s+/g, ' ')).toContain(`- ${item.replace(/\s+/g, ' ')}`);
      const prose = page.split('\n').filter((line) => !line.startsWith('    ') && !line.startsWith('https://') && !line.startsWith('  // agent-audit-disable'));
      expect(prose.filter((line) => line.length > 80), rule.id).toEqual([]);
    }
  });

  it('an unknown id exits 2 with the closest ids', () => {
    const run = runCli(['explain', 'connectors/no-timeuot']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('agent-audit: unknown rule id "connectors/no-timeuot" (did you mean "connectors/no-timeout"?); run `agent-audit rules` for the list\n');
  });

  it('config rules and suppression comments get the same suggestion', () => {
    const config = tempProject({ 'a.ts': 'export const a = 1;\n', '.agent-auditrc.yaml': 'rules:\n  connectors/no-timout: off\n' });
    const configRun = runCli([config]);
    expect(configRun.status).toBe(2);
    expect(configRun.stderr).toContain('unknown rule id "connectors/no-timout" in config.rules (did you mean "connectors/no-timeout"?)');
    const suppressed = tempProject({ 'a.ts': '// agent-audit-disable-next-line connectors/no-timout -- upstream has its own deadline\nexport const a = 1;\n' });
    const json = JSON.parse(runCli([suppressed, '--format', 'json', '--fail-under', '0']).stdout) as { diagnostics: { kind: string; message: string }[] };
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ kind: 'unknown-rule-in-suppression', message: 'Suppression names unknown rule "connectors/no-timout" (did you mean "connectors/no-timeout"?).' }));
  });
});
