import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { readFileSync } from 'node:fs';
import { compiledFragments } from '../src/catalog/compiled.js';
import { builtInCatalogFiles, checkFragment, loadCatalog, parseFragmentText, readFragmentFile } from '../src/catalog/load.js';
import { AuditError } from '../src/errors.js';
import { tempProject } from './helpers/temp-project.js';

const WRAPPER_CALL = `import { http } from '@acme/http';

export async function getUser(id: string) {
  const res = await http.get('/users/' + id);
  return res.data.name;
}
`;

const ACME_ENTRY = {
  entries: [
    {
      id: 'acme-http',
      kind: 'http',
      modules: ['@acme/http'],
      operations: { request: ['get', 'post'] },
      throwsOnHttpError: true,
      bodyReaders: ['data'],
      retry: { builtIn: true },
    },
  ],
};

describe('ecosystem catalog', () => {
  it('the built-in catalog loads and validates', async () => {
    const catalog = loadCatalog();
    expect(catalog.entries.map((e) => e.id)).toEqual(expect.arrayContaining(['fetch', 'axios', 'openai', 'pinecone']));
    // Audits skip the schema check of the shipped files for speed; this is where they get it.
    const files = builtInCatalogFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(() => readFragmentFile(file)).not.toThrow();
  });

  it('the build-compiled catalog is the YAML parsed, and is ignored once a YAML file differs', () => {
    const sources = builtInCatalogFiles().map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    // npm test builds first, so the compiled form is there and matches the YAML it came from.
    expect(compiledFragments(sources)).toEqual(sources.map((s) => parseFragmentText(s.text, s.path)));
    const edited = sources.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n# edited\n` } : s));
    expect(compiledFragments(edited)).toBeUndefined();
  });

  it('a user entry makes a rule recognise an in-house wrapper it did not know', async () => {
    const dir = tempProject({ 'a.ts': WRAPPER_CALL });
    const without = await audit({ paths: [dir], config: {}, configDir: dir });
    expect(without.findings).toEqual([]);
    const withEntry = await audit({ paths: [dir], config: { catalog: [ACME_ENTRY as never] }, configDir: dir });
    expect(withEntry.findings.map((f) => f.ruleId)).toEqual(['connectors/unchecked-response']);
  });

  it('a catalog file from config is resolved against the config directory', async () => {
    const dir = tempProject({ 'a.ts': WRAPPER_CALL, 'acme.yaml': JSON.stringify(ACME_ENTRY) });
    const result = await audit({ paths: [dir], config: { catalog: ['acme.yaml'] }, configDir: dir });
    expect(result.findings).toHaveLength(1);
  });

  it('the README\'s catalog examples are valid fragments, and an errorResults entry reports a write whose error nothing reads', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Ecosystem catalog'), readme.indexOf('### Code roles'));
    const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => checkFragment(parseFragmentText(m[1] ?? '', 'README.md'), 'README.md'));
    expect(examples.length).toBe(2);
    const store = examples.find((fragment) => fragment.errorResults);
    const dir = tempProject({
      'package.json': '{"name":"orders","private":true}',
      'src/orders.ts': `import { store } from './db';\nexport async function save(row: { id: string }) {\n  await store.table('orders').insert(row);\n}\nexport async function saveChecked(row: { id: string }) {\n  const { error } = await store.table('orders').insert(row);\n  if (error) throw error;\n}\n`,
    });
    const unchecked = async (catalog: unknown[]) => (await audit({ paths: [dir], config: { catalog } as never, configDir: dir })).findings.filter((f) => f.ruleId === 'connectors/unchecked-response').map((f) => f.line);
    expect(await unchecked([])).toEqual([]);
    expect(await unchecked([store])).toEqual([3]);
  });

  it('a malformed catalog entry names the file, the path and the problem', async () => {
    const dir = tempProject({ 'bad.yaml': 'entries:\n  - id: x\n    kind: telepathy\n    modules: [a]\n    operations: { request: [get] }\n' });
    expect(() => loadCatalog(['bad.yaml'], dir)).toThrowError(AuditError);
    expect(() => loadCatalog(['bad.yaml'], dir)).toThrowError(/bad\.yaml: catalog\.entries\[0\]\.kind: must be one of "http", "llm", "vector-store"/);
  });

  it('a user scheduler entry turns an in-house job runner into a polling site with its budget', async () => {
    const job = `import { every } from '@acme/jobs';\n\nevery(async () => {\n  await fetch('https://api.example.com/inbox');\n}, { cron: '*/10 * * * *' });\n`;
    const scheduler = {
      schedulers: [{ id: 'acme-jobs', modules: ['@acme/jobs'], calls: ['every'], schedule: { argument: 1, property: 'cron', formats: ['cron'] }, callback: { argument: 0 } }],
    };
    const dir = tempProject({ 'a.ts': job });
    const without = await audit({ paths: [dir], config: {}, configDir: dir });
    expect(without.polling.sites).toEqual([]);
    const withEntry = await audit({ paths: [dir], config: { catalog: [scheduler as never] }, configDir: dir });
    expect(withEntry.polling.sites).toEqual([{ file: 'a.ts', line: 3, mechanism: "@acme/jobs '*/10 * * * *'", intervalMs: 600_000, callsPerTick: 1, callsPerMinute: 0.1 }]);
  });

  it('a scheduler entry with an unknown schedule format is rejected', () => {
    const dir = tempProject({ 'bad.yaml': 'schedulers:\n  - { id: x, modules: [x], calls: [run], schedule: { argument: 0, formats: [lunar] } }\n' });
    expect(() => loadCatalog(['bad.yaml'], dir)).toThrowError(/catalog\.schedulers\[0\]\.schedule\.formats\[0\]/);
  });
});
