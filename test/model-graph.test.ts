import { describe, expect, it } from 'vitest';
import { extractModuleFacts } from '../src/model/graph/module-facts.js';
import { ts } from '../src/model/ast.js';
import { modelOf } from './helpers/model.js';

const facts = (code: string, name = 'file.ts') => extractModuleFacts(ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true));
const targets = (model: ReturnType<typeof modelOf>, file: string) => (model.graph.edges[file] ?? []).map((e) => e.to).sort();

describe('module facts', () => {
  it('records imports with their bindings, and leaves type-only imports without runtime edges', () => {
    const module = facts(`import OpenAI, { type X, chat as talk } from 'openai';\nimport * as fs from 'node:fs';\nimport type { T } from './types';\nconst lazy = await import('./lazy.js');\nexport const client = new OpenAI();\nfs.readFileSync(talk);`);
    expect(module.imports).toEqual([
      { specifier: 'openai', kind: 'import', typeOnly: false, bindings: [{ local: 'OpenAI', imported: 'default' }, { local: 'X', imported: 'X', typeOnly: true }, { local: 'talk', imported: 'chat' }] },
      { specifier: 'node:fs', kind: 'import', typeOnly: false, bindings: [{ local: 'fs', imported: '*' }] },
      { specifier: './types', kind: 'import', typeOnly: true, bindings: [{ local: 'T', imported: 'T' }] },
      { specifier: './lazy.js', kind: 'dynamic', typeOnly: false, bindings: [] },
    ]);
  });

  it('treats a TypeScript import whose bindings only types use as erased: the compiler does not load it', () => {
    const code = [
      `import { Model } from './model';`,
      `import { Store } from './store';`,
      `import { Base, Shape } from './base';`,
      `import { Config } from './config';`,
      `import { Plugin } from './plugin';`,
      `import { Schema } from './schema';`,
      `import { Banner } from './banner';`,
      `import './polyfill';`,
      `export { Plugin };`,
      `export function pick(models: Model[], cfg: typeof Config): Model | undefined { return models[0]; }`,
      `export class Agent extends Base implements Shape { store = new Store(); }`,
      `export const parse = (input: unknown) => Schema.parse(input);`,
      `export const view = () => <Banner />;`,
    ].join('\n');
    const erased = (name: string) => Object.fromEntries(facts(code, name).imports.map((i) => [i.specifier, i.typeOnly]));
    expect(erased('file.tsx')).toEqual({ './model': true, './store': false, './base': false, './config': true, './plugin': false, './schema': false, './banner': false, './polyfill': false });
    // Plain JavaScript has no types: an unused import still loads its module.
    expect(facts(`import { Model } from './model';\nexport const x = 1;`, 'file.js').imports[0]?.typeOnly).toBe(false);
    expect(facts(`import { Model } from './model';\nexport const x = 1;`, 'file.ts').imports[0]?.typeOnly).toBe(true);
  });

  it('sees requires through the interop helpers TypeScript and esbuild emit', () => {
    const module = facts(`var import_openai = __toESM(require("openai"));\nconst axios_1 = __importDefault(require("axios"));\nconst { get, post: send } = require("./http");\nfunction later() { return require("./late"); }\nconst notRequire = load("./x");`, 'file.js');
    expect(module.imports.map((i) => [i.specifier, i.kind, i.bindings])).toEqual([
      ['openai', 'require', [{ local: 'import_openai', imported: '*' }]],
      ['axios', 'require', [{ local: 'axios_1', imported: '*' }]],
      ['./http', 'require', [{ local: 'get', imported: 'get' }, { local: 'send', imported: 'post' }]],
      ['./late', 'require', []],
    ]);
  });

  it('records exports and re-exports in ESM and CommonJS forms', () => {
    const esm = facts(`export function f() {}\nexport const a = 1, b = 2;\nconst c = 3;\nexport { c as see };\nexport default class Agent {}\nexport * from './all';\nexport * as ns from './ns';\nexport { x as y, type Z } from './named';`);
    expect(esm.exports).toEqual([{ exported: 'f', local: 'f' }, { exported: 'a', local: 'a' }, { exported: 'b', local: 'b' }, { exported: 'see', local: 'c' }, { exported: 'default', local: 'Agent' }]);
    expect(esm.reExports).toEqual([{ specifier: './all' }, { specifier: './ns', names: [{ imported: '*', exported: 'ns' }] }, { specifier: './named', names: [{ imported: 'x', exported: 'y' }] }]);
    const cjs = facts(`exports.complete = complete;\nmodule.exports.other = 1;\n__exportStar(require("./client"), exports);\n__export(src_exports, { runAgent: () => runAgent });`, 'file.js');
    expect(cjs.exports).toEqual([{ exported: 'complete', local: 'complete' }, { exported: 'other' }, { exported: 'runAgent', local: 'runAgent' }]);
    expect(cjs.reExports).toEqual([{ specifier: './client' }]);
  });

  it('records the functions an exported object literal names, so `service.list()` reaches them', () => {
    const esm = facts(`const list = async () => [];\nasync function getOne(id: string) { return id; }\nexport default { list, get: getOne, version: '1' };`);
    expect(esm.exports).toEqual([{ exported: 'default', members: [{ name: 'list', local: 'list' }, { name: 'get', local: 'getOne' }] }]);
    const cjs = facts(`function send() {}\nmodule.exports = { send, retries: 3 };`, 'file.js');
    expect(cjs.exports).toEqual([{ exported: 'default', members: [{ name: 'send', local: 'send' }] }]);
    const held = facts(`function list() {}\nconst service = { list, 'get-one': list };\nexport default service;\nexport const named = { list };\nlet changing = { list };\nexport { changing };`);
    expect(held.exports).toEqual([
      { exported: 'default', local: 'service', members: [{ name: 'list', local: 'list' }, { name: 'get-one', local: 'list' }] },
      { exported: 'named', local: 'named', members: [{ name: 'list', local: 'list' }] },
      { exported: 'changing', local: 'changing' },
    ]);
  });
});

