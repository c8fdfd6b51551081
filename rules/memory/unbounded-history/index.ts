import { staticName, ts, unwrap } from '../../../src/model/ast.js';
import { moduleMatcher, pathMatches } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { growingHistories, type GrowingHistory } from '../../../src/domain/messages/message-history.js';
import { callsOneOf } from '../../../src/domain/messages/message-shape.js';
import type { MemoryClass } from '../../../src/catalog/types.js';
import { defineRule } from '../../../src/engine/rule.js';
import { storedListHistories } from './stored-lists.js';

const LIFETIME_TEXT: Record<GrowingHistory['lifetime'], string> = {
  module: 'module-level array',
  field: 'class field',
  closure: 'array captured by a per-event callback',
  loop: 'array appended to on every pass of a loop with no step cap',
  session: 'entry of a long-lived per-session store',
  stored: 'array read from a key-value store and written back under the same key',
};

function memoryClassOf(expr: ts.NewExpression, file: FileFacts): MemoryClass | undefined {
  const origin = file.originOf(expr.expression);
  if (!origin) return undefined;
  return file.classifier.history.memoryClasses.find((mc) => moduleMatcher([mc.module])(origin.module) && mc.calls.some((call) => pathMatches(origin.path, call)));
}

/** The object literal an argument is, or the const it names; undefined when it comes from elsewhere. */
function optionsObject(arg: ts.Expression | undefined, file: FileFacts): ts.ObjectLiteralExpression | 'none' | undefined {
  if (!arg) return 'none';
  const node = unwrap(arg);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const init = file.resolve(node.text, node)?.init;
    if (init && init.path.length === 0 && ts.isObjectLiteralExpression(unwrap(init.expression))) return unwrap(init.expression) as ts.ObjectLiteralExpression;
  }
  return undefined;
}

type OptionValue = { readonly set: false } | { readonly set: true; readonly literal?: boolean | number | string } | 'unknown';

/** `options.lastMessages` in `{ options: { lastMessages: false } }`. A spread on the way makes it unknown. */
function optionAt(obj: ts.ObjectLiteralExpression, path: readonly string[]): OptionValue {
  const [head, ...rest] = path;
  const prop = obj.properties.find((p) => staticName(p.name) === head);
  if (!prop) return obj.properties.some(ts.isSpreadAssignment) ? 'unknown' : { set: false };
  if (!ts.isPropertyAssignment(prop)) return { set: true };
  const value = unwrap(prop.initializer);
  if (rest.length > 0) return ts.isObjectLiteralExpression(value) ? optionAt(value, rest) : 'unknown';
  if (value.kind === ts.SyntaxKind.FalseKeyword) return { set: true, literal: false };
  if (value.kind === ts.SyntaxKind.TrueKeyword) return { set: true, literal: true };
  if (ts.isNumericLiteral(value)) return { set: true, literal: Number(value.text) };
  return { set: true };
}

/** bounded, unbounded, or undefined when the options come from elsewhere. */
function memoryIsBounded(expr: ts.NewExpression, memory: MemoryClass, file: FileFacts): boolean | undefined {
  const options = optionsObject(expr.arguments?.[0], file);
  if (options === undefined) return undefined;
  for (const path of memory.boundOptions) {
    const value = options === 'none' ? { set: false as const } : optionAt(options, path.split('.'));
    if (value === 'unknown') return undefined;
    if (!value.set) continue;
    return !('literal' in value && value.literal !== undefined && (memory.unboundedWhen ?? []).includes(value.literal));
  }
  return memory.boundedByDefault === true || usesTrimmer(file);
}

function usesTrimmer(file: FileFacts): boolean {
  return file.index.calls.some((call) => callsOneOf(file, file.classifier.history.trimmers, call.expression));
}

