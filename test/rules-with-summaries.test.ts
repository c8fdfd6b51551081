import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { tempProject } from './helpers/temp-project.js';

const findingsOf = async (ruleId: string, files: Record<string, string>) => {
  const dir = tempProject(files);
  const result = await audit({ paths: [dir], config: {}, configDir: dir });
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}`);
};

const LOOKUP = `export async function lookupStock(sku: string) {
  const res = await fetch(\`https://stock.example.com/items/\${sku}\`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}
`;

// A LangChain tool: on 0.x, whose AgentExecutor rethrows what a tool throws, its failure ends the run.
const LANGCHAIN_0 = JSON.stringify({ name: 'stock-bot', private: true, dependencies: { '@langchain/core': '0.3.0', langchain: '0.3.0' } });
const TOOL = `import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { lookupStock } from './stock.js';

export const stock = tool(async ({ sku }: { sku: string }) => lookupStock(sku), {
  name: 'units_in_stock',
  description: 'Units in stock',
  schema: z.object({ sku: z.string() }),
});
`;

const ROUTE = `import { lookupStock } from './stock.js';

export async function GET(req: Request) {
  return Response.json(await lookupStock(new URL(req.url).searchParams.get('sku') ?? ''));
}
`;

describe('no-backoff follows the call graph to decide whether an agent depends on a call', () => {
  it('a helper in another file that a tool calls is judged', async () => {
    expect(await findingsOf('connectors/no-backoff', { 'package.json': LANGCHAIN_0, 'src/stock.ts': LOOKUP, 'src/tools.ts': TOOL })).toEqual(['src/stock.ts:2']);
  });

  // LangChain 1.0's agents (createAgent, LangGraph's ToolNode) answer the model with what a tool throws.
  it('on LangChain 1.x the tool answers the model with its failure: not judged; a tool class alike', async () => {
    const current = JSON.stringify({ name: 'stock-bot', private: true, dependencies: { '@langchain/core': '^1.1.0', langchain: '^1.0.0' } });
    expect(await findingsOf('connectors/no-backoff', { 'package.json': current, 'src/stock.ts': LOOKUP, 'src/tools.ts': TOOL })).toEqual([]);
    const toolClass = `import { Tool } from '@langchain/core/tools';
import { lookupStock } from './stock.js';

export class StockTool extends Tool {
  name = 'units_in_stock';
  description = 'Units in stock';
  async _call(sku: string) {
    return JSON.stringify(await lookupStock(sku));
  }
}
`;
    expect(await findingsOf('connectors/no-backoff', { 'package.json': current, 'src/stock.ts': LOOKUP, 'src/tools.ts': toolClass })).toEqual([]);
    expect(await findingsOf('connectors/no-backoff', { 'package.json': LANGCHAIN_0, 'src/stock.ts': LOOKUP, 'src/tools.ts': toolClass })).toEqual(['src/stock.ts:2']);
  });

  it('the same helper behind a route with no agent is not', async () => {
    expect(await findingsOf('connectors/no-backoff', { 'src/stock.ts': LOOKUP, 'src/route.ts': ROUTE })).toEqual([]);
  });
  const SPEECH = `const axios = require('axios');

class SpeechService {
  async callProvider(audio) {
    const response = await axios.post('https://speech.example.com/v1/transcribe', audio, { timeout: 30000 });
    return response.status === 200 ? String(response.data) : '';
  }

  async transcribeUpload(req, res) {
    try {
      res.json({ text: await this.callProvider(req.body) });
    } catch (error) {
      res.status(502).json({ error: 'transcription failed' });
    }
  }

  async transcribeClip(clip) {
    return this.callProvider(clip);
  }
}

module.exports = { SpeechService };
`;
  const onlyHandler = SPEECH.replace(/\n  async transcribeClip[\s\S]*?\n  }\n/, '\n');
  const app = JSON.stringify({ name: 'speech-app', private: true, dependencies: { axios: '1.7.0' } });

  it('a method only its class calls through this, under a handler that answers the request itself, is where a person waits', async () => {
    expect(await findingsOf('connectors/no-backoff', { 'package.json': app, 'src/speech.js': onlyHandler })).toEqual([]);
  });

  // Callers the audit cannot see: another public method nothing here calls, a file naming the method on
  // an instance it cannot trace, a framework calling a method by name.
  const elsewhere = 'export const warmUp = (s: { callProvider(a: string): Promise<string> }) => s.callProvider(\'\');\n';
  const frameworkCalled = onlyHandler.replace('async transcribeUpload(req, res) {', 'async _call(req, res) {').replace(/res\.(status\(502\)\.)?json/g, 'console.log');
  const rethrows = frameworkCalled.replace("console.log({ error: 'transcription failed' });", "console.log({ error: 'transcription failed' });\n      throw error;");
  const unseenCallers: Record<string, string>[] = [{ 'src/speech.js': SPEECH }, { 'src/speech.js': onlyHandler, 'src/warm.ts': elsewhere }, { 'src/speech.js': rethrows }];

  it('in a published library, callers it cannot see may run the method for an agent: judged', async () => {
    expect(rethrows).not.toBe(frameworkCalled);
    const library = JSON.stringify({ name: 'speech-kit', main: 'src/speech.js', dependencies: { axios: '1.7.0' } });
    for (const files of unseenCallers) expect(await findingsOf('connectors/no-backoff', { 'package.json': library, ...files })).toEqual(['src/speech.js:5']);
  });

  it('a job a scheduler runs is seen to depend on its call, even inside a function nothing here calls', async () => {
    const sync = `import cron from 'node-cron';

export function startSync() {
  return cron.schedule('*/5 * * * *', async () => {
    const res = await fetch('https://helpdesk.example.com/api/tickets', { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(String(res.status));
  });
}

export async function ticketsNow() {
  const res = await fetch('https://helpdesk.example.com/api/tickets', { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}
`;
    expect(await findingsOf('connectors/no-backoff', { 'package.json': app, 'src/sync.ts': sync })).toEqual(['src/sync.ts:5']);
  });

  it('in an application every caller is in the project: with no chain seen to reach an agent, not judged', async () => {
    for (const files of unseenCallers) expect(await findingsOf('connectors/no-backoff', { 'package.json': app, ...files })).toEqual([]);
    // The same method seen to run for an agent: a tool that waits for it.
    const tool = `const { SpeechService } = require('./speech.js');\nconst { tool } = require('@langchain/core/tools');\nconst speech = new SpeechService();\nmodule.exports.transcribe = tool(async ({ clip }) => speech.transcribeClip(clip), { name: 'transcribe', description: 'Transcribe a clip' });\n`;
    const onLangChain0 = JSON.stringify({ name: 'speech-app', private: true, dependencies: { axios: '1.7.0', '@langchain/core': '0.3.0', langchain: '0.3.0' } });
    expect(await findingsOf('connectors/no-backoff', { 'package.json': onLangChain0, 'src/speech.js': SPEECH, 'src/tools.js': tool })).toEqual(['src/speech.js:5']);
  });

  it('a method called by name only from a caller that catches is not judged; a test calling it too changes nothing', async () => {
    const api = `export class MediaApi {
  async download(id: string): Promise<ArrayBuffer> {
    const res = await fetch(\`https://media.example.com/files/\${id}\`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.arrayBuffer();
  }
}
`;
    const client = `import { connect } from './connect.js';

export class MediaClient {
  private api = connect();

  async attachments(ids: string[]) {
    return Promise.all(ids.map(async (id) => {
      try {
        return await this.api.download(id);
      } catch (error) {
        console.warn('attachment dropped', error);
        return undefined;
      }
    }));
  }
}
`;
    const connect = `import { MediaApi } from './media-api.js';\nexport const connect = () => new MediaApi();\n`;
    const tool = `import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { MediaClient } from './client.js';

export const attach = tool(async ({ ids }: { ids: string[] }) => new MediaClient().attachments(ids), {
  name: 'attach_files',
  description: 'Attach files',
  schema: z.object({ ids: z.array(z.string()) }),
});
`;
    const test = `import { it } from 'vitest';\nimport { MediaApi } from '../src/media-api.js';\nit('downloads', async () => { await new MediaApi().download('1'); });\n`;
    const project = { 'package.json': JSON.stringify({ name: 'media-bot', private: true, dependencies: { '@langchain/core': '0.3.0' } }), 'src/media-api.ts': api, 'src/connect.ts': connect, 'src/tools.ts': tool, 'test/media.ts': test };
    expect(await findingsOf('connectors/no-backoff', { ...project, 'src/client.ts': client })).toEqual([]);
    const rethrows = client.replace("return undefined;", 'throw error;');
    expect(rethrows).not.toBe(client);
    expect(await findingsOf('connectors/no-backoff', { ...project, 'src/client.ts': rethrows })).toEqual(['src/media-api.ts:3']);
  });

  // A public method of a published library whose failure an in-package caller lets through to one that
  // catches it, two levels up: the package's own use handles its contract, as outside callers must.
  it('in a published library, a failure the package handles two callers up is not judged; one no caller handles is', async () => {
    const library = JSON.stringify({ name: 'drive-loader', version: '1.0.0', main: 'dist/index.js' });
    const loader = `export class DriveLoader {
  async load(ids: string[], token: string) {
    const docs: string[] = [];
    for (const id of ids) docs.push(...(await this.processFile(id, token)));
    return docs;
  }

  async processFile(id: string, token: string): Promise<string[]> {
    try {
      return [await this.processBinaryFile(id, token)];
    } catch (error) {
      console.warn(\`skipped \${id}: \${String(error)}\`);
      return [];
    }
  }

  async processBinaryFile(id: string, token: string): Promise<string> {
    const bytes = await this.downloadBinaryFile(id, token);
    return new TextDecoder().decode(bytes);
  }

  async downloadBinaryFile(id: string, token: string): Promise<ArrayBuffer> {
    const res = await fetch(\`https://drive.example.com/files/\${id}\`, { headers: { authorization: token }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.arrayBuffer();
  }

  async exportSheet(id: string, token: string): Promise<string> {
    const bytes = await this.downloadSheet(id, token);
    return new TextDecoder().decode(bytes);
  }

  async downloadSheet(id: string, token: string): Promise<ArrayBuffer> {
    const res = await fetch(\`https://drive.example.com/sheets/\${id}\`, { headers: { authorization: token }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(String(res.status));
    return res.arrayBuffer();
  }
}
`;
    expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/drive.ts': loader })).toEqual(['src/drive.ts:34']);
    // A retry loop with no pause hammers the upstream however far up its last failure is handled.
    const download = "    const res = await fetch(`https://drive.example.com/files/${id}`, { headers: { authorization: token }, signal: AbortSignal.timeout(10_000) });\n    if (!res.ok) throw new Error(String(res.status));\n    return res.arrayBuffer();";
    const retriedAtOnce = "    for (let attempt = 1; ; attempt++) {\n      try {\n        const res = await fetch(`https://drive.example.com/files/${id}`, { headers: { authorization: token }, signal: AbortSignal.timeout(10_000) });\n        if (!res.ok) throw new Error(String(res.status));\n        return await res.arrayBuffer();\n      } catch (error) {\n        if (attempt >= 3) throw error;\n      }\n    }";
    expect(loader).toContain(download);
    expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/drive.ts': loader.replace(download, retriedAtOnce) })).toEqual(['src/drive.ts:25', 'src/drive.ts:40']);
  });

  describe('a request helper of a base class the file keeps to itself, in a published library', () => {
    const tools = (listCall: string) => `import { StructuredTool } from '@langchain/core/tools';
import { z } from 'zod';

class BaseMailTool extends StructuredTool {
  constructor(private readonly token: string) { super(); }

  async mailRequest(path: string, method = 'GET'): Promise<string> {
    const res = await fetch(\`https://mail.example.com/api\${path}\`, { method, headers: { authorization: this.token }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(\`mail answered \${res.status}\`);
    return res.text();
  }
}

class ListMessagesTool extends BaseMailTool {
  name = 'list_messages';
  description = 'Lists the inbox';
  schema = z.object({});
  async _call(): Promise<string> {
${listCall}
  }
}

class SendMessageTool extends BaseMailTool {
  name = 'send_message';
  description = 'Sends a message';
  schema = z.object({ to: z.string() });
  async _call({ to }: { to: string }): Promise<string> {
    try {
      return await this.mailRequest(\`/send?to=\${to}\`, 'POST');
    } catch (error) {
      return \`Error sending the message: \${error}\`;
    }
  }
}

export const createMailTools = (token: string): StructuredTool[] => [new ListMessagesTool(token), new SendMessageTool(token)];
`;
    const library = JSON.stringify({ name: 'mail-tools', version: '1.0.0', main: 'dist/index.js', dependencies: { '@langchain/core': '1.0.0', zod: '4.0.0' } });
    const answering = "    try {\n      return await this.mailRequest('/messages');\n    } catch (error) {\n      return `Error listing messages: ${error}`;\n    }";

    it('is followed into the subclasses that call it: every tool answering the model with the error, it is not judged', async () => {
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': tools(answering) })).toEqual([]);
    });

    it('a function of the same name in another file is no caller of the method: still not judged', async () => {
      const sameName = `export async function mailRequest(path: string) {\n  return path.toUpperCase();\n}\nexport const shout = () => mailRequest('/x');\n`;
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': tools(answering), 'src/local.ts': sameName })).toEqual([]);
    });

    it('a tool that lets the failure through fails the run: judged', async () => {
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': tools("    return this.mailRequest('/messages');") })).toEqual(['src/mail.ts:8']);
    });

    const registry = (handOut: string) => tools(answering).replace(
      /export const createMailTools = .*\n/,
      `export function createMailTools(token: string, actions: string[]): StructuredTool[] {
  const toolClasses = { list: ListMessagesTool, send: SendMessageTool };
  const made: StructuredTool[] = [];
  for (const action of actions) {
    const ToolClass = toolClasses[action as keyof typeof toolClasses];
    if (ToolClass) made.push(new ToolClass(token));
  }
  ${handOut}
}
`,
    );

    it('classes kept in a registry the file builds its instances from are still its own: not judged', async () => {
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': registry('return made;') })).toEqual([]);
    });

    // Users may call the helper too, but every call the package makes catches its failure: they hold the
    // same contract. One tool letting the failure through is judged however the classes are shared.
    it('a registry the file hands out gives its users the classes: judged when a tool of the package lets the failure through', async () => {
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': registry('return Object.assign(made, { toolClasses });') })).toEqual([]);
      const throughRegistry = registry('return Object.assign(made, { toolClasses });').replace(answering, "    return this.mailRequest('/messages');");
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': throughRegistry })).toEqual(['src/mail.ts:8']);
    });

    it('a base class the file exports may be extended by its users: judged when a tool of the package lets the failure through', async () => {
      const exported = (listCall: string) => tools(listCall).replace('class BaseMailTool', 'export class BaseMailTool');
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': exported(answering) })).toEqual([]);
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/mail.ts': exported("    return this.mailRequest('/messages');") })).toEqual(['src/mail.ts:8']);
    });
  });

  // A LangChain 1.x tool class in a published library, built as ESM and CommonJS side by side: `_call`
  // answers the model with what it throws, and its request helper is the class's own.
  describe('a tool class helper named as internal, in a published library built twice', () => {
    const library = JSON.stringify({ name: 'search-tools', version: '1.0.0', main: 'src/index.cjs', module: 'src/index.js', dependencies: { '@langchain/core': '1.1.0' } });
    const esm = (helper: string) => `import { Tool } from '@langchain/core/tools';
var WikiSearch = class extends Tool {
  name = 'wiki-search';
  description = 'Searches the wiki';
  async _call(query) {
    const found = await this.${helper}(query);
    return found.map((page) => page.title).join('\\n');
  }
  async ${helper}(query) {
    const res = await fetch(\`https://wiki.example.com/api?q=\${encodeURIComponent(query)}\`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(\`wiki answered \${res.status}\`);
    return (await res.json()).pages;
  }
};
export { WikiSearch };
`;
    const cjs = (helper: string) => esm(helper).replace("import { Tool } from '@langchain/core/tools';", "const { Tool } = require('@langchain/core/tools');").replace('export { WikiSearch };', 'exports.WikiSearch = WikiSearch;');
    const built = (helper: string) => ({ 'package.json': library, 'src/tools/wiki.js': esm(helper), 'src/tools/wiki.cjs': cjs(helper) });

    it('only the tool calls it, and the tool answers the model with the failure: not judged in either copy', async () => {
      expect(await findingsOf('connectors/no-backoff', built('_fetchPages'))).toEqual([]);
    });

    it('a public method of the same body is the tool\'s own API: code out of view that calls it holds the tool\'s contract, not judged', async () => {
      expect(await findingsOf('connectors/no-backoff', built('fetchPages'))).toEqual([]);
    });

    it('an ESM wrapper of the same name is no copy of the CommonJS build: what it calls is judged', async () => {
      const wrapper = "import cjs from './wiki.cjs';\n\nexport const WikiSearch = cjs.WikiSearch;\n\nexport async function rawPages(query) {\n  return new cjs.WikiSearch()._fetchPages(query);\n}\n";
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/tools/wiki.cjs': cjs('_fetchPages'), 'src/tools/wiki.mjs': wrapper })).toEqual(['src/tools/wiki.cjs:10']);
    });

    it('a public method reaching the helper through a #private one gives it a caller out of view: judged', async () => {
      const client = `export class WikiClient {
  async _fetchPages(query) {
    const res = await fetch(\`https://wiki.example.com/api?q=\${encodeURIComponent(query)}\`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(\`wiki answered \${res.status}\`);
    return (await res.json()).pages;
  }

  async #titles(query) {
    return (await this._fetchPages(query)).map((page) => page.title);
  }

  async suggest(query) {
    return (await this.#titles(query)).slice(0, 5);
  }
}
`;
      expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/client.js': client })).toEqual(['src/client.js:3']);
    });

    it('another module that names the helper may call it: judged', async () => {
      const caller = "import { WikiSearch } from './tools/wiki.js';\nexport const pages = (q) => new WikiSearch()._fetchPages(q);\n";
      expect(await findingsOf('connectors/no-backoff', { ...built('_fetchPages'), 'src/index.js': caller })).toEqual(['src/tools/wiki.cjs:10', 'src/tools/wiki.js:10']);
    });
  });

  it('a caller that catches the failure ends the chain: a tool answering the model with an error does not fail the run', async () => {
    const frameworkCalled = onlyHandler.replace('async transcribeUpload(req, res) {', 'async _call(req, res) {').replace(/res\.(status\(502\)\.)?json/g, 'console.log');
    expect(await findingsOf('connectors/no-backoff', { 'package.json': app, 'src/speech.js': frameworkCalled })).toEqual([]);
  });

  it('in a published library, a method every call of the package catches throws to its caller by contract: not judged', async () => {
    const library = JSON.stringify({ name: 'speech-kit', version: '1.0.0', main: 'src/speech.js', dependencies: { axios: '1.7.0' } });
    expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/speech.js': onlyHandler })).toEqual([]);
    // One call of the package letting the failure through shows a run that fails with it.
    expect(await findingsOf('connectors/no-backoff', { 'package.json': library, 'src/speech.js': SPEECH })).toEqual(['src/speech.js:5']);
  });
});

const CLIENT = `export async function latestOrders() {
  const res = await fetch('https://shop.example.com/orders?since=last');
  return res.json();
}

export function tally(values: number[]) {
  return values.reduce((a, b) => a + b, 0);
}
`;

describe('interval-polling sees network calls behind project functions', () => {
  it('a tick that calls an imported wrapper which fetches is polling; one that calls pure code is not', async () => {
    const files = {
      'src/client.ts': CLIENT,
      'src/poller.ts': `import { latestOrders, tally } from './client.js';

setInterval(() => void latestOrders(), 20_000);
setInterval(() => tally([1, 2, 3]), 1_000);
`,
    };
    expect(await findingsOf('events/interval-polling', files)).toEqual(['src/poller.ts:3']);
  });

  it('a tick that reaches a service SDK client in another file is polling; one behind a database sweep, an SDK helper that asks nobody (a presigner, a message builder) or a local-only helper is not', async () => {
    const files = {
      'src/mentions.ts': `import { WebClient } from '@slack/web-api';
import pg from 'pg';

const slack = new WebClient(process.env.SLACK_TOKEN);
const pool = new pg.Pool();

export async function newMentions(since: string) {
  const res = await slack.conversations.history({ channel: 'C0123', oldest: since });
  return res.messages ?? [];
}

export async function sweepExpired() {
  const { rowCount } = await pool.query('delete from sessions where expires_at < now()');
  return rowCount;
}

export function newest(ids: string[]) {
  return [...ids].sort().at(-1);
}
`,
      'src/local-sdk-helpers.ts': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { EmbedBuilder } from 'discord.js';

const s3 = new S3Client({});

export async function refreshLinks(keys: string[]) {
  return Promise.all(keys.map((Key) => getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key }), { expiresIn: 3600 })));
}

export function rebuildCard(count: number) {
  const card = new EmbedBuilder().setTitle('Open tickets').setDescription(String(count));
  return card;
}
`,
      'src/bot.ts': `import { newMentions, newest, sweepExpired } from './mentions.js';
import { rebuildCard, refreshLinks } from './local-sdk-helpers.js';

setInterval(() => void newMentions('0'), 15_000);
setInterval(() => void sweepExpired(), 5 * 60_000);
setInterval(() => newest(['1', '2']), 1_000);
setInterval(() => void refreshLinks(['a.png']), 60_000);
setInterval(() => rebuildCard(3), 10_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function watch() {
  for (;;) {
    await newMentions('0');
    await pause(20_000);
  }
}
`,
    };
    const dir = tempProject(files);
    const result = await audit({ paths: [dir], config: {}, configDir: dir });
    const found = result.findings.filter((f) => f.ruleId === 'events/interval-polling');
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['src/bot.ts:4', 'src/bot.ts:12']);
    // The loop is named by the function that asks the remote, not by the pause it waits with.
    expect(found[1]?.message).toContain('(newMentions)');
  });

  it('a worker loop that sleeps between rounds of imported work is polling', async () => {
    const files = {
      'src/client.ts': CLIENT,
      'src/worker.ts': `import { setTimeout as sleep } from 'node:timers/promises';
import { latestOrders } from './client.js';

let stopped = false;
export const stop = () => { stopped = true; };

export async function run(pauseMs: number) {
  while (!stopped) {
    await latestOrders();
    await sleep(pauseMs);
  }
}
`,
    };
    const dir = tempProject(files);
    const result = await audit({ paths: [dir], config: {}, configDir: dir });
    const found = result.findings.filter((f) => f.ruleId === 'events/interval-polling');
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['src/worker.ts:8']);
    // The interval comes from the caller: reported with the rate unknown.
    expect(found[0]?.message).toContain('unknown interval');
  });

  it('a tick that only sends is not polling, unless a function it calls from another file asks the remote', async () => {
    const inbox = `export async function syncInbox(): Promise<unknown> {
  const res = await fetch('https://mail.example.com/api/inbox', { signal: AbortSignal.timeout(5_000) });
  return res.json();
}
export function format(value: unknown): string {
  return JSON.stringify(value);
}
`;
    const files = {
      'src/inbox.ts': inbox,
      'src/sync.ts': `import { format, syncInbox } from './inbox.js';

setInterval(async () => {
  await fetch('https://store.example.com/snapshot', { method: 'PUT', body: format({ at: Date.now() }) });
  await syncInbox();
}, 30_000);

setInterval(async () => {
  await fetch('https://store.example.com/snapshot', { method: 'PUT', body: format({ at: Date.now() }) });
}, 30_000);
`,
    };
    expect(await findingsOf('events/interval-polling', files)).toEqual(['src/sync.ts:3']);
  });

  it('a loop whose branches wait for different times is reported with its shortest gap and no calls/min', async () => {
    const files = {
      'src/bot.ts': `import delay from 'delay';

export async function watch(once: boolean) {
  do {
    try {
      const res = await fetch('https://social.example.com/api/mentions');
      const items = (await res.json()) as unknown[];
      if (once) break;
      if (items.length === 0) await delay(15_000);
      else await delay(5_000);
    } catch {
      await delay(60_000);
    }
  } while (true);
}
`,
    };
    const dir = tempProject(files);
    const result = await audit({ paths: [dir], config: {}, configDir: dir });
    expect(result.polling.sites).toEqual([{ file: 'src/bot.ts', line: 4, mechanism: 'sleep loop', intervalMs: null, callsPerTick: 1, callsPerMinute: null }]);
    expect(result.findings.find((f) => f.ruleId === 'events/interval-polling')?.message).toContain('at irregular times at least 5 s apart');
  });

  it('counts the calls made for each item a tick finds apart from those every tick makes', async () => {
    const files = {
      'src/worker.ts': `import pg from 'pg';

const pool = new pg.Pool();

setInterval(async () => {
  const { rows } = await pool.query("SELECT id, url FROM pending_hooks LIMIT 10");
  for (const row of rows) {
    await fetch(row.url, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    await pool.query('DELETE FROM pending_hooks WHERE id = $1', [row.id]);
  }
}, 5_000);

const FEEDS = ['https://a.example.com/rss', 'https://b.example.com/rss'];
export async function readFeeds(urls: string[]) {
  setInterval(async () => {
    for (const url of urls) await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
    for (const url of FEEDS) await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
  }, 60_000);
}
`,
    };
    const dir = tempProject(files);
    const result = await audit({ paths: [dir], config: {}, configDir: dir });
    const messages = result.findings.filter((f) => f.ruleId === 'events/interval-polling').map((f) => f.message);
    // An idle queue costs one query a tick: the two calls per pending row are named apart, not multiplied in.
    expect(messages[0]).toContain('1 network call(s) per tick, plus 2 per item of a loop ≈ at least 12 calls/min');
    // A loop over a known list counts its length; one over an argument counts per item.
    expect(messages[1]).toContain('2 network call(s) per tick, plus 1 per item of a loop ≈ at least 2 calls/min');
    expect(result.polling.sites.map((s) => [s.line, s.callsPerTick, s.callsPerMinute])).toEqual([[5, 1, 12], [15, 2, 2]]);
  });
});

const TELEMETRY = `async function postJson(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(String(res.status));
}

export async function sendScore(traceId: string, score: number): Promise<void> {
  await postJson('https://traces.example.com/scores', { traceId, score });
}

export async function deleteScore(traceId: string): Promise<void> {
  const res = await fetch(\`https://traces.example.com/scores/\${traceId}\`, { method: 'DELETE' });
  if (!res.ok) throw new Error(String(res.status));
}
`;

describe('no-timeout: an exported function that the project only starts detached holds nobody', () => {
  it('started detached from another file, it and the private helper it awaits are not judged', async () => {
    const routes = `import { deleteScore, sendScore } from './telemetry.js';

export function onFeedback(traceId: string, score: number | undefined): void {
  if (score === undefined) deleteScore(traceId).catch((err) => console.error(err));
  else sendScore(traceId, score).catch((err) => console.error(err));
}
`;
    expect(await findingsOf('connectors/no-timeout', { 'src/telemetry.ts': TELEMETRY, 'src/routes.ts': routes })).toEqual([]);
  });

  it('a caller that waits for it makes it judged, and so is the helper it awaits', async () => {
    const routes = `import { deleteScore, sendScore } from './telemetry.js';

export async function onFeedback(traceId: string, score: number | undefined): Promise<void> {
  if (score === undefined) deleteScore(traceId).catch((err) => console.error(err));
  else await sendScore(traceId, score);
}
`;
    expect(await findingsOf('connectors/no-timeout', { 'src/telemetry.ts': TELEMETRY, 'src/routes.ts': routes })).toEqual(['src/telemetry.ts:2']);
  });

  describe('a service method called by name on a receiver no file can trace', () => {
    const service = `export class InboxSync {
  constructor(private readonly token: string) {}

  async markUnread(sessionId: string): Promise<void> {
    await fetch(\`https://inbox.example.com/sessions/\${sessionId}/unread\`, { method: 'POST', headers: { authorization: this.token } });
  }
}
`;
    const server = (started: string) => `import type { InboxSync } from './inbox-sync.js';

export function onMessage(services: { inbox: InboxSync }, sessionId: string): void {
  ${started}
}

async function drainQueue(services: { inbox: InboxSync }, sessionId: string): Promise<void> {
  await services.inbox.markUnread(sessionId);
}
`;
    const app = { 'package.json': '{"name":"agent-server","private":true}', 'src/inbox-sync.ts': service };

    it('only from a function started detached: nobody waits, not judged', async () => {
      expect(await findingsOf('connectors/no-timeout', { ...app, 'src/server.ts': server('drainQueue(services, sessionId).catch((err) => console.error(err));') })).toEqual([]);
    });

    it('from one a caller waits for: judged', async () => {
      const awaited = server('void (async () => { await drainQueue(services, sessionId); })();').replace('export function onMessage', 'export async function onMessageAwaited(services: { inbox: InboxSync }, sessionId: string): Promise<void> {\n  await drainQueue(services, sessionId);\n}\n\nexport function onMessage');
      expect(await findingsOf('connectors/no-timeout', { ...app, 'src/server.ts': awaited })).toEqual(['src/inbox-sync.ts:5']);
    });
  });
});

describe('no-timeout and unchecked-response: a client of the project\'s own backend is no connector', () => {
  const ROUTE_FILE = `export async function POST(req: Request): Promise<Response> {
  return Response.json({ received: (await req.json()) as unknown });
}
`;
  const CLIENT = `export async function registerDevice(serverUrl: string, token: string, procedure: string): Promise<unknown> {
  await fetch(\`\${serverUrl}/trpc/lambda/device.register\`, { method: 'POST', headers: { Authorization: token } });
  const res = await fetch(\`\${serverUrl.replace(/\\/$/, '')}/trpc/lambda/\${procedure}\`, { method: 'POST' });
  const hook = new URL(\`/api/hooks/desktop/\${procedure}\`, serverUrl);
  await fetch(hook, { method: 'POST' });
  return res.json();
}

export async function claims(marketBase: string): Promise<unknown> {
  const res = await fetch(\`\${marketBase}/api/v1/user/claims\`);
  return res.json();
}

export async function hosted(): Promise<unknown> {
  const res = await fetch(\`https://hosted.example.com/trpc/lambda/device.register\`);
  return res.json();
}

const PARTNER = process.env.PARTNER_URL ?? 'https://partner.example.com';

export async function generate(providerBase: string): Promise<unknown> {
  const res = await fetch(\`\${providerBase}/api/v1/services/generation\`, { method: 'POST' });
  return res.json();
}

export async function partner(): Promise<unknown> {
  const res = await fetch(\`\${PARTNER}/trpc/lambda/device.register\`);
  return res.json();
}
`;
  const files = {
    'package.json': JSON.stringify({ name: 'app', private: true, workspaces: ['apps/*'] }),
    'apps/web/package.json': JSON.stringify({ name: 'web', private: true, dependencies: { next: '15.0.0' } }),
    'apps/web/src/app/(backend)/trpc/lambda/[trpc]/route.ts': ROUTE_FILE,
    'apps/web/src/app/(backend)/api/hooks/[platform]/[[...id]]/route.ts': ROUTE_FILE,
    // A catch-all serves only what a caller computes, not every path under it that a client writes out.
    'apps/web/src/app/(backend)/api/v1/[[...route]]/route.ts': ROUTE_FILE,
    'apps/desktop/package.json': JSON.stringify({ name: 'desktop', private: true, main: 'src/main.ts' }),
    'apps/desktop/src/main.ts': CLIENT,
  };

  it('a path one of the workspace\'s routes serves, on a computed base, is not judged; other paths and written hosts are', async () => {
    const expected = ['apps/desktop/src/main.ts:10', 'apps/desktop/src/main.ts:15', 'apps/desktop/src/main.ts:22', 'apps/desktop/src/main.ts:27'];
    expect(await findingsOf('connectors/no-timeout', files)).toEqual(expected);
    expect(await findingsOf('connectors/unchecked-response', files)).toEqual(expected);
  });

  it('no-backoff does not ask a retry of a call to the project\'s own routes either, on an agent\'s path', async () => {
    const agent = `import OpenAI from 'openai';
import { registerDevice, claims, hosted, generate, partner } from './main';

const openai = new OpenAI();

async function listDevices(serverUrl: string): Promise<unknown> {
  const res = await fetch(\`\${serverUrl}/trpc/lambda/device.list\`, { signal: AbortSignal.timeout(5000) });
  return res.ok ? res.json() : [];
}

export async function runTurn(serverUrl: string, token: string): Promise<unknown> {
  await Promise.all([listDevices(serverUrl), registerDevice(serverUrl, token, 'device.sync'), claims(serverUrl), hosted(), generate(serverUrl), partner()]);
  return openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
}
`;
    const withAgent = { ...files, 'apps/desktop/package.json': JSON.stringify({ name: 'desktop', private: true, main: 'src/agent.ts', dependencies: { openai: '4.0.0' } }), 'apps/desktop/src/agent.ts': agent };
    // main.ts:22 starts a generation job, which no-backoff leaves to its own poll loop.
    expect(await findingsOf('connectors/no-backoff', withAgent)).toEqual(['apps/desktop/src/main.ts:10', 'apps/desktop/src/main.ts:15', 'apps/desktop/src/main.ts:27']);
  });
});

describe('no-timeout: routes a router declares on its base path, and URLs passed down through private methods', () => {
  const CATCH_ALL = `import hooks from '../../../../hooks-app';

export const POST = (request: Request) => hooks.fetch(request);
`;
  const HOOKS_APP = `import { Hono } from 'hono';

const hooks = new Hono().basePath('/api/relay');
hooks.post('/inbound/:channel/:installId?', async (c) => c.json({ queued: true }));
export default hooks;
`;
  const UNMOUNTED = `import { Hono } from 'hono';

const compat = new Hono();
compat.post('/v1/chat/completions', async (c) => c.json({ choices: [] }));
export default compat;
`;
  const RELAY = `export class ChannelRelay {
  constructor(private readonly settings: { publicUrl: string; installId: string }) {}

  async start(): Promise<void> {
    const inbound = \`\${this.settings.publicUrl.trim()}/api/relay/inbound/sms/\${this.settings.installId}\`;
    for (const batch of await this.drain()) await this.deliverAll(batch, inbound);
    await this.notify(inbound);
  }

  private async drain(): Promise<string[][]> {
    return [];
  }

  private async deliverAll(batch: string[], target: string): Promise<void> {
    for (const text of batch) await this.deliver(target, text);
  }

  private async deliver(target: string, text: string): Promise<void> {
    await fetch(target, { method: 'POST', body: text });
  }

  async complete(providerBase: string): Promise<void> {
    await this.send(\`\${providerBase}/v1/chat/completions\`);
    await this.send(\`\${providerBase}/api/relay/inbound/sms/x\`);
  }

  private async send(url: string): Promise<void> {
    await fetch(url, { method: 'POST' });
  }

  async notify(url: string): Promise<void> {
    await fetch(url, { method: 'POST' });
  }
}

export async function forwardEvent(serverUrl: string, channel: string, event: unknown): Promise<void> {
  const target = new URL(\`/api/relay/inbound/\${channel}\`, serverUrl.endsWith('/') ? serverUrl : \`\${serverUrl}/\`);
  await fetch(target, { method: 'POST', body: JSON.stringify(event) });
}

export async function chat(providerBase: string): Promise<void> {
  await fetch(\`\${providerBase}/v1/chat/completions\`, { method: 'POST' });
}
`;
  const files = {
    'package.json': JSON.stringify({ name: 'app', private: true, workspaces: ['apps/*'] }),
    'apps/web/package.json': JSON.stringify({ name: 'web', private: true, dependencies: { next: '15.0.0', hono: '4.0.0' } }),
    'apps/web/src/app/api/relay/[[...route]]/route.ts': CATCH_ALL,
    'apps/web/src/hooks-app.ts': HOOKS_APP,
    'apps/web/src/compat-app.ts': UNMOUNTED,
    'apps/worker/package.json': JSON.stringify({ name: 'worker', private: true, main: 'src/relay.ts' }),
    'apps/worker/src/relay.ts': RELAY,
  };

  it('a path the router serves under its base path, reached directly or through private methods, is not judged', async () => {
    // send() is called with a provider path as well, the public notify() by anyone, and a router with no base path may be mounted anywhere.
    expect(await findingsOf('connectors/no-timeout', files)).toEqual(['apps/worker/src/relay.ts:28', 'apps/worker/src/relay.ts:32', 'apps/worker/src/relay.ts:42']);
  });
});
