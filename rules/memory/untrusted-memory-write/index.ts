import { enclosingFunction } from '../../../src/model/ast.js';
import { memoryWritesIn, writtenFieldNames } from './memory-writes.js';
import { isCheckedIn, untrustedFlowsInto, type UntrustedKind } from '../../../src/domain/untrusted/untrusted-flows.js';
import { defineRule } from '../../../src/engine/rule.js';

const SOURCE_LABELS: Readonly<Record<UntrustedKind, string>> = {
  request: 'HTTP request input',
  'http-response': 'an HTTP response body',
  web: 'web page content',
  'model-output': 'model output',
  'tool-input': 'tool-call arguments',
};

const normalise = (name: string): string => name.toLowerCase().replace(/[_-]/g, '');

export default defineRule({
  id: 'memory/untrusted-memory-write',
  category: 'memory',
  severity: 'high',
  confidence: 'medium',
  title: 'Untrusted content written to long-term memory without validation or provenance',
  taxonomy: {
    microsoft: ['memory-poisoning', 'targeted-knowledge-base-poisoning', 'loss-of-data-provenance', 'xpia'],
    owaspLlm: ['LLM04:2025', 'LLM08:2025', 'LLM01:2025'],
    owaspAgentic: ['T1', 'ASI06'],
    cwe: ['CWE-20', 'CWE-345'],
  },
  docs: {
    summary: 'Flags writes to long-term memory whose content visibly comes from an untrusted source, with neither a validation, sanitising or moderation step nor a provenance field in what is written.',
    details: [
      'Long-term memory is vector stores, LangGraph stores, mem0, Zep graphs and Mastra working memory.',
      'Untrusted sources are HTTP request input, an HTTP response, a web page or search result, model output and tool-call arguments.',
      'A validation/sanitising/moderation step, or a provenance field (source, url, userId, author…) in what is written, covers the write.',
    ],
    why: 'Whatever enters long-term memory is recalled later, in other sessions and for other users, with the authority of something the agent "knows". A single request body, scraped page or injected tool argument that is stored verbatim becomes a persistent prompt injection or a false fact (memory poisoning). Validating or moderating content before it is remembered stops the obvious attacks; recording where each memory came from lets retrieval weigh it, filter it, and purge everything from a bad source.',
    bad: `import express from 'express';
import { Pinecone } from '@pinecone-database/pinecone';

const index = new Pinecone().index('notes');
const app = express();
app.post('/remember', async (req, res) => {
  await index.upsert([{ id: crypto.randomUUID(), values: req.body.vector, metadata: { text: req.body.text } }]);
  res.sendStatus(204);
});`,
    good: `import express from 'express';
import { Pinecone } from '@pinecone-database/pinecone';
import { z } from 'zod';

const Note = z.object({ text: z.string().max(2000), vector: z.array(z.number()) });
const index = new Pinecone().index('notes');
const app = express();
app.post('/remember', async (req, res) => {
  const note = Note.parse(req.body);
  await index.upsert([{ id: crypto.randomUUID(), values: note.vector, metadata: { text: note.text, userId: req.user.id } }]);
  res.sendStatus(204);
});`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm042025-data-and-model-poisoning/',
      'https://cwe.mitre.org/data/definitions/345.html',
    ],
  },
  hint: 'Validate or moderate the content before it is remembered, and store its provenance (source URL, userId, author) with it.',
  messages: {
    unchecked: 'Write to {{store}} persists {{source}} to long-term memory with no validation and no provenance field: injected content becomes a remembered fact.',
  },
  check({ file, report, checked }) {
    const provenanceKeys = new Set(file.classifier.memory.provenanceKeys.map(normalise));
    for (const write of memoryWritesIn(file)) {
      const flows = write.contentArguments.flatMap((arg) => untrustedFlowsInto(arg, file));
      // Only writes whose content visibly comes from an untrusted source are judged.
      if (flows.length === 0) continue;
      checked(write.node);
      if ([...writtenFieldNames(write.node, file)].some((name) => provenanceKeys.has(normalise(name)))) continue;
      const scope = enclosingFunction(write.node) ?? file.sourceFile;
      const open = flows.find((flow) => !flow.keepsProvenance && !flow.checkedOnTheWay && !isCheckedIn(scope, flow, file));
      if (open) report(write.node, 'unchecked', { store: write.store, source: SOURCE_LABELS[open.kind] });
    }
  },
});