export default defineRule({
  id: 'memory/unbounded-history',
  category: 'memory',
  severity: 'medium',
  confidence: 'medium',
  title: 'Conversation history that grows without trim, window or summary',
  taxonomy: {
    microsoft: ['resource-exhaustion', 'session-context-contamination'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['T4', 'ASI08'],
    cwe: ['CWE-770', 'CWE-401'],
  },
  docs: {
    summary: 'Flags chat-message arrays that outlive a turn and Redis lists of chat turns read back whole, appended to with no trim or window, and conversation memories configured without a limit.',
    details: [
      'An array outlives a turn when it is at module level or a per-session entry of a module-level map.',
      'A local read from a key-value store and written back under the same key outlives the turn too, when it is sent to a model: `JSON.parse(await env.HISTORY.get(id) ?? \'[]\')` … `env.HISTORY.put(id, JSON.stringify(history))` (Cloudflare KV put, Redis or Vercel KV set, localStorage setItem: the catalog\'s history.storedValueReads and storedValueWrites). An expiry on the key does not bound it: within a session the list still grows every turn.',
      'A map entry also counts when a same-file helper hands it out, as in `const turns = conversationFor(userId)` returning `conversations.get(userId)!`.',
      'A class field counts when the class sends it to a model through an SDK or a plain HTTP request to a model API.',
      'Arrays captured by per-event callbacks and arrays in chat loops with no step cap also count.',
      'A slice, splice, shift, reset, length check or trim/summarise helper bounds the array.',
      'A conversation kept in a Redis list counts when a file appends to the list (`rpush`, `lPush`) and reads it back whole (`lrange(key, 0, -1)`) under the same key, and the list holds chat messages (`{ role, content }`, also serialised), or its key names a conversation (`history:${sessionId}`) in a file that calls a model.',
      'Conversation memories without a limit are LangChain BufferMemory and in-memory message histories, and Mastra Memory with lastMessages: false.',
    ],
    notFlagged: [
      'A copy that a same-file helper returns, such as `.slice(-10)`, is not flagged: it keeps nothing.',
      'A Redis list read in a bounded range (`lrange(key, -20, -1)`), trimmed anywhere in the project (`ltrim`), or whose file sets an expiry on keys is not flagged, nor a list of jobs or events whose key names no conversation.',
    ],
    why: 'Every turn resends the whole conversation. Cost and latency grow with each message, the process holds every conversation forever, and once the history passes the model context window the call fails or the provider silently drops the oldest turns, often the system prompt with them. A long session ends in an error nobody saw in the demo. Keep a window of recent turns, trim to a token budget, or summarise older turns.',
    bad: `import OpenAI from 'openai';

const openai = new OpenAI();
const history: OpenAI.ChatCompletionMessageParam[] = [];

export async function reply(text: string) {
  history.push({ role: 'user', content: text });
  const res = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: history });
  return res.choices[0].message.content;
}`,
    good: `import OpenAI from 'openai';

const openai = new OpenAI();
const history: OpenAI.ChatCompletionMessageParam[] = [];
const MAX_TURNS = 20;

export async function reply(text: string) {
  history.push({ role: 'user', content: text });
  if (history.length > MAX_TURNS) history.splice(0, history.length - MAX_TURNS);
  const res = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: history });
  return res.choices[0].message.content;
}`,
    references: [
      'https://js.langchain.com/docs/how_to/trim_messages/',
      'https://mastra.ai/docs/memory/overview',
      'https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/',
      'https://cwe.mitre.org/data/definitions/770.html',
    ],
  },
  hint: 'Keep a window of recent turns (history.slice(-N), splice when over a cap), trim to a token budget (trimMessages) or summarise older turns; give memory classes a limit (k, maxTokenLimit, lastMessages).',
  messages: {
    growingHistory: 'Conversation history `{{name}}` ({{lifetime}}) is appended to on every turn with no trim, window or summary: cost grows per turn until the context window overflows.',
    storedHistory: 'Conversation history in the list `{{key}}` gets every turn appended and is read back whole (0 to -1), and nothing trims the list or expires its key: cost grows per turn until the context window overflows.',
    unboundedMemory: '{{memory}} keeps the whole conversation and sends it to the model on every turn: set a window or token limit, or trim it.',
  },
  check({ file, report, checked }) {
    for (const history of growingHistories(file)) {
      if (!history.isConversation) continue;
      checked(history.growth);
      if (!history.bounded) report(history.growth, 'growingHistory', { name: history.name, lifetime: LIFETIME_TEXT[history.lifetime] });
    }
    // An unbounded list is reported only while no file of the project trims lists (`ltrim`).
    const trimmedSomewhere = { not: { memberNeverNamed: file.classifier.history.listTrims } };
    for (const history of storedListHistories(file)) {
      if (history.bounded) checked(history.append);
      else report(history.append, 'storedHistory', { key: history.key }, { unless: trimmedSomewhere });
    }
    for (const expr of file.index.newExpressions) {
      const memory = memoryClassOf(expr, file);
      if (!memory) continue;
      const bounded = memoryIsBounded(expr, memory, file);
      if (bounded === undefined) continue;
      checked(expr);
      if (!bounded) report(expr, 'unboundedMemory', { memory: staticName(ts.isPropertyAccessExpression(expr.expression) ? expr.expression.name : expr.expression) ?? memory.id });
    }
  },
});
