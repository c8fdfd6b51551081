import { sharedSessionState } from './session-state-audit.js';
import { defineRule } from '../../../src/engine/rule.js';

export default defineRule({
  id: 'security/shared-session-state',
  category: 'security',
  severity: 'high',
  confidence: 'medium',
  title: 'Conversation or memory state at module level, shared by every user',
  taxonomy: {
    microsoft: ['session-context-contamination', 'memory-poisoning', 'insufficient-isolation'],
    owaspLlm: ['LLM02:2025'],
    owaspAgentic: ['ASI06', 'ASI03', 'T1'],
    cwe: ['CWE-488', 'CWE-567'],
  },
  docs: {
    summary: 'Flags conversation history, memory and agent state that exists once per process and is changed or used by a request or message handler.',
    details: [
      'Request and message handlers are express, fastify, hono and koa routes, Next.js route handlers, ws and socket.io connections, Slack, Discord and Telegram bots, NestJS controllers and gateways, and serverless and worker entry points.',
      'Message arrays, transcripts and context objects at module level, or declared by the setup function that registers the handler, are flagged when a handler appends to them.',
      'The handler may be in another file: a module-level history or memory that a function of its file uses (`export async function reply(text)` pushing to `transcript`) is flagged when a route or request handler of the project calls that function, up to a few calls away. Called only from a command line or a job, it is one user\'s state and is not flagged.',
      'LangChain memories and message histories, OpenAI Agents sessions, ConversationChain and LlamaIndex chat engines are flagged when created at module level.',
      'Module-level instances of the file\'s own classes, and NestJS singleton providers, are flagged when they keep a conversation in a field.',
      'Thread ids (LangGraph `thread_id`, Mastra `thread`/`resource`, OpenAI `previous_response_id`) are flagged when passed to an agent as a literal or a module-level value.',
    ],
    notFlagged: [
      'State keyed by session or user is not flagged: each user reads and writes only their own entry.',
      'State made per request or connection, and request-scoped providers, are not flagged: each request or connection gets its own state.',
      'CLI scripts and browser modules are not flagged: their process or page serves a single user.',
    ],
    why: 'A server process answers every user with the same module. State declared at module level is created once, so a history pushed to in a request handler collects every user\'s turns, and the next request sends all of them to the model: one user\'s questions, answers and personal data appear in another user\'s context, where the model can repeat them, and what one user injects steers everyone\'s conversation. Concurrent requests interleave in the same array, so answers cross between users even when the code resets it. Key the state by a session or user id, or create it for each request or connection.',
    bad: `import express from 'express';
import OpenAI from 'openai';

const app = express();
const openai = new OpenAI();
const messages: OpenAI.ChatCompletionMessageParam[] = [];

app.post('/chat', async (req, res) => {
  messages.push({ role: 'user', content: String(req.body.message) });
  const completion = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: messages.slice(-20) });
  messages.push(completion.choices[0].message);
  res.json({ reply: completion.choices[0].message.content });
});

app.listen(3000);`,
    good: `import express from 'express';
import OpenAI from 'openai';

const app = express();
const openai = new OpenAI();
const sessions = new Map<string, OpenAI.ChatCompletionMessageParam[]>();

app.post('/chat', async (req, res) => {
  const sessionId = String(req.body.sessionId);
  const messages = sessions.get(sessionId) ?? [];
  messages.push({ role: 'user', content: String(req.body.message) });
  const completion = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: messages.slice(-20) });
  messages.push(completion.choices[0].message);
  sessions.set(sessionId, messages.slice(-20));
  res.json({ reply: completion.choices[0].message.content });
});

app.listen(3000);`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm022025-sensitive-information-disclosure/',
      'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
      'https://cwe.mitre.org/data/definitions/488.html',
      'https://cwe.mitre.org/data/definitions/567.html',
      'https://js.langchain.com/docs/how_to/message_history/',
      'https://langchain-ai.github.io/langgraphjs/concepts/persistence/',
    ],
  },
  hint: 'Key conversation state by session or user id (a Map keyed by session, a message-history store looked up by sessionId, a LangGraph checkpointer with a per-user thread_id, Mastra/VoltAgent memory with thread and resource ids), or create the history, memory and agent inside the request or connection handler.',
  messages: {
    conversation: '`{{name}}` ({{what}}) is conversation state shared by the whole process, and {{handler}} changes it for every request: one user\'s messages end up in every other user\'s context.',
    memory: '`{{name}}` ({{what}}) is created once at module level and used by {{handler}} with no session or user key: every caller reads and writes the same conversation.',
    singleton: '`{{name}}` is one instance for the whole process and {{handler}} calls it to change `{{what}}`: every user shares the same conversation.',
    managedSingleton: '`{{what}}` belongs to `{{name}}`, which the framework creates once for the whole process, and {{handler}} changes it for every caller: every user shares the same conversation.',
    thread: '{{handler}} passes `{{name}}` as {{what}} to the agent: every caller continues the same thread, so all users read and write one conversation history.',
  },
  check({ file, report, checked }) {
    const { handlers, states } = sharedSessionState(file);
    const failing = new Set(states.map((state) => state.handler.fn));
    for (const handler of handlers) if (!failing.has(handler.fn)) checked(handler.fn);
    for (const state of states) report(state.node, state.kind, { name: state.name, what: state.what, handler: state.handler.label }, state.notApplicableIf ? { notApplicableIf: state.notApplicableIf } : undefined);
  },
});
