import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../rules/index.js';
import { audit } from '../src/audit.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderPretty } from '../src/report/pretty.js';
import { tempProject } from './helpers/temp-project.js';

const auditDir = (dir: string) => audit({ paths: [dir], root: dir, config: {}, configDir: dir });

const ONE_SITE = "export async function rates() {\n  const res = await fetch('https://fx.example.com/latest', { signal: AbortSignal.timeout(5_000) });\n  if (!res.ok) throw new Error(String(res.status));\n  return res.text();\n}\n";

describe('a score from few checked sites', () => {
  it('says how few beside the overall score, in the terminal and in markdown', async () => {
    const result = await auditDir(tempProject({ 'src/rates.ts': ONE_SITE }));
    const checked = result.rules.reduce((n, r) => n + r.checked, 0);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThan(5);
    const note = `from ${checked} checked site${checked === 1 ? '' : 's'}, a small sample`;
    expect(renderPretty(result, { color: false })).toMatch(new RegExp(`^Readiness .* — ${note}`, 'm'));
    expect(renderMarkdown(result, { color: false, quiet: false, rules: ALL_RULES })).toContain(`## agent-audit: ${Math.round(result.score.overall ?? 0)}/100 · ${result.score.band} — ${note}`);
  }, 60_000);

  it('says nothing when the score stands on enough sites', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`src/rates-${i}.ts`, ONE_SITE.replace('rates()', `rates${i}()`)]));
    const result = await auditDir(tempProject(files));
    expect(result.rules.reduce((n, r) => n + r.checked, 0)).toBeGreaterThanOrEqual(5);
    expect(renderPretty(result, { color: false })).not.toMatch(/^Readiness .*small sample/m);
  }, 60_000);
});
