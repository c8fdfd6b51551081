import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { memberNames, referencedNames } from '../src/model/referenced-names.js';
import { ts } from '../src/model/ast.js';
import { tempProject } from './helpers/temp-project.js';

const CLIENT = `export class ReportClient {
  constructor(private readonly base: string) {}

  async upload(report: string) {
    const res = await fetch(this.base + '/reports', { method: 'POST', body: report });
    return res.ok;
  }
}
`;

const timeoutFindings = async (files: Record<string, string>) => {
  const dir = tempProject(files);
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => `${f.file}:${f.line}`);
};

const parsed = (code: string) => ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
const names = (code: string) => [...referencedNames(parsed(code))].sort();

describe('referenced names', () => {
  it('counts uses, property reads, imports, exports and name-like strings, not declarations', () => {
    expect(names(`import { a as b, c } from './m';
function declared(param: string) { return b(param) + obj.read + this['viaString']; }
class Holder { method() {} field = 1 }
export { declared };`)).toEqual(['a', 'b', 'c', 'declared', 'obj', 'param', 'read', 'viaString']);
  });

  it('tells the names only a member can be meant by: property reads, destructured members, qualified types and strings', () => {
    const code = `import { upload } from './m';
const { send, fetch: load } = client;
upload(send, load, this.flush, api?.close, obj['viaString'], sendFeedback());
let t: Api.Options;
function sendFeedback() {}`;
    expect([...memberNames(parsed(code))].sort()).toEqual(['Options', 'close', 'fetch', 'flush', 'send', 'viaString']);
  });
});

