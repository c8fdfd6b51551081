import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import type { AuditResult } from '../src/types.js';
import { tempProject } from './helpers/temp-project.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import type { Role } from '../src/model/roles/types.js';
import { loadCatalog } from '../src/catalog/load.js';
import { rolesFromOwnEvidence } from '../src/model/roles/own-evidence-roles.js';

// A call with no timeout: connectors/no-timeout fires on it wherever it is judged.
const untimedCall = (url: string) => `export async function load(): Promise<unknown> {
  const response = await fetch('${url}');
  if (!response.ok) throw new Error('status ' + response.status);
  return response.json();
}
`;

const project = () =>
  tempProject({
    'package.json': JSON.stringify({ name: 'app', main: 'dist/server.js', scripts: { backfill: 'tsx tools/backfill.ts' }, dependencies: { react: '19.0.0' } }),
    'src/server.ts': untimedCall('https://api.example.com/a'),
    'tools/backfill.ts': untimedCall('https://api.example.com/b'),
    'examples/quickstart.ts': untimedCall('https://api.example.com/c'),
    'src/widget.tsx': `'use client';\n${untimedCall('https://api.example.com/d')}`,
  });

const timeoutFindings = (result: AuditResult) => result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => [f.file, f.role]);

describe('rules judge files by code role', () => {
  it('reports production code only by default, and says how many files of each role were audited', async () => {
    const root = project();
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(timeoutFindings(result)).toEqual([['src/server.ts', 'server']]);
    expect(result.coverage.roles).toEqual({ server: 1, browser: 1, script: 1, example: 1, test: 0, generated: 0, vendored: 0, legacy: 0 });
    expect(result.rules.find((r) => r.id === 'connectors/no-timeout')?.checked).toBe(1);
  });

  it('judges scripts and examples when included by flag or config; browser code stays out unless named', async () => {
    const root = project();
    const flagged = await audit({ paths: [root], config: {}, configDir: root, includeRoles: ['script', 'example'] });
    expect(timeoutFindings(flagged)).toEqual([['examples/quickstart.ts', 'example'], ['src/server.ts', 'server'], ['tools/backfill.ts', 'script']]);
    expect(flagged.coverage.includedRoles).toEqual(['script', 'example']);
    const configured = await audit({ paths: [root], config: { roles: { judge: ['browser'] } }, configDir: root });
    expect(timeoutFindings(configured)).toEqual([['src/server.ts', 'server'], ['src/widget.tsx', 'browser']]);
  });

  it('config globs override roles', async () => {
    const root = project();
    const result = await audit({ paths: [root], config: { roles: { server: ['tools/**'] } }, configDir: root, explainRoles: true });
    expect(timeoutFindings(result)).toEqual([['src/server.ts', 'server'], ['tools/backfill.ts', 'server']]);
    expect(result.fileRoles?.find((r) => r.file === 'tools/backfill.ts')?.evidence).toEqual({ kind: 'config', detail: 'config roles.server' });
  });

  it('vendored copies and legacy code are not judged unless included', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', main: 'dist/server.js' }),
      'src/server.ts': untimedCall('https://api.example.com/a'),
      'src/vendor/geo/lookup.ts': untimedCall('https://api.example.com/b'),
      'legacy/packages/old-client/src/client.ts': untimedCall('https://api.example.com/c'),
    });
    expect(timeoutFindings(await audit({ paths: [root], config: {}, configDir: root }))).toEqual([['src/server.ts', 'server']]);
    const included = await audit({ paths: [root], config: {}, configDir: root, includeRoles: ['vendored', 'legacy'] });
    expect(timeoutFindings(included)).toEqual([['legacy/packages/old-client/src/client.ts', 'legacy'], ['src/server.ts', 'server'], ['src/vendor/geo/lookup.ts', 'vendored']]);
  });

  it('project-level rules judge a template, demo or sample package as an example', async () => {
    const llmCall = `import OpenAI from 'openai';\nconst openai = new OpenAI();\nconst instructions = 'You are the support bot of a ferry company. Answer questions about timetables and tickets only.';\nexport const answer = (q: string) => openai.responses.create({ model: 'gpt-4.1-mini', instructions, input: q });\n`;
    const projectFindings = (result: AuditResult) => result.findings.filter((f) => f.ruleId.startsWith('observability/no-')).map((f) => [f.ruleId, f.role]);
    const template = tempProject({ 'package.json': JSON.stringify({ name: 'support-bot', dependencies: { openai: '5.0.0' } }), 'README.md': '# Support Bot Starter\n\nClone it and build your own.\n', 'src/index.ts': llmCall });
    expect(projectFindings(await audit({ paths: [template], config: {}, configDir: template }))).toEqual([]);
    expect(projectFindings(await audit({ paths: [template], config: {}, configDir: template, includeRoles: ['example'] }))).toEqual([['observability/no-evals', 'example'], ['observability/no-tracing', 'example']]);
    const product = tempProject({ 'package.json': JSON.stringify({ name: 'support-bot', dependencies: { openai: '5.0.0' } }), 'README.md': '# Support Bot\n\n[![Deploy](https://deploy.example.com/button.svg)](https://deploy.example.com)\n\nAnswers tickets for the support team.\n', 'src/index.ts': llmCall });
    expect(projectFindings(await audit({ paths: [product], config: {}, configDir: product }))).toEqual([['observability/no-evals', undefined], ['observability/no-tracing', undefined]]);
  });

  it('in a demo or template package, memory findings, an open agent route and an unpinned MCP server are the adopter\'s; a call without timeout is too unless the package ships a deployment', async () => {
    const route = `import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  return streamText({ model: openai('gpt-4o'), messages }).toTextStreamResponse();\n}\n`;
    const ingest = `import { Pinecone } from '@pinecone-database/pinecone';\n\nconst index = new Pinecone().index('notes');\n\nexport async function remember(id: string, values: number[], text: string) {\n  await index.upsert([{ id, values, metadata: { text } }]);\n}\n`;
    const weather = `import { tool } from 'ai';\nimport { z } from 'zod';\n\nexport const weather = tool({\n  description: 'The weather in a city',\n  inputSchema: z.object({ city: z.string() }),\n  execute: async ({ city }) => {\n    const res = await fetch(\`https://api.example.com/v1/weather?city=\${encodeURIComponent(city)}\`);\n    if (!res.ok) return { error: res.status };\n    return res.json();\n  },\n});\n`;
    const tools = `import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';\n\nexport const files = new StdioClientTransport({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', './notes'] });\n`;
    const files = (readme: string, extra: Record<string, string> = {}) => ({
      'package.json': JSON.stringify({ name: 'notes-agent', dependencies: { next: '15.0.0', ai: '5.0.0', '@modelcontextprotocol/sdk': '1.0.0' } }),
      'lib/tools.ts': tools,
      'README.md': readme,
      'app/api/chat/route.ts': route,
      'lib/memory.ts': ingest,
      'lib/weather.ts': weather,
      ...extra,
    });
    const judged = (result: AuditResult) => result.findings.filter((f) => ['security/unauthenticated-agent-endpoint', 'memory/vector-store-no-expiry', 'connectors/no-timeout', 'security/unpinned-agent-dependency'].includes(f.ruleId)).map((f) => [f.ruleId, f.role]);
    const local = tempProject(files('# Notes Agent Demo\n\nRun `npm run dev` and open http://localhost:3000.\n'));
    expect(judged(await audit({ paths: [local], config: {}, configDir: local }))).toEqual([]);
    expect(judged(await audit({ paths: [local], config: {}, configDir: local, includeRoles: ['example'] }))).toEqual([['security/unauthenticated-agent-endpoint', 'example'], ['memory/vector-store-no-expiry', 'example'], ['security/unpinned-agent-dependency', 'example'], ['connectors/no-timeout', 'example']]);
    const deployable = tempProject(files('# Notes Agent Template\n\n[![Deploy](https://vercel.com/button)](https://vercel.com/new/clone?repository-url=https://github.com/acme/notes-agent)\n'));
    expect(judged(await audit({ paths: [deployable], config: {}, configDir: deployable }))).toEqual([['connectors/no-timeout', 'server']]);
    expect(judged(await audit({ paths: [deployable], config: {}, configDir: deployable, includeRoles: ['example'] }))).toEqual([['security/unauthenticated-agent-endpoint', 'example'], ['memory/vector-store-no-expiry', 'example'], ['security/unpinned-agent-dependency', 'example'], ['connectors/no-timeout', 'server']]);
    const docker = tempProject(files('# Notes Agent Demo\n', { Dockerfile: 'FROM node:20\n' }));
    expect(judged(await audit({ paths: [docker], config: {}, configDir: docker }))).toEqual([['connectors/no-timeout', 'server']]);
    const product = tempProject(files('# Notes Agent\n\nKeeps your team\'s notes searchable.\n'));
    expect(judged(await audit({ paths: [product], config: {}, configDir: product }))).toEqual([['security/unauthenticated-agent-endpoint', 'server'], ['memory/vector-store-no-expiry', 'server'], ['security/unpinned-agent-dependency', 'server'], ['connectors/no-timeout', 'server']]);
  });

  it('a hardcoded secret is judged in scripts too: it leaks with the repository', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', scripts: { seed: 'node scripts/seed.js' } }),
      'scripts/seed.js': `const OPENAI_API_KEY = 'sk-proj-Zq8rT2vLx9Wm4Kp7Nc3Bd6Fh1Jg5Ys0';\nconsole.log(OPENAI_API_KEY.length);\n`,
      'examples/demo.js': `const OPENAI_API_KEY = 'sk-proj-Hq3rT8vLx2Wm9Kp4Nc7Bd1Fh6Jg0Ys5';\nconsole.log(OPENAI_API_KEY.length);\n`,
    });
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(result.findings.filter((f) => f.ruleId === 'connectors/hardcoded-secret').map((f) => [f.file, f.role])).toEqual([['scripts/seed.js', 'script']]);
  });
});

