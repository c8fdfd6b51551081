import { calleeLastName } from '../../../src/model/ast.js';
import type { CallSite } from '../../../src/model/file-facts.js';
import { ANY_BACKEND, vectorBackend } from '../../../src/domain/vector-stores/backend.js';
import { traceRetrievedDocuments } from '../../../src/domain/vector-stores/retrieval-flow.js';
import { verdictAtCall } from '../../../src/domain/vector-stores/retrieval-verdict.js';
import { returnedRetrievals } from './returned-retrievals.js';
import { defineRule } from '../../../src/engine/rule.js';

function storeName(site: CallSite): string {
  const backend = vectorBackend(site);
  return backend === ANY_BACKEND ? site.entry.id : backend;
}

export default defineRule({
  id: 'memory/unverified-retrieval',
  category: 'memory',
  severity: 'medium',
  confidence: 'medium',
  title: 'Retrieved documents put into a prompt without verification',
  taxonomy: {
    microsoft: ['targeted-knowledge-base-poisoning', 'memory-poisoning', 'hallucinations'],
    owaspLlm: ['LLM08:2025', 'LLM09:2025'],
    owaspAgentic: ['T1', 'ASI06'],
    cwe: ['CWE-345'],
  },
  docs: {
    summary: 'Flags vector-store searches (LangChain, Pinecone, Chroma, Qdrant, Weaviate, Upstash, Mastra, Milvus, LlamaIndex) whose results reach an LLM prompt, in the same file or through a project function that returns them, with no score threshold, metadata or recency filter, score check or reranker on the way.',
    details: [
      'In the file of the search, the documents are followed through variables, derived text, containers, callbacks and same-file helpers to the LLM calls and prompt templates they reach.',
      'A search in one file whose documents a function returns (`export async function retrieve(q) { … return matches.map(…) }` in lib/retrieve.ts) is judged where that function\'s result goes into a prompt (`const docs = await retrieve(q)` in the route), also through functions that return its result in turn. The finding is at that call.',
    ],
    notFlagged: [
      'A search whose results are handed back to a caller that checks them (`passages.filter((p) => p.score > 0.75)`) or that puts them into no prompt is not flagged, nor one whose options come from elsewhere (a parameter, a spread) and may hold a filter.',
    ],
    why: 'Similarity search always returns k results, relevant or not: an off-topic question gets the nearest junk, a superseded policy ranks as high as the current one, and one poisoned chunk that embeds close to common questions reaches every prompt. The model treats whatever is in its context as ground truth. A score threshold, a metadata/recency filter or a reranker decides what deserves to be context.',
    bad: `import OpenAI from 'openai';
import { Pinecone } from '@pinecone-database/pinecone';

const openai = new OpenAI();
const index = new Pinecone().index('kb');

export async function answer(question: string, vector: number[]) {
  const { matches } = await index.query({ vector, topK: 5, includeMetadata: true });
  const context = matches.map((m) => m.metadata?.text).join('\\n');
  return openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Context:\\n\${context}\\n\\nQuestion: \${question}\` }],
  });
}`,
    good: `import OpenAI from 'openai';
import { Pinecone } from '@pinecone-database/pinecone';

const openai = new OpenAI();
const index = new Pinecone().index('kb');

export async function answer(question: string, vector: number[]) {
  const { matches } = await index.query({ vector, topK: 5, includeMetadata: true });
  const context = matches.filter((m) => (m.score ?? 0) >= 0.78).map((m) => m.metadata?.text).join('\\n');
  return openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Context:\\n\${context}\\n\\nQuestion: \${question}\` }],
  });
}`,
    references: [
      'https://js.langchain.com/docs/how_to/contextual_compression/',
      'https://docs.pinecone.io/guides/search/filter-by-metadata',
      'https://owasp.org/www-project-top-10-for-large-language-model-applications/',
      'https://cwe.mitre.org/data/definitions/345.html',
    ],
  },
  hint: 'Drop weak matches (score threshold), filter by metadata/recency, or rerank before building the prompt.',
  messages: {
    unverified: 'Results of {{store}} {{method}}() go into an LLM prompt with no score threshold, filter or reranker: whatever ranks nearest becomes context.',
    unverifiedHelper: 'Documents returned by {{callee}}() come from a vector search that nothing verifies (no score threshold, filter or reranker there or here), and go into an LLM prompt: whatever ranks nearest becomes context.',
  },
  check({ file, report, checked }) {
    for (const site of file.callSites) {
      if (site.entry.kind !== 'vector-store' || site.operation !== 'retrieve') continue;
      const verdict = verdictAtCall(site, file);
      if (verdict === 'opaque') continue;
      const flow = traceRetrievedDocuments(site.node, file);
      // Judged: retrievals whose documents visibly reach a prompt or are visibly checked. Results handed
      // back to a caller in another file are not judged either way.
      if (flow.sinks.length === 0 && !flow.verified) continue;
      checked(site.node);
      if (verdict !== 'verified' && !flow.verified) report(site.node, 'unverified', { store: storeName(site), method: calleeLastName(site.node.expression) ?? 'search' });
    }
    for (const returned of returnedRetrievals(file)) {
      report(returned.call, 'unverifiedHelper', { callee: returned.callee }, { notApplicableIf: returned.unproven });
    }
  },
});
