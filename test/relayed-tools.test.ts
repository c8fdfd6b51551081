import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { createClassifier } from '../src/catalog/matcher.js';
import { loadCatalog } from '../src/catalog/load.js';
import { computeFileFacts } from '../src/model/file-facts.js';
import { definedTools } from '../src/domain/tools/tool-definitions.js';
import { relaysToolDefinitions } from '../src/domain/tools/relayed-tools.js';

const classifier = createClassifier(loadCatalog());

/** For each tool definition of the snippet, in source order: does it copy a tool defined elsewhere? */
function relayed(code: string): boolean[] {
  const facts = computeFileFacts('snippet.ts', ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS), classifier);
  return [...definedTools(facts)].map((tool) => relaysToolDefinitions(tool.call, facts));
}

describe('tool definitions that relay tools defined elsewhere', () => {
  it('copies made one per element of a list, by a loop or a map callback', () => {
    expect(relayed(`import { tool, jsonSchema } from 'ai';
export const relay = (mcpTools: { name: string; description: string; inputSchema: object }[], call: (n: string, i: unknown) => Promise<unknown>) =>
  Object.fromEntries(mcpTools.map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema(t.inputSchema), execute: (input) => call(t.name, input) })]));`)).toEqual([true]);
    expect(relayed(`import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
export function serve(server: McpServer, tools: { name: string; description?: string }[]) {
  for (const { name, description } of tools) server.tool(name, description ?? '', { input: z.unknown() }, async () => ({ content: [] }));
}`)).toEqual([true]);
  });

  it('a tool written here is its own, also when a factory fills it from its parameters', () => {
    expect(relayed(`import { tool } from 'ai';
import { z } from 'zod';
export const weather = tool({ description: 'Current weather for a city', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => city });
export const makeLookup = (description: string) => tool({ description, inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => q });`)).toEqual([false, false]);
  });
});