describe('rules skip files whose own header or path decides a role they judge no line of', () => {
  /** The files each rule ran on, in order. */
  const ran: string[] = [];
  /** A rule that reports every file it runs on, at its first statement. */
  const fileRecorder = (id: string, roles?: readonly Role[]): Rule =>
    defineRule({
      id,
      category: 'connectors',
      severity: 'low',
      confidence: 'high',
      title: 'every file',
      ...(roles ? { roles } : {}),
      taxonomy: { microsoft: [], owaspLlm: [], owaspAgentic: [], cwe: [] },
      docs: { summary: '', why: '', bad: '', good: '', references: [] },
      hint: 'none',
      messages: { seen: 'seen' },
      check({ file, report }) {
        ran.push(file.path);
        const first = file.sourceFile.statements[0];
        if (first) report(first, 'seen');
      },
    });
  const code = 'export const answer = 42;\n';
  const files = {
    'package.json': JSON.stringify({ name: 'app', main: 'dist/server.js' }),
    'src/server.ts': code,
    'src/client.gen.ts': `// @generated by openapi-codegen. DO NOT EDIT.\n${code}`,
    'src/geo.ts': `// Vendored from geo-lookup 2.1.0\n${code}`,
    'src/suppressed.gen.ts': `// @generated by openapi-codegen.\n// agent-audit-disable-next-line test/server-only -- generated\n${code}`,
    'src/e2e/answer.ts': code,
    'examples/answer.ts': code,
  };
  const runs = async (rules: readonly Rule[], extra: { includeRoles?: Role[]; config?: object } = {}) => {
    const root = tempProject(files);
    ran.length = 0;
    const result = await audit({ paths: [root], config: extra.config ?? {}, configDir: root, rules, ...(extra.includeRoles ? { includeRoles: extra.includeRoles } : {}) });
    return { findings: result.findings.map((f) => [f.ruleId, f.file, f.role ?? null]), diagnostics: result.diagnostics.map((d) => d.file), ran: [...ran].sort() };
  };

  it('a rule judging server code alone finds the same, and its suppression in a marked file is still matched', async () => {
    const { findings, diagnostics, ran: files } = await runs([fileRecorder('test/server-only')]);
    expect(files).toEqual(['src/server.ts', 'src/suppressed.gen.ts']);
    expect(findings).toEqual([['test/server-only', 'src/server.ts', 'server']]);
    // The directive is used by the rule's finding (dropped with the file's role): no unused-directive diagnostic.
    expect(diagnostics).toEqual([]);
  });

  it('runs where its finding would stand: a rule judging scripts (a development-only branch of a marked file is one), or roles the user includes', async () => {
    const scripts = await runs([fileRecorder('test/with-scripts', ['server', 'script'])], { includeRoles: ['vendored'] });
    expect(scripts.ran).toEqual(['examples/answer.ts', 'src/client.gen.ts', 'src/e2e/answer.ts', 'src/geo.ts', 'src/server.ts', 'src/suppressed.gen.ts']);
    expect(scripts.findings).toEqual([['test/with-scripts', 'src/geo.ts', 'vendored'], ['test/with-scripts', 'src/server.ts', 'server']]);
    const included = await runs([fileRecorder('test/server-only')], { includeRoles: ['generated'] });
    // A file under a test or example path may be any of the roles such paths decide: included generated code runs everywhere but in the vendored copy.
    expect(included.ran).toEqual(['examples/answer.ts', 'src/client.gen.ts', 'src/e2e/answer.ts', 'src/server.ts', 'src/suppressed.gen.ts']);
    expect(included.findings).toEqual([['test/server-only', 'src/client.gen.ts', 'generated'], ['test/server-only', 'src/server.ts', 'server'], ['test/server-only', 'src/suppressed.gen.ts', 'generated']]);
    const byGlob = await runs([fileRecorder('test/server-only')], { config: { roles: { server: ['src/geo.ts'] } } });
    expect(byGlob.ran).toEqual(['examples/answer.ts', 'src/client.gen.ts', 'src/e2e/answer.ts', 'src/geo.ts', 'src/server.ts', 'src/suppressed.gen.ts']);
    const examples = await runs([fileRecorder('test/server-only')], { includeRoles: ['example'] });
    expect(examples.ran).toEqual(['examples/answer.ts', 'src/e2e/answer.ts', 'src/server.ts', 'src/suppressed.gen.ts']);
    expect(examples.findings).toEqual([['test/server-only', 'examples/answer.ts', 'example'], ['test/server-only', 'src/server.ts', 'server']]);
    expect(byGlob.findings).toEqual([['test/server-only', 'src/geo.ts', 'server'], ['test/server-only', 'src/server.ts', 'server']]);
  });
});

