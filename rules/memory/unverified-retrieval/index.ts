import { calleeLastName, objectProperty, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { ANY_BACKEND, vectorBackend } from '../../../src/domain/vector-stores/backend.js';
import { traceRetrievedDocuments } from './retrieval-flow.js';
import { defineRule } from '../../../src/engine/rule.js';

/** Argument names that carry the query, its vector or a result count. */
const QUERY_LIKE = /(query|question|text|input|prompt|search|message|vector|embedding|term|keywords?|content)s?$|^(q|k|n|topk|limit|count|nresults|size)$/i;
/** Argument names that carry an options object built elsewhere, which may hold the filter. */
const OPTIONS_LIKE = /option|param|config|setting|kwargs|filter|args$|request|^req$|body|props|spec/i;

type CallVerdict = 'verified' | 'opaque' | 'unverified';

/** An object literal, directly or through a const. */
function objectLiteralOf(expr: ts.Expression, facts: FileFacts): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(expr);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  const init = decl?.isConst && decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

/**
 * Options that come from elsewhere (a parameter, a spread, `this.searchOptions`) may carry the filter.
 * The first argument is usually the query; later ones are options unless named like a count.
 */
function isOpaqueArgument(expr: ts.Expression, index: number, facts: FileFacts): boolean {
  const node = unwrap(expr);
  if (ts.isSpreadElement(node)) return true;
  if (ts.isObjectLiteralExpression(node)) return node.properties.some((p) => ts.isSpreadAssignment(p) && objectLiteralOf(p.expression, facts) === undefined);
  if (ts.isCallExpression(node)) return index > 0;
  const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (name === undefined || objectLiteralOf(node, facts) !== undefined) return false;
  return OPTIONS_LIKE.test(name) || (index > 0 && !QUERY_LIKE.test(name));
}

function isPresent(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  const node = unwrap(expr);
  if (node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')) return false;
  return !(ts.isObjectLiteralExpression(node) && node.properties.length === 0);
}

/** `filter`, or a dotted path into nested option objects (`retrievalConfiguration.vectorSearchConfiguration.filter`). */
function hasOptionPath(obj: ts.ObjectLiteralExpression, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  const property = head === undefined ? undefined : objectProperty(obj, head);
  if (!property || rest.length === 0) return property !== undefined;
  const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
  return value !== undefined && ts.isObjectLiteralExpression(value) && hasOptionPath(value, rest);
}

/** A score threshold or metadata filter on the retrieval call, its retriever factory or its store's constructor. */
function verdictAtCall(site: CallSite, facts: FileFacts): CallVerdict {
  const { verifyingOptions } = facts.classifier.retrieval;
  const filterArguments = site.entry.filterArguments ?? {};
  for (const call of [...site.origin.calls, site.node]) {
    const args = call.arguments ?? [];
    const method = calleeLastName(call.expression);
    const filterIndex = method === undefined ? undefined : filterArguments[method];
    if (filterIndex !== undefined && isPresent(args[filterIndex])) return 'verified';
    const options = args.map((arg) => objectLiteralOf(arg, facts)).filter((obj): obj is ts.ObjectLiteralExpression => obj !== undefined);
    if (options.some((obj) => verifyingOptions.some((name) => hasOptionPath(obj, name.split('.'))))) return 'verified';
  }
  const retrieverCalls = [site.node, ...site.origin.calls.filter((call) => calleeLastName(call.expression) === 'asRetriever')];
  return retrieverCalls.some((call) => (call.arguments ?? []).some((arg, index) => isOpaqueArgument(arg, index, facts))) ? 'opaque' : 'unverified';
}

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
    summary: 'Flags vector-store searches (LangChain, Pinecone, Chroma, Qdrant, Weaviate, Upstash, Mastra, Milvus, LlamaIndex) whose results visibly reach an LLM prompt in the same file with no score threshold, metadata or recency filter, score check or reranker on the way.',
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
  },
});
