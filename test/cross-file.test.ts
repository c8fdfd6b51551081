import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { tempProject } from './helpers/temp-project.js';

const POLICY = `const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withPolicy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 4) throw error;
      await sleep(2 ** attempt * 250 + Math.random() * 100);
    }
  }
}

export const timed = async <T>(run: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  try {
    return await run();
  } finally {
    console.log('took', Date.now() - started);
  }
};
`;

const caller = (helper: string, from: string) => `import { ${helper} } from '${from}';

export async function getRates() {
  return ${helper}(async () => {
    const res = await fetch('https://fx.example.com/latest', { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.json();
  });
}
`;

const backoffFindings = async (files: Record<string, string>) => {
  const dir = tempProject(files);
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return result.findings.filter((f) => f.ruleId === 'connectors/no-backoff').map((f) => `${f.file}:${f.line}`);
};

describe('project helpers across files', () => {
  it('a retry helper exported by another file covers the calls handed to it', async () => {
    expect(await backoffFindings({ 'src/lib/policy.ts': POLICY, 'src/rates.ts': caller('withPolicy', './lib/policy.js') })).toEqual([]);
    expect(await backoffFindings({ 'src/lib/policy/index.ts': POLICY, 'src/rates.ts': caller('withPolicy', './lib/policy') })).toEqual([]);
  });

  it('a helper that does not retry, or a same-named function from elsewhere, leaves the call uncovered', async () => {
    expect(await backoffFindings({ 'src/lib/policy.ts': POLICY, 'src/rates.ts': caller('timed', './lib/policy.js') })).toEqual(['src/rates.ts:5']);
    const elsewhere = { 'src/lib/policy.ts': POLICY, 'src/other/policy.ts': POLICY.replace(/for \(let attempt[\s\S]*?\n  }\n/, 'return run();\n'), 'src/rates.ts': caller('withPolicy', './other/policy.js') };
    expect(await backoffFindings(elsewhere)).toEqual(['src/rates.ts:5']);
  });
});
