import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../src/catalog/matcher.js';
import { loadCatalog } from '../src/catalog/load.js';
import { computeFileFacts } from '../src/model/file-facts.js';
import { collectInventory } from '../src/inventory/collect.js';
import { readProjectManifests } from '../src/model/graph/manifests.js';
import { clientModuleResolver, findImportedClients, importedClientLookup, mayExportBuiltValue } from '../src/model/imported-clients.js';
import { discoverFiles } from '../src/project/discover.js';
import { createParser } from '../src/project/parse.js';
import { MODEL_FIXTURES } from './helpers/model.js';

const root = join(MODEL_FIXTURES, 'imported-clients');
const classifier = createClassifier(loadCatalog());
const discovery = discoverFiles({ root, paths: [root], include: [], exclude: [] });
const clients = findImportedClients(discovery.files, readProjectManifests(root, discovery.files.map((f) => f.path)));

/** A fixture file parsed, and its facts with (or without) the clients the project's modules export. */
function factsOf(path: string, withClients = true): ReturnType<typeof computeFileFacts> {
  const file = discovery.files.find((f) => f.path === path);
  if (!file) throw new Error(`fixture file missing: ${path}`);
  const loaded = createParser()(file);
  if (loaded.kind !== 'parsed') throw new Error(`fixture did not parse: ${path}`);
  return computeFileFacts(file.path, loaded.sourceFile, classifier, withClients ? importedClientLookup(file.path, clients, clientModuleResolver(clients)) : undefined);
}

