import { reaches } from './embedding-flow.js';
import { fixedSizeChunkings } from './fixed-size-chunks.js';
import { splitterSites } from './text-splitters.js';
import { defineRule } from '../../../src/engine/rule.js';

export default defineRule({
  id: 'memory/naive-chunking',
  category: 'memory',
  severity: 'low',
  confidence: 'medium',
  title: 'Fixed-size chunking with no overlap for retrieval',
  taxonomy: {
    microsoft: ['hallucinations'],
    owaspLlm: ['LLM08:2025', 'LLM09:2025'],
    owaspAgentic: ['T5'],
    cwe: [],
  },
  docs: {
    summary: 'Flags text cut into fixed-size windows with no overlap before it is embedded or stored for retrieval.',
    details: [
      'Character and token splitters (LangChain, LlamaIndex, Mastra, Chonkie) are flagged when set to overlap 0 or defaulting to it.',
      'Hand-rolled `text.slice(i, i + N)` loops or `.match(/.{1,N}/g)` are flagged when their chunks reach an embedding call or a vector-store write in the same file.',
    ],
    notFlagged: [
      'Recursive, sentence, markdown and semantic splitters are not flagged: they cut where the text\'s structure or meaning breaks, not into fixed-size windows.',
    ],
    why: 'A cut every N characters falls mid-sentence and mid-fact. With no overlap, a fact that straddles a boundary exists in no single chunk, so similarity search cannot find it whole and the model answers from a fragment — or fills the gap itself. Overlap between windows, or splitting at paragraph, sentence, heading or meaning boundaries, keeps each retrievable unit self-contained.',
    bad: `import OpenAI from 'openai';

const openai = new OpenAI();
export async function embedNotes(text: string) {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 800) chunks.push(text.slice(i, i + 800));
  return openai.embeddings.create({ model: 'text-embedding-3-small', input: chunks });
}`,
    good: `import OpenAI from 'openai';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

const openai = new OpenAI();
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 800, chunkOverlap: 120 });
export async function embedNotes(text: string) {
  const chunks = await splitter.splitText(text);
  return openai.embeddings.create({ model: 'text-embedding-3-small', input: chunks });
}`,
    references: [
      'https://js.langchain.com/docs/concepts/text_splitters/',
      'https://ts.llamaindex.ai/docs/llamaindex/modules/ingestion_pipeline/transformations/node-parser',
      'https://mastra.ai/reference/rag/chunk',
      'https://owasp.org/www-project-top-10-for-large-language-model-applications/',
    ],
  },
  hint: 'Overlap consecutive chunks (10–20% of the chunk size) or split at structure: a recursive, sentence, markdown or semantic splitter.',
  messages: {
    splitterNoOverlap: '{{splitter}} cuts fixed-size chunks with {{overlap}}: facts that straddle a boundary are split across chunks and retrieved in fragments.',
    handRolled: 'Text is cut into fixed-size windows with no overlap before it is embedded: facts that straddle a boundary are split across chunks and retrieved in fragments.',
  },
  check({ file, report, checked }) {
    for (const site of splitterSites(file)) {
      if (site.splitter.structureAware) {
        checked(site.node);
        continue;
      }
      // Options built elsewhere may carry an overlap: not judged.
      if (site.overlap === undefined) continue;
      if (site.overlap > 0) checked(site.node);
      else report(site.node, 'splitterNoOverlap', { splitter: site.node.expression.getText(), overlap: site.defaulted ? 'no overlap by default' : 'overlap set to 0' });
    }
    for (const chunking of fixedSizeChunkings(file)) {
      // Cutting a message for a chat limit or a stream is not retrieval: only chunks that are embedded or stored count.
      if (!reaches(chunking.node, file)) continue;
      if (chunking.overlapping) checked(chunking.node);
      else report(chunking.node, 'handRolled');
    }
  },
});