describe('roles decided by a file\'s own header or path', () => {
  it('hold whatever the rest of the project says: every file so decided gets one of them', async () => {
    const code = 'export const answer = 42;\n';
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', main: 'dist/index.js', workspaces: ['packages/*'] }),
      'src/index.ts': `import { answer } from '../examples/answer.js';\nimport { gen } from './api.gen.js';\nexport { answer, gen };\n`,
      'src/api.gen.ts': `// Code generated by openapi-codegen. DO NOT EDIT.\nexport const gen = 1;\n`,
      'examples/answer.ts': code,
      'packages/kit/package.json': JSON.stringify({ name: 'kit', main: 'src/index.ts' }),
      'packages/kit/src/index.ts': `export * from './vendor/geo.js';\n`,
      'packages/kit/src/vendor/geo.ts': code,
      'packages/kit/demo/run.ts': code,
      'packages/kit/test/helpers.ts': code,
      'legacy/old.ts': code,
      'scripts/seed.ts': code,
    });
    const result = await audit({ paths: [root], config: {}, configDir: root, explainRoles: true });
    const catalog = loadCatalog().roles;
    const decided = (result.fileRoles ?? []).flatMap(({ file, role }) => {
      const possible = rolesFromOwnEvidence(file, {}, catalog);
      return possible ? [[file, role, possible.includes(role)]] : [];
    });
    expect(decided).toEqual([
      ['examples/answer.ts', 'example', true],
      ['legacy/old.ts', 'legacy', true],
      ['packages/kit/demo/run.ts', 'example', true],
      ['packages/kit/src/vendor/geo.ts', 'vendored', true],
      ['packages/kit/test/helpers.ts', 'test', true],
    ]);
    expect(rolesFromOwnEvidence('src/api.gen.ts', { generatedMarker: 'DO NOT EDIT' }, catalog)).toContain(result.fileRoles?.find((r) => r.file === 'src/api.gen.ts')?.role);
    expect(rolesFromOwnEvidence('scripts/seed.ts', {}, catalog)).toBeUndefined();
  });
});

describe('browser functions in a module a server entry reaches', () => {
  const transport = `export class VoiceTransport {
  async connect(offerUrl: string, sdp: string) {
    const speaker = document.createElement('audio');
    const answer = await fetch(offerUrl, { method: 'POST', body: sdp });
    speaker.autoplay = true;
    return answer.text();
  }

  async report(events: unknown[]) {
    const res = await fetch('https://telemetry.example.com/v1/events', { method: 'POST', body: JSON.stringify(events) });
    return res.ok;
  }
}

export async function uploadPicked(target: string, picked: Blob) {
  const res = await fetch(target, { method: 'PUT', body: picked, mode: 'cors' });
  return res.ok;
}

export async function evaluateTitle(page: { evaluate(fn: () => string): Promise<string> }) {
  const title = await page.evaluate(() => document.title);
  const res = await fetch('https://titles.example.com/v1/titles', { method: 'POST', body: title });
  return res.ok;
}
`;

  it('a function using a DOM API is browser code; its siblings, a fetch with a browser option (shared helpers pass it too) and a server function handing a callback to a browser stay server', async () => {
    const root = tempProject({ 'package.json': JSON.stringify({ name: 'voice-sdk', main: 'dist/index.js' }), 'src/index.ts': transport });
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(timeoutFindings(result)).toEqual([['src/index.ts', 'server'], ['src/index.ts', 'server'], ['src/index.ts', 'server']]);
    expect(result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => f.line)).toEqual([10, 16, 22]);
  });

  it('a typeof guard in the file marks the API use as written for both sides: no evidence', async () => {
    const guarded = transport.replace("const speaker = document.createElement('audio');", "const speaker = typeof document === 'undefined' ? undefined : document.createElement('audio');").replace('speaker.autoplay = true;', 'if (speaker) speaker.autoplay = true;');
    const root = tempProject({ 'package.json': JSON.stringify({ name: 'voice-sdk', main: 'dist/index.js' }), 'src/index.ts': guarded });
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => f.line)).toEqual([4, 10, 16, 22]);
  });

  it('connector rules do not judge the browser arm of isomorphic code or a development-only branch; the server arm is judged', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', main: 'dist/index.js' }),
      'src/index.ts': `const isDev = process.env.NODE_ENV === 'development';

export async function picture(url: string): Promise<Response> {
  const onServer = typeof window === 'undefined';
  const response = onServer
    ? await fetch(url)
    : await fetch(url + '?web');
  return response;
}

export async function template(): Promise<string> {
  if (isDev) {
    const page = await fetch('https://dev.example.com/index.html');
    return page.text();
  }
  const page = await fetch('https://cdn.example.com/index.html');
  return page.text();
}
`,
    });
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(result.findings.filter((f) => f.ruleId === 'connectors/no-timeout').map((f) => [f.line, f.role])).toEqual([[6, 'server'], [16, 'server']]);
  });

  it('unchecked-response is judged where the body is read: a browser-arm fetch read by shared code is judged, one read in the arm is not', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'app', main: 'dist/index.js' }),
      'src/index.ts': `export async function inlineImage(url: string, fetchSafely: (u: string) => Promise<Response>): Promise<string> {
  const onServer = typeof window === 'undefined';
  const res = onServer
    ? await fetchSafely(url)
    : await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const blob = await res.blob();
  return blob.type;
}

export async function preview(url: string): Promise<string | undefined> {
  if (typeof window !== 'undefined') {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return (await res.blob()).type;
  }
  return undefined;
}
`,
    });
    const result = await audit({ paths: [root], config: {}, configDir: root });
    expect(result.findings.filter((f) => f.ruleId === 'connectors/unchecked-response').map((f) => [f.line, f.role])).toEqual([[5, 'server']]);
  });
});
