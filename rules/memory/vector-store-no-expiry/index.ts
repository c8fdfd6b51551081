import { ANY_BACKEND, vectorBackend } from '../../../src/domain/vector-stores/backend.js';
import { propertyNamesAround, propertyNamesIn } from './property-names.js';
import { defineRule } from '../../../src/engine/rule.js';
import { ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** Metadata keys that give a record a lifetime or let retrieval filter by age (normalised: lower case, no _ or -). */
const EXPIRY_KEYS = new Set([
  'ttl', 'ttlseconds', 'ttlms', 'expires', 'expiresat', 'expiresin', 'expiry', 'expiration', 'expirationdate', 'expireat', 'expireafter',
  'validuntil', 'validfrom', 'validto', 'createdat', 'ingestedat', 'indexedat', 'updatedat', 'timestamp', 'fetchedat', 'retrievedat',
  'lastmodified', 'lastupdated', 'storedat', 'addedat', 'asof', 'publishedat', 'crawledat', 'scrapedat', 'staleafter',
]);

/** An object-literal argument of the write that spreads in an object not written here (`...options`). */
function spreadsOptionsFromElsewhere(call: ts.CallExpression, file: FileFacts): boolean {
  return call.arguments.some((arg) => {
    const node = unwrap(arg);
    if (!ts.isObjectLiteralExpression(node)) return false;
    return node.properties.some((p) => {
      if (!ts.isSpreadAssignment(p)) return false;
      const spread = unwrap(p.expression);
      if (ts.isObjectLiteralExpression(spread)) return false;
      const init = ts.isIdentifier(spread) ? file.resolve(spread.text, spread)?.init : undefined;
      return !(init && init.path.length === 0 && ts.isObjectLiteralExpression(unwrap(init.expression)));
    });
  });
}

const normalise = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');

function hasExpiryKey(names: Iterable<string>): boolean {
  for (const name of names) if (EXPIRY_KEYS.has(normalise(name))) return true;
  return false;
}

export default defineRule({
  id: 'memory/vector-store-no-expiry',
  category: 'memory',
  severity: 'high',
  confidence: 'medium',
  title: 'Vector-store writes with no expiry, timestamp or deletion path',
  taxonomy: {
    microsoft: ['memory-poisoning', 'targeted-knowledge-base-poisoning', 'hallucinations'],
    owaspLlm: ['LLM08:2025', 'LLM09:2025'],
    owaspAgentic: ['T1', 'ASI06'],
    cwe: ['CWE-672'],
  },
  docs: {
    summary: 'Flags writes to a vector store whose records carry no expiry or timestamp metadata, in a project that never deletes from that database.',
    details: [
      'It judges writes to vector stores of LangChain, Pinecone, Chroma, Qdrant, Weaviate, LlamaIndex, Mastra, Upstash, Milvus and others.',
      'A delete through any client of the same database counts as deleting from it.',
    ],
    notFlagged: [
      'Code of a published library (a package with a name and an entry point that is not private: a vector-store integration, a node of an agent builder) is not judged: the application that calls it decides how long its data lives.',
    ],
    why: 'Embedded documents never go stale on their own. A store with no expiry metadata and no deletion path keeps superseded prices, policies and facts forever, and similarity search returns them as confidently as current ones. A poisoned entry also lives forever. Timestamps let retrieval filter by recency; a TTL or delete-by-filter job retires old knowledge.',
    bad: `import { Pinecone } from '@pinecone-database/pinecone';

const index = new Pinecone().index('kb');
export async function remember(id: string, values: number[], text: string) {
  await index.upsert([{ id, values, metadata: { text } }]);
}`,
    good: `import { Pinecone } from '@pinecone-database/pinecone';

const index = new Pinecone().index('kb');
export async function remember(id: string, values: number[], text: string) {
  const now = Date.now();
  await index.upsert([{ id, values, metadata: { text, ingestedAt: now, expiresAt: now + 30 * 86_400_000 } }]);
}`,
    references: ['https://docs.pinecone.io/guides/manage-data/delete-data', 'https://owasp.org/www-project-top-10-for-large-language-model-applications/', 'https://cwe.mitre.org/data/definitions/672.html'],
  },
  hint: 'Add ingestedAt/expiresAt metadata and a TTL or delete job for old records.',
  messages: {
    noExpiry: 'Write to {{store}} stores records with no expiry or timestamp, and nothing in the project deletes from it: stale knowledge is served forever.',
  },
  check({ file, report, checked }) {
    for (const site of file.callSites) {
      if (site.entry.kind !== 'vector-store' || site.operation !== 'write') continue;
      // `add(messages, { user_id, ...this.options })`: options spread in from elsewhere may set the expiry.
      if (spreadsOptionsFromElsewhere(site.node, file)) continue;
      checked(site.node, { unless: { libraryPackage: true } });
      const backend = vectorBackend(site);
      const written = new Set<string>();
      for (const arg of site.node.arguments) for (const name of propertyNamesIn(arg, file)) written.add(name);
      for (const call of site.origin.calls) for (const arg of call.arguments ?? []) for (const name of propertyNamesIn(arg, file)) written.add(name);
      if (hasExpiryKey(written) || hasExpiryKey(propertyNamesAround(site.node, file))) continue;
      report(site.node, 'noExpiry', { store: backend === ANY_BACKEND ? site.entry.id : backend }, { unless: { deletesFromVectorStore: backend }, notApplicableIf: { libraryPackage: true } });
    }
  },
});