describe('module graph', () => {
  it('resolves tsconfig paths inherited through extends (JSONC), package.json imports, and .js specifiers of .ts files', () => {
    const model = modelOf('aliases');
    expect(targets(model, 'src/main.ts')).toEqual(['src/config.ts', 'src/services/index.ts']);
    expect(targets(model, 'src/services/weather.ts')).toEqual(['src/lib/format.ts', 'src/lib/http/client.ts']);
    expect(targets(model, 'src/services/index.ts')).toEqual(['src/lib/http/client.ts', 'src/services/weather.ts']);
  });

  it('follows re-exports to the file and name that define an export', () => {
    const model = modelOf('aliases');
    expect(model.graph.resolveExport('src/services/index.ts', 'describeWeather')).toEqual({ file: 'src/services/weather.ts', name: 'describeWeather' });
    expect(model.graph.resolveExport('src/services/index.ts', 'getJson')).toEqual({ file: 'src/lib/http/client.ts', name: 'fetchJson' });
    expect(model.graph.resolveImport('src/main.ts', 'describeWeather')).toEqual({ file: 'src/services/weather.ts', name: 'describeWeather' });
    expect(model.graph.resolveExport('src/lib/format.ts', 'formatTemperature')).toEqual({ file: 'src/lib/format.ts', name: 'formatTemperature' });
    expect(model.graph.resolveExport('src/services/index.ts', 'missing')).toBeUndefined();
  });

  it('resolves npm workspace packages by name, their exports subpaths, and dist entries to sources', () => {
    const model = modelOf('workspaces');
    expect(targets(model, 'apps/api/src/server.ts')).toEqual(['packages/core/src/index.ts', 'packages/core/src/prompts.ts']);
    expect(model.graph.resolveImport('apps/api/src/server.ts', 'askModel')).toEqual({ file: 'packages/core/src/ask.ts', name: 'askModel' });
  });

  it('resolves pnpm workspace packages', () => {
    const model = modelOf('pnpm');
    expect(targets(model, 'services/bot/index.ts')).toEqual(['libs/tools/src/index.ts']);
  });

  it('follows CommonJS requires, interop helpers and export stars between compiled files', () => {
    // Audited as published packages are: the dist/ folder, with package.json above it.
    const model = modelOf('cjs/dist');
    expect(targets(model, 'index.js')).toEqual(['client.js']);
    expect(targets(model, 'client.js')).toEqual(['retry.js', 'util/sleep.js']);
    expect(model.graph.resolveExport('barrel.js', 'complete')).toEqual({ file: 'client.js', name: 'complete' });
    expect(model.graph.resolveImport('index.js', 'import_client')).toEqual({ file: 'client.js', name: '*' });
    expect(model.roleOf('index.js')?.evidence).toEqual({ kind: 'package-entry', detail: '../package.json "main": dist/index.js' });
  });

  it('resolves SvelteKit $lib', () => {
    const model = modelOf('sveltekit');
    expect(targets(model, 'src/routes/chat/+page.server.ts')).toEqual(['src/lib/server/llm.ts']);
    expect(targets(model, 'src/routes/chat/+page.ts')).toEqual(['src/lib/format.ts']);
  });

  it('keeps import cycles as edges both ways and terminates on them', () => {
    const model = modelOf('cycles');
    expect(targets(model, 'src/a.ts')).toEqual(['src/b.ts']);
    expect(targets(model, 'src/b.ts')).toEqual(['src/a.ts']);
    expect(model.graph.importersOf('src/a.ts')).toEqual(['src/b.ts']);
    expect(model.graph.resolveImport('src/a.ts', 'b')).toEqual({ file: 'src/b.ts', name: 'b' });
  });

  it('leaves packages and unknown files outside the graph', () => {
    const model = modelOf('nextjs');
    expect(model.graph.external['lib/agent.ts']).toEqual(['openai']);
    expect(targets(model, 'lib/agent.ts')).toEqual(['lib/prompt.ts', 'tools/search.ts']);
  });
});
