import { judgedResponses, type Disclosure } from './disclosed-capabilities.js';
import { defineRule } from '../../../src/engine/rule.js';
import { someCallReaches } from '../../../src/model/reaches.js';

export default defineRule({
  id: 'security/capability-disclosure',
  category: 'security',
  severity: 'medium',
  confidence: 'medium',
  title: 'Internal errors, system prompt or tool schemas returned to clients',
  taxonomy: {
    microsoft: ['capability-disclosure'],
    owaspLlm: ['LLM07:2025', 'LLM02:2025'],
    owaspAgentic: ['ASI04', 'T2'],
    cwe: ['CWE-209', 'CWE-497', 'CWE-200'],
  },
  docs: {
    summary: 'Flags route handlers and Next.js server actions whose response carries a caught error\'s internals, an error thrown by an LLM, HTTP or vector-store call or an agent run, the system prompt or the tool set handed to the model.',
    details: [
      'It judges route handlers of express, fastify, hono, koa and Next.js, and Next.js server actions: what a `\'use server\'` action returns goes back to the client that posted to it.',
      'A caught error\'s stack (or cause, request, response) in the response is flagged.',
      'An error thrown by an LLM, HTTP or vector-store call or an agent run (`agent.invoke`, `run(agent, …)`) is flagged whether the response sends it whole, as a string, or its message, and whether the call is made in the handler itself or in a project function the handler calls.',
      'The system prompt or agent instructions, and the tool set handed to the model, are flagged when the response carries them.',
      'Stacks and causes are flagged whoever owns the key or wrote the message: the exemptions for the caller\'s own key and for the route\'s own messages do not cover them.',
    ],
    notFlagged: [
      'Generic messages and validation errors of the client\'s own input are not flagged: they carry no internals of the server.',
      'Development-only branches are not flagged: they do not run in production.',
      'MCP servers are not flagged, because an MCP server must list its tools.',
      'The error (or its message) of an LLM call made with the caller\'s own key is not flagged: with bring your own key, the client is built in the handler with a key from the request or from the caller\'s stored settings, not from the server\'s environment or configuration, and the error goes back to the key\'s owner to fix their settings.',
      'The message of an error the route writes itself is not flagged: a try block whose requests are fetch calls, reaching no model, that answers a failed status with `throw new Error(`Lookup failed: ${res.status}`)` and throws nothing but its own words and a status. A network failure of such a fetch says only "fetch failed".',
    ],
    why: 'An error from a model or tool call carries the provider, model name, internal URLs, request ids and sometimes parts of the request; a stack adds file paths and library versions. The system prompt and tool schemas are the agent\'s blueprint: returned to a client they tell an attacker which guardrails to talk around and which tools to aim an injection at (capability / architecture disclosure). Log the detail server-side and return a generic message with a request id.',
    bad: `import express from 'express';
import OpenAI from 'openai';

const openai = new OpenAI();
const app = express();
app.post('/chat', async (req, res) => {
  try {
    const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages: req.body.messages });
    res.json(completion.choices[0].message);
  } catch (err) {
    res.status(500).json({ error: err.message, stack: err.stack });
  }
});`,
    good: `import express from 'express';
import OpenAI from 'openai';

const openai = new OpenAI();
const app = express();
app.post('/chat', async (req, res) => {
  try {
    const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages: req.body.messages });
    res.json(completion.choices[0].message);
  } catch (err) {
    const requestId = crypto.randomUUID();
    console.error({ requestId, err });
    res.status(500).json({ error: 'The assistant is unavailable, try again later.', requestId });
  }
});`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm072025-system-prompt-leakage/',
      'https://cwe.mitre.org/data/definitions/209.html',
      'https://expressjs.com/en/guide/error-handling.html',
    ],
  },
  hint: 'Log errors server-side with a request id and return a generic message; never send stacks, raw upstream errors, the system prompt or tool schemas to clients.',
  messages: {
    rawError: 'Response sends an error thrown by an LLM or upstream call, whole or as a string: provider, status, request ids and internal URLs leak to the client.',
    errorDetail: 'Response sends an error\'s internals (stack, cause or request) to the client.',
    errorMessage: 'Response sends the message of an error thrown by an LLM or upstream call: provider, model and internal URLs leak to the client.',
    systemPrompt: 'Response sends the system prompt / agent instructions to the client (system prompt leakage).',
    toolSchemas: 'Response sends the agent\'s tool set to the client: it maps what an injected prompt can make the agent do.',
  },
  check({ file, report, checked }) {
    for (const { sink, disclosure, onlyIfReachesModel } of judgedResponses(file)) {
      if (!disclosure || onlyIfReachesModel?.length === 0) checked(sink.node);
      else if (!onlyIfReachesModel) report(sink.node, disclosure satisfies Disclosure);
      else {
        // A plain request's network error is the client's to read, and an error of project code that
        // calls no model is the project's own: unless a project function it calls reaches a model.
        const reaches = someCallReaches(onlyIfReachesModel, file, 'llm');
        report(sink.node, disclosure satisfies Disclosure, undefined, reaches ? { unless: { not: reaches } } : undefined);
      }
    }
  },
});
