import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { createClassifier } from '../src/catalog/matcher.js';
import { loadCatalog } from '../src/catalog/load.js';
import { computeFileFacts } from '../src/model/file-facts.js';

const classifier = createClassifier(loadCatalog());

/** `entry-id operation` for every call the catalog recognises in the snippet, in source order. */
function sitesIn(code: string): string[] {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return computeFileFacts('snippet.ts', source, classifier).callSites.map((site) => `${site.entry.id} ${site.operation}`);
}

describe('catalog coverage of model, retrieval and memory APIs', () => {
  it('knows LlamaIndex LLMs, Voyage and the Claude Agent SDK as model calls', () => {
    expect(sitesIn(`import { OpenAI } from '@llamaindex/openai';
export const r = await new OpenAI({ model: 'gpt-4.1-mini' }).complete({ prompt: 'hi' });`)).toEqual(['llamaindex-llms generate']);
    expect(sitesIn(`import { VoyageAIClient } from 'voyageai';
export const e = await new VoyageAIClient().embed({ input: ['a'], model: 'voyage-3' });`)).toEqual(['voyageai generate']);
    expect(sitesIn(`import { query } from '@anthropic-ai/claude-agent-sdk';
for await (const message of query({ prompt: 'Fix the failing test' })) console.log(message.type);`)).toEqual(['claude-agent-sdk generate']);
  });

  it('leaves look-alikes alone: an own class with an embed method, a local query function', () => {
    expect(sitesIn(`class Cache { embed(text: string) { return [text.length]; } }
export const v = new Cache().embed('hello');`)).toEqual([]);
    expect(sitesIn(`function query(options: { prompt: string }) { return options.prompt; }
export const q = query({ prompt: 'x' });`)).toEqual([]);
  });

  it('knows managed retrieval services and memory that embeds every turn', () => {
    expect(sitesIn(`import { SearchClient, AzureKeyCredential } from '@azure/search-documents';
const client = new SearchClient('https://x.search.windows.net', 'docs', new AzureKeyCredential('k'));
export const hits = await client.search('refund policy');`)).toEqual(['azure-ai-search retrieve']);
    expect(sitesIn(`import { VectorStoreRetrieverMemory } from 'langchain/memory';
declare const retriever: never;
const memory = new VectorStoreRetrieverMemory({ vectorStoreRetriever: retriever });
await memory.saveContext({ input: 'hi' }, { output: 'hello' });`)).toEqual(['langchain-vector-memory write']);
  });
});