describe('clients a project module builds from a package and exports', () => {
  it('are found by export name: exported where declared, renamed in an export list, or the default export', () => {
    expect(clients.exports).toEqual({
      'src/lib/openai.ts': { openai: { module: 'openai', path: [], calls: ['new OpenAI()'] } },
      'src/lib/db.ts': { db: { module: 'pg', path: ['Pool'], calls: ['new Pool()'] } },
      'src/lib/vectors.ts': { default: { module: '@pinecone-database/pinecone', path: ['Pinecone', 'index'], calls: ['new Pinecone()', "new Pinecone().index('docs')"] } },
      'src/lib/http.ts': { api: { module: 'axios', path: ['create'], calls: ["axios.create({ baseURL: 'https://api.example.com', timeout: 10_000 })"] } },
      'src/lib/llm/index.ts': { llm: { module: 'openai', path: [], calls: ['new OpenAI({ maxRetries: 0 })'] } },
      'src/lib/chat-model.ts': { chatModel: { module: '@langchain/openai', path: ['ChatOpenAI'], calls: ["new ChatOpenAI({ model: 'gpt-4o' })"] } },
      'src/lib/clients.ts': {
        getOpenAI: { module: 'openai', path: [], calls: ['new OpenAI({ timeout: 20_000 })'], returned: true },
        docsIndex: { module: '@pinecone-database/pinecone', path: ['Pinecone', 'index'], calls: ['new Pinecone()', "new Pinecone().index('docs')"], returned: true },
      },
      'src/lib/whole.cjs': { default: { module: 'openai', path: [], calls: ['new OpenAI({ timeout: 30000 })'] } },
      'src/lib/stores.cjs': { pool: { module: 'pg', path: ['Pool'], calls: ['new Pool({ max: 5 })'] } },
      'src/lib/lazy.cjs': { getClient: { module: '@anthropic-ai/sdk', path: [], calls: ['new Anthropic({ maxRetries: 4 })'], returned: true } },
    });
  });

  it('are found in CommonJS too: a required module whole, a property of it, or one destructured from it', () => {
    const facts = factsOf('src/routes/legacy.cjs');
    expect(facts.callSites.map((site) => `${site.entry.kind} ${site.operation}`)).toEqual(['llm generate']);
    expect(facts.callSites[0]?.origin.calls.map((call) => call.getText())).toEqual(['new OpenAI({ timeout: 30000 })']);
    // A getter a CommonJS module exports, destructured or read off the required module.
    expect(factsOf('src/routes/legacy-lazy.cjs').callSites.map((site) => `${site.entry.kind} ${site.operation}`)).toEqual(['llm generate', 'llm generate']);
    const queries = facts.index.calls.filter((call) => call.getText().includes('.query('));
    expect(queries.map((call) => facts.originOf(call.expression))).toMatchObject([
      { module: 'pg', path: ['Pool', 'query'] },
      { module: 'pg', path: ['Pool', 'query'] },
    ]);
  });

  it('make a call of an exported getter one of the client it returns, and the getter itself none', () => {
    const facts = factsOf('src/routes/answer.ts');
    // `completeOnce(question)` returns a completion: it is no model call of this file.
    expect(facts.callSites.map((site) => `${site.entry.kind} ${site.operation} ${site.node.getText().slice(0, 24)}`)).toEqual([
      'vector-store retrieve docsIndex().query({ vect',
      'llm generate client.chat.completions.',
    ]);
    const llm = facts.callSites.find((site) => site.entry.kind === 'llm');
    expect(llm?.origin.calls.map((call) => call.getText())).toEqual(['new OpenAI({ timeout: 20_000 })', 'getOpenAI()']);
  });

  it('are not taken by an import that resolves to a file of the same name exporting none', () => {
    const lookup = importedClientLookup('src/routes/ask.ts', clients, clientModuleResolver(clients));
    expect(lookup('../lib/llm', 'llm')).toBeUndefined();
    expect(lookup('../lib/llm/index.js', 'llm')?.module).toBe('openai');
  });

  it('are own exports only: a name every object inherits names no client', () => {
    const lookup = importedClientLookup('src/routes/ask.ts', clients, clientModuleResolver(clients));
    for (const inherited of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(lookup('../lib/openai.js', inherited), inherited).toBeUndefined();
    expect(lookup('../lib/openai.js', 'openai')?.module).toBe('openai');
  });

  it('leave out values built from another project module (the module graph follows those) and plain data', () => {
    expect(clients.exports['src/lib/wrapped.ts']).toBeUndefined();
    expect(clients.exports['src/lib/db.ts']?.settings).toBeUndefined();
  });

  it('make a call through the import one the catalog knows, as if the importing file had made the client', () => {
    const kindsOf = (facts: ReturnType<typeof computeFileFacts>) => facts.callSites.map((site) => `${site.entry.kind} ${site.operation}`);
    const seen = factsOf('src/routes/ask.ts');
    expect(kindsOf(seen)).toEqual(expect.arrayContaining(['llm generate', 'vector-store retrieve']));
    expect(kindsOf(factsOf('src/routes/ask.ts', false))).toEqual([]);
    // The construction comes along, so its options are read as if written here.
    const llm = seen.callSites.find((site) => site.entry.kind === 'llm');
    expect(llm?.origin.calls.map((call) => call.getText())).toEqual(['new OpenAI()']);
  });
});

describe('an imported client in the inventory', () => {
  it('lists no model where the client is only used: its options are written in another file', () => {
    const facts = factsOf('src/routes/summarise.ts');
    expect(facts.callSites.map((site) => site.entry.kind)).toContain('llm');
    expect(collectInventory(facts).models).toEqual([]);
  });
});

describe('the pre-pass text test', () => {
  it('passes over text written to make a pattern backtrack (each pattern is anchored and has one way to match a line)', () => {
    const hostile = [
      'export {\n'.repeat(7000),
      `export const x :${' '.repeat(60_000)}`,
      `export const x = ${'='.repeat(60_000)}`,
      `const y = a${' '.repeat(60_000)}\nexport { y }`,
      `export function f() {}\ncreate${'A'.repeat(60_000)}`,
      `export function f() {}\nnew${' '.repeat(60_000)}`,
      `${'import a\n'.repeat(7000)}export function f() {\n  return new a();\n}`,
      `export function f() {\n  return ${'x.'.repeat(700)}create();\n}`,
      `module.exports = a;\nconst b = ${'c'.repeat(60_000)}`,
      `module.exports = a;\n${'const b = c.d\n'.repeat(5000)}`,
    ];
    for (const text of hostile) expect(mayExportBuiltValue(text)).toBe(false);
  });

  it('picks the shapes a shared client or its getter is written in, and not other exported functions', () => {
    expect(mayExportBuiltValue('export const openai = new OpenAI();')).toBe(true);
    expect(mayExportBuiltValue('export const api: AxiosInstance = axios.create({ timeout: 5000 });')).toBe(true);
    expect(mayExportBuiltValue('export const prisma = globalForPrisma.prisma ?? new PrismaClient();')).toBe(true);
    expect(mayExportBuiltValue('const pool = new Pool();\nexport { pool as db };')).toBe(true);
    expect(mayExportBuiltValue('export const handler = async (req) => respond(req);')).toBe(false);
    expect(mayExportBuiltValue('export const limit = 5;')).toBe(false);
    expect(mayExportBuiltValue("import OpenAI from 'openai';\nlet client;\nexport function getClient() {\n  return (client ??= new OpenAI());\n}")).toBe(true);
    expect(mayExportBuiltValue("import axios from 'axios';\nexport const getApi = () => axios.create({ timeout: 5000 });")).toBe(true);
    expect(mayExportBuiltValue("const { Pool } = require('pg');\nexport function pool() {\n  return new Pool();\n}")).toBe(true);
    expect(mayExportBuiltValue("const OpenAI = require('openai');\nconst openai = new OpenAI();\nmodule.exports = openai;")).toBe(true);
    expect(mayExportBuiltValue("const { Pool } = require('pg');\nexports.pool = new Pool();")).toBe(true);
    expect(mayExportBuiltValue("const OpenAI = require('openai');\nlet c;\nfunction getClient() {\n  return (c ??= new OpenAI());\n}\nmodule.exports = { getClient };")).toBe(true);
    expect(mayExportBuiltValue('const openai_1 = __importDefault(require("openai"));\nconst client = new openai_1.default();\nexports.client = client;')).toBe(true);
    expect(mayExportBuiltValue("const helpers = require('./helpers');\nconst made = helpers.make();\nmodule.exports = { made };")).toBe(false);
    // Built from a class of the file, or an error thrown: no package's client.
    expect(mayExportBuiltValue("import { z } from 'zod';\nclass Span {}\nexport function startSpan() {\n  return new Span();\n}")).toBe(false);
    expect(mayExportBuiltValue("import OpenAI from 'openai';\nexport function fail(message) {\n  throw new OpenAI.APIError(message);\n}")).toBe(false);
  });
});