describe('dead code across a project', () => {
  it('a method no file of the project calls is not judged; the same method called from another workspace package is', async () => {
    const base = { 'package.json': '{"private":true,"workspaces":["packages/*"]}', 'packages/client/package.json': '{"name":"client","private":true}', 'packages/client/src/client.ts': CLIENT };
    expect(await timeoutFindings(base)).toEqual([]);
    const called = { ...base, 'packages/app/package.json': '{"name":"app","private":true}', 'packages/app/src/main.ts': `import { ReportClient } from 'client';\nexport const send = (text: string) => new ReportClient('https://reports.example.com').upload(text);\n` };
    expect(await timeoutFindings(called)).toEqual(['packages/client/src/client.ts:5']);
  });

  it('a bare call of a same-named function in another file does not reach a method; a property read does', async () => {
    const app = { 'package.json': '{"name":"app","private":true}', 'src/client.ts': CLIENT };
    const sameName = { ...app, 'src/ui/button.ts': `function upload(text: string) { return text.length; }\nexport const onClick = () => upload('x');\n` };
    expect(await timeoutFindings(sameName)).toEqual([]);
    const asMember = { ...app, 'src/ui/button.ts': `export const onClick = (client: { upload(text: string): Promise<boolean> }) => client.upload('x');\n` };
    expect(await timeoutFindings(asMember)).toEqual(['src/client.ts:5']);
  });

  it('a published library keeps its classes alive: their users call them', async () => {
    const library = { 'package.json': '{"name":"report-client","main":"dist/index.js"}', 'src/index.ts': CLIENT };
    expect(await timeoutFindings(library)).toEqual(['src/index.ts:5']);
  });

  it('a component whose markup was not parsed may use any name', async () => {
    const withComponent = { 'package.json': '{"name":"app","private":true}', 'src/client.ts': CLIENT, 'src/Upload.svelte': '<script>\n  export let client;\n</script>\n<button on:click={() => client.upload("x")}>Send</button>\n' };
    expect(await timeoutFindings(withComponent)).toEqual(['src/client.ts:5']);
  });

  describe('exports nothing that runs reaches', () => {
    const guard = {
      'package.json': '{"name":"jobs","private":true,"scripts":{"start":"node src/server.ts"}}',
      'src/server.ts': `import { checkGuard } from './guard';\nexport async function tick(id: string) { if (checkGuard(id)) return; }\n`,
      'src/guard/index.ts': `export * from './policy';\nexport * from './cancel';\n`,
      'src/guard/policy.ts': `export function checkGuard(id: string) { return id.length === 0; }\n`,
      'src/guard/cancel.ts': `export async function cancelRuns(prefix: string) {\n  const res = await fetch('https://queue.example.com/runs?prefix=' + prefix, { method: 'DELETE' });\n  return res.ok;\n}\n`,
      'src/guard/__tests__/cancel.test.ts': `import { cancelRuns } from '../cancel';\ncancelRuns('x');\n`,
    };

    it('an exported function only its unit test imports is not judged; the same function imported by running code is', async () => {
      expect(await timeoutFindings(guard)).toEqual([]);
      const used = { ...guard, 'src/server.ts': `import { checkGuard, cancelRuns } from './guard';\nexport async function tick(id: string) { if (checkGuard(id)) await cancelRuns(id); }\n` };
      expect(await timeoutFindings(used)).toEqual(['src/guard/cancel.ts:2']);
    });

    it('a sibling in its own file that running code imports keeps it alive', async () => {
      const sibling = { ...guard, 'src/guard/cancel.ts': `${guard['src/guard/cancel.ts']}export const checkAndCancel = (id: string) => cancelRuns(id);\n`, 'src/server.ts': `import { checkAndCancel } from './guard';\nexport const tick = (id: string) => checkAndCancel(id);\n` };
      expect(await timeoutFindings(sibling)).toEqual(['src/guard/cancel.ts:2']);
    });

    it('a published library exports its API: an export no file of its own uses is still judged', async () => {
      const library = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js"}' };
      expect(await timeoutFindings(library)).toEqual(['src/guard/cancel.ts:2']);
      // Published from TypeScript sources: publishConfig swaps the entry for the built file.
      const fromSources = { ...guard, 'package.json': '{"name":"jobs-guard","main":"src/server.ts","publishConfig":{"main":"dist/server.js"}}' };
      expect(await timeoutFindings(fromSources)).toEqual(['src/guard/cancel.ts:2']);
    });

    it('a package whose start script runs its own code is an application, though it names a main file', async () => {
      const app = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","scripts":{"start":"node dist/server.js"}}' };
      expect(await timeoutFindings(app)).toEqual([]);
      const withDemo = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","scripts":{"start":"vite demo"}}' };
      expect(await timeoutFindings(withDemo)).toEqual(['src/guard/cancel.ts:2']);
    });

    it('so is one whose start script runs its own command or a file of its own, also per platform through run-script-os', async () => {
      const ownCommand = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","bin":{"jobs-guard":"./bin/run"},"scripts":{"start":"jobs-guard start"}}' };
      expect(await timeoutFindings(ownCommand)).toEqual([]);
      const perPlatform = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","bin":"./bin/run","scripts":{"start":"run-script-os","start:windows":"cd bin && run start","start:default":"cd bin && ./run start"}}' };
      expect(await timeoutFindings(perPlatform)).toEqual([]);
      const packageCommand = { ...guard, 'package.json': '{"name":"@acme/jobs-guard","main":"dist/server.js","bin":"./bin/run","scripts":{"start":"jobs-guard start"}}' };
      expect(await timeoutFindings(packageCommand)).toEqual([]);
      const dependencyBinary = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","scripts":{"start":"npm run build && ./node_modules/.bin/storybook dev"}}' };
      expect(await timeoutFindings(dependencyBinary)).toEqual(['src/guard/cancel.ts:2']);
      const otherCommand = { ...guard, 'package.json': '{"name":"jobs-guard","main":"dist/server.js","bin":{"jobs-guard":"./bin/run"},"scripts":{"start":"storybook dev"}}' };
      expect(await timeoutFindings(otherCommand)).toEqual(['src/guard/cancel.ts:2']);
    });

    it('a workspace package whose entry points are all TypeScript sources is no published library: Node could not load it from the registry', async () => {
      const internal = { ...guard, 'package.json': '{"name":"@chat/jobs-guard","exports":{".":{"types":"./src/server.ts","default":"./src/server.ts"}}}' };
      expect(await timeoutFindings(internal)).toEqual([]);
    });

    const legacy = {
      'package.json': '{"name":"chat","private":true,"scripts":{"start":"node server.js"}}',
      'server.js': `const tools = require('./clients/tools');\nmodule.exports = { start: () => tools.listModels() };\n`,
      'clients/tools.js': `function listModels() { return []; }\nmodule.exports = { listModels };\n`,
      'clients/LegacyClient.js': `class LegacyClient {\n  static async fetchManifest(base) {\n    const res = await fetch(base + '/api/manifest');\n    return (await res.json()).layers;\n  }\n}\nmodule.exports = { LegacyClient };\n`,
    };

    it('a class of a module nothing imports and no other file names is not judged; once required, it is', async () => {
      expect(await timeoutFindings(legacy)).toEqual([]);
      const required = { ...legacy, 'server.js': `const { LegacyClient } = require('./clients/LegacyClient');\nmodule.exports = { start: (base) => LegacyClient.fetchManifest(base) };\n` };
      expect(await timeoutFindings(required)).toEqual(['clients/LegacyClient.js:3']);
    });

    const oauth = {
      'package.json': '{"name":"bots","private":true,"scripts":{"start":"node src/server.ts"}}',
      'src/server.ts': `import { renewGrant } from './oauth';\nexport async function onExpired(token: string) { return renewGrant(token); }\n`,
      'src/oauth.ts': `export async function renewGrant(token: string) {\n  const res = await fetch('https://chat.example.com/oauth/renew', { method: 'POST', body: token });\n  return res.ok;\n}\nexport async function dropGrant(token: string) {\n  const res = await fetch('https://chat.example.com/oauth/drop', { method: 'POST', body: token });\n  return res.ok;\n}\n`,
    };

    it('an export of a module its importers take other names from is not judged; one they take is', async () => {
      expect(await timeoutFindings(oauth)).toEqual(['src/oauth.ts:2']);
    });

    it('an importer that takes the whole module may reach any export: all stay judged', async () => {
      const whole = { ...oauth, 'src/server.ts': `import * as grants from './oauth';\nexport async function onExpired(token: string, how: 'renewGrant' | 'dropGrant') { return grants[how](token); }\n` };
      expect(await timeoutFindings(whole)).toEqual(['src/oauth.ts:2', 'src/oauth.ts:6']);
    });

    it('a function a module nothing imports exports is judged: a host may load the file and call it by name', async () => {
      const handler = { ...legacy, 'functions/sync.js': `exports.handler = async (event) => {\n  const res = await fetch('https://api.example.com/sync', { method: 'POST', body: event.body });\n  return { statusCode: res.status };\n};\n` };
      expect(await timeoutFindings(handler)).toEqual(['functions/sync.js:2']);
    });

    it('a module nothing imports, in a folder whose other modules are all imported, was left behind: not judged, whatever it exports', async () => {
      const search = (name: string, host: string) => `function ${name}() {
  return async (query) => {
    const res = await fetch('https://${host}/search', { method: 'POST', body: query });
    return res.json();
  };
}
module.exports = ${name};
`;
      const tools = {
        ...legacy,
        'server.js': `const tools = require('./clients/tools');
const web = require('./tools/webSearch');
const news = require('./tools/newsSearch');
module.exports = { start: () => [tools.listModels(), web(), news()] };
`,
        'tools/webSearch.js': search('webSearch', 'web.example.com'),
        'tools/newsSearch.js': search('newsSearch', 'news.example.com'),
        'tools/oldSearch.js': search('oldSearch', 'old.example.com'),
      };
      expect(await timeoutFindings(tools)).toEqual(['tools/newsSearch.js:3', 'tools/webSearch.js:3']);
      // Look-alike: a folder a host loads by convention, none of whose files is imported, stays judged.
      const { 'server.js': _server, ...unimported } = tools;
      expect(await timeoutFindings({ ...unimported, 'server.js': legacy['server.js'] })).toEqual(['tools/newsSearch.js:3', 'tools/oldSearch.js:3', 'tools/webSearch.js:3']);
    });
  });
});
