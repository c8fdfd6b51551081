import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { renderCycloneDx } from '../src/report/cyclonedx.js';
import type { AuditResult } from '../src/types.js';
import { FIXTURES } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';

const require = createRequire(import.meta.url);
// The official CycloneDX 1.6 JSON schema as @cyclonedx/cyclonedx-library ships it (pinned dev dependency).
const schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
const readSchema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));
const addFormats = (addFormatsModule as unknown as { default?: (a: Ajv) => void }).default ?? (addFormatsModule as unknown as (a: Ajv) => void);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) {
  const { $id: _ignored, ...schema } = readSchema(name);
  ajv.addSchema(schema, `http://cyclonedx.org/schema/${name}`);
}
const validateBom = ajv.compile(readSchema('bom-1.6.SNAPSHOT.schema.json'));

const surface = (): Promise<AuditResult> => {
  const dir = join(FIXTURES, 'projects', 'agent-surface');
  return audit({ paths: [dir], root: dir, config: {}, configDir: dir });
};

describe('agent inventory', () => {
  it('lists models, prompts, tools, MCP servers and endpoints by import', async () => {
    const { inventory } = await surface();
    expect(inventory.models.map((m) => `${m.provider} ${m.model}`)).toEqual(['anthropic claude-sonnet-4-5', 'anthropic claude-sonnet-4-5', 'anthropic claude-haiku-4-5']);
    expect(inventory.prompts).toEqual([{ file: 'src/agent.ts', line: 8, kind: 'instructions option', preview: 'You are an operations assistant. Use tools; never guess f…', codeRole: 'server' }]);
    expect(inventory.tools.map((t) => [t.name, t.framework, t.schemaValidated, t.destructive])).toEqual([
      ['list_incidents', 'mcp', true, false],
      ['send_page', 'mcp', false, true],
      ['getWeather', 'ai-sdk', true, false],
      ['deleteFile', 'ai-sdk', true, true],
    ]);
    expect(inventory.mcpServers.map((m) => [m.role, m.transport, m.target])).toEqual([
      ['served', 'McpServer', 'ops-tools'],
      ['used', 'StdioClientTransport', 'npx -y @modelcontextprotocol/server-github'],
    ]);
    expect(inventory.endpoints.map((e) => [e.method, e.route, e.framework, e.drivesAgent])).toEqual([
      ['POST', '/api/chat', 'next', true],
      ['POST', '/api/task', 'express', true],
      ['GET', '/health', 'express', false],
    ]);
  });

  it('an endpoint drives the agent when a function of another file it calls reaches a model (embeddings included, as in the file itself), not when that function only reads a database', async () => {
    const dir = join(FIXTURES, 'rules', 'security', 'unauthenticated-agent-endpoint', 'agent-in-another-file');
    const { inventory } = await audit({ paths: [dir], root: dir, config: {}, configDir: dir });
    expect(inventory.endpoints.map((e) => [e.method, e.route, e.drivesAgent])).toEqual([
      ['POST', '/api/research', true],
      ['POST', '/api/research/private', true],
      ['GET', '/api/reports', false],
      ['POST', '/api/chat', true],
      ['POST', '/api/stream', true],
      ['POST', '/api/signed', true],
      ['GET', '/api/similar', true],
    ]);
    expect(inventory.endpoints.every((e) => !('drivesAgentIf' in e))).toBe(true);
  });

  it('lists the demo agent’s vector stores, embedding and chat models and its system prompt', async () => {
    const dir = join(FIXTURES, 'projects', 'demo-agent');
    const { inventory } = await audit({ paths: [dir], config: {}, configDir: dir });
    expect(inventory.vectorStores.map((v) => [v.backend, v.client, v.operations])).toEqual([
      ['pinecone', 'langchain-vector-stores', ['retrieve', 'write']],
      ['pinecone', 'pinecone', ['write']],
      ['pinecone', 'langchain-vector-stores', ['retrieve']],
    ]);
    expect(inventory.models.map((m) => `${m.provider} ${m.model}`)).toEqual(['openai gpt-4o-mini', 'openai gpt-4o-mini', 'openai text-embedding-3-small', 'openai gpt-4o-mini']);
    expect(inventory.prompts.map((p) => p.kind)).toEqual(['system message']);
  });

  it('is shown in the pretty report', () => {
    const dir = join(FIXTURES, 'projects', 'agent-surface');
    const run = runCli(['.', '--fail-on', 'none'], { cwd: dir });
    expect(run.stdout).toContain('Agent inventory');
    // Paths are relative to the project root, here this repository's work tree.
    expect(run.stdout.replace(/\n\s+/g, ' ')).toContain('send_page [mcp] NO SCHEMA, destructive (fixtures/projects/agent-surface/src/mcp.ts:8)');
  });
});

describe('cyclonedx', () => {
  it('is a CycloneDX 1.6 BOM that passes the official JSON schema', async () => {
    const bom = JSON.parse(renderCycloneDx(await surface()));
    expect(validateBom(bom), JSON.stringify(validateBom.errors?.slice(0, 3))).toBe(true);
    expect(bom.components.filter((c: { type: string }) => c.type === 'machine-learning-model').map((c: { group: string; name: string }) => `${c.group}/${c.name}`)).toEqual(['anthropic/claude-sonnet-4-5', 'anthropic/claude-haiku-4-5']);
    expect(bom.services.map((s: { name: string }) => s.name)).toEqual(['list_incidents', 'send_page', 'getWeather', 'deleteFile', 'ops-tools', 'npx -y @modelcontextprotocol/server-github', 'POST /api/chat', 'POST /api/task', 'GET /health']);
  });

  it('an empty inventory is still a valid BOM', async () => {
    const dir = join(FIXTURES, 'projects', 'obs-no-llm');
    const bom = JSON.parse(renderCycloneDx(await audit({ paths: [dir], config: {}, configDir: dir })));
    expect(validateBom(bom), JSON.stringify(validateBom.errors?.slice(0, 3))).toBe(true);
  });
});
