import type { ProjectCondition } from '../../../src/model/project-conditions.js';
import { someCallReaches } from '../../../src/model/reaches.js';
import { defineRule } from '../../../src/engine/rule.js';
import { toolLoopsIn } from './tool-loops.js';

export default defineRule({
  id: 'security/unbounded-tool-loop',
  category: 'security',
  severity: 'medium',
  confidence: 'medium',
  title: 'Hand-written tool loop with no step limit',
  taxonomy: {
    microsoft: ['resource-exhaustion', 'agent-flow-manipulation'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['T4'],
    cwe: ['CWE-834', 'CWE-400'],
  },
  docs: {
    summary: 'Flags hand-written agent loops that ask the model again after running its tool calls and stop only when the model stops asking for tools, with no cap on the rounds.',
    details: [
      'The loop is a `while (true)`, `for (;;)` or `while (response.tool_calls?.length)` loop, or a function that calls itself, whose round asks the model (a catalog LLM call) and reads its tool calls (`tool_calls`, `toolCalls`, `functionCalls`, `finish_reason === \'tool_calls\'`, Anthropic\'s `stop_reason === \'tool_use\'`).',
      'The model may be asked one call away, through a project function whose result\'s tool calls the loop reads (`const reply = await callModel(messages)`, in any file); the loop counts once every file was seen if that function reaches a model.',
      'A comparison that counts rounds (`if (++step > MAX_STEPS) break`, `while (turn < maxTurns)`, a recursion depth parameter), a deadline (`Date.now() > deadline`) or an abort signal (`signal.aborted`) is a cap.',
    ],
    notFlagged: [
      'Loops that wait for a person each round (a chat REPL reading input) are not judged: no round starts until the person answers.',
      'The loops of agent frameworks are not judged: the frameworks cap them by default (AI SDK `stopWhen`/`maxSteps`, LangChain `maxIterations`, LangGraph `recursionLimit`, OpenAI Agents `maxTurns`).',
    ],
    why: 'The model decides when the loop ends. A model that keeps calling tools, whether confused by a tool\'s error, stuck between two tools, or steered by injected content in a tool result, runs rounds until something else gives up: each round is a paid model call on a growing context, and each tool call acts again. Every agent framework caps the rounds for this reason (OpenAI Agents 10 turns, LangChain 15 iterations, LangGraph 25 steps); a hand-written loop needs its own cap, and an answer for the user when it is reached.',
    bad: `import OpenAI from 'openai';
import { runTool, tools } from './tools.js';

const openai = new OpenAI();

export async function answer(messages: OpenAI.ChatCompletionMessageParam[]) {
  while (true) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages, tools });
    const message = completion.choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) messages.push(await runTool(call));
  }
}`,
    good: `import OpenAI from 'openai';
import { runTool, tools } from './tools.js';

const openai = new OpenAI();
const MAX_STEPS = 8;

export async function answer(messages: OpenAI.ChatCompletionMessageParam[]) {
  for (let step = 0; step < MAX_STEPS; step++) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages, tools });
    const message = completion.choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) messages.push(await runTool(call));
  }
  return 'I could not finish this within the step limit.';
}`,
    references: [
      'https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/',
      'https://openai.github.io/openai-agents-js/guides/running-agents/',
      'https://ai-sdk.dev/docs/agents/loop-control',
      'https://cwe.mitre.org/data/definitions/834.html',
    ],
  },
  hint: 'Count the rounds and stop at a cap (for (let step = 0; step < MAX_STEPS; step++)), answering the user when it is reached; or let a framework run the loop with its step limit.',
  messages: {
    loop: 'This tool loop asks the model again after each round of tool calls and ends only when the model stops calling tools: no step limit, so a model that keeps calling tools runs up model calls and tool actions without end.',
    recursion: '`{{name}}` calls itself after each round of tool calls and ends only when the model stops calling tools: no depth limit, so a model that keeps calling tools runs up model calls and tool actions without end.',
  },
  check({ file, report, checked }) {
    for (const loop of toolLoopsIn(file)) {
      // Asked through project functions: a tool loop once every file was seen, if one of them reaches a model;
      // otherwise no tool loop at all, and not counted.
      const reaches = someCallReaches(loop.throughProject ?? [], file, 'llm');
      const unless: ProjectCondition | undefined = reaches ? { not: reaches } : undefined;
      if (loop.bounded) checked(loop.node, unless ? { unless } : undefined);
      else if (loop.kind === 'loop') report(loop.node, 'loop', undefined, unless ? { notApplicableIf: unless } : undefined);
      else report(loop.node, 'recursion', { name: loop.node.expression.getText(file.sourceFile) }, unless ? { notApplicableIf: unless } : undefined);
    }
  },
});
