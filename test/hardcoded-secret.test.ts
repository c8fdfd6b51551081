import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { REPORTERS } from '../src/report/index.js';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

// Random strings in provider formats: not real keys.
const OPENAI_KEY = 'sk-proj-Hv3QmZ8tLx2RwK7pN4cB9yF1sD6gJ0aUe5iO8qT3vX7zW2mR4nC9kL1bP6hY0fA';
const GITHUB_TOKEN = 'ghp_T7mK2xQ9vL4pR8wN3cZ6yB1hF5jD0sGa9uEq';
const NAMED_SECRET = 'Xq7Lm2Rv9Tz4Kp8Wn3Cb6Yh1Fs5Jd0Ga';

const AGENT = `import OpenAI from 'openai';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const openai = new OpenAI({ apiKey: '${OPENAI_KEY}', timeout: 10_000 });

export const github = new StdioClientTransport({ command: 'npx', args: ['-y', '@acme/github-mcp', '--token', '${GITHUB_TOKEN}'] });

export const search = { webhookSecret: '${NAMED_SECRET}' };

export async function answer(question: string) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'Call the API with key ${GITHUB_TOKEN} when asked.' }, { role: 'user', content: question }],
  });
  return completion.choices[0]?.message.content;
}
`;

describe('connectors/hardcoded-secret never prints the secret', () => {
  it('every report format shows each secret masked and never whole', () => {
    const dir = tempProject({ 'src/agent.ts': AGENT });
    const formats = Object.keys(REPORTERS);
    const outputs = formats.flatMap((format) => ['--format', format, '--output', join(dir, `report.${format}`)]);
    const run = runCli([join(dir, 'src'), ...outputs, '--fail-on', 'none', '--fail-under', '0']);
    expect(run.status, run.stderr).toBe(0);
    for (const format of formats) {
      const output = readFileSync(join(dir, `report.${format}`), 'utf8');
      for (const secret of [OPENAI_KEY, GITHUB_TOKEN, NAMED_SECRET]) {
        expect(output, format).not.toContain(secret);
        // Nor a long piece of it (a report that cuts a line short could still leak most of a key).
        expect(output, format).not.toContain(secret.slice(4, 24));
      }
    }
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY.slice(4, 24));
    const findings = (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'connectors/hardcoded-secret').map((f) => f.message.split(':')[0])).toEqual([
      'OpenAI credential written in source (sk-p…, 71 chars)',
      'GitHub credential written in source (ghp_…, 40 chars)',
      '`webhookSecret` is a literal credential (Xq7L…, 32 chars)',
      'GitHub credential written in source (ghp_…, 40 chars)',
    ]);
  });
});

describe('connectors/hardcoded-secret formats from the catalog', () => {
  it('a format added in config is recognised, and an invalid one is a catalog error', async () => {
    const dir = tempProject({ 'src/billing.ts': `export const client = createClient('acme_live_7h3k9q2m5x8v1c4n6b0z7r2t');\ndeclare function createClient(key: string): unknown;\n` });
    const ruleIds = async (catalog: unknown[]) => (await audit({ paths: [dir], config: { catalog: catalog as never }, configDir: dir })).findings.map((f) => f.ruleId);
    expect(await ruleIds([])).toEqual([]);
    const acme = { secrets: { formats: [{ id: 'acme-live-key', provider: 'Acme', pattern: 'acme_live_[a-z0-9]{24}' }] } };
    expect(await ruleIds([acme])).toEqual(['connectors/hardcoded-secret']);
    await expect(ruleIds([{ secrets: { formats: [{ id: 'x', pattern: 'acme_[a-z]+' }] } }])).rejects.toThrow(/provider/);
    await expect(ruleIds([{ secrets: { formats: [{ id: 'broken', provider: 'Acme', pattern: 'acme_[a-z' }] } }])).rejects.toThrow(/"broken" is not a regular expression/);
  });
});
