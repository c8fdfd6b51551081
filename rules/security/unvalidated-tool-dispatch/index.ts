import { toolDispatchesIn } from './dispatch-sites.js';
import { requestArgumentUses } from './request-arguments.js';
import { defineRule } from '../../../src/engine/rule.js';

export default defineRule({
  id: 'security/unvalidated-tool-dispatch',
  category: 'security',
  severity: 'high',
  confidence: 'medium',
  title: 'Model-chosen tool dispatched without an allow-list or argument schema',
  // The trap is where the tool loop runs: a chat app that dispatches tool calls in the page is an agent too.
  roles: ['server', 'browser'],
  taxonomy: {
    microsoft: ['function-compromise', 'excessive-agency', 'agent-flow-manipulation', 'mcp-plugin-abuse'],
    owaspLlm: ['LLM05:2025', 'LLM06:2025'],
    owaspAgentic: ['T2', 'T11', 'ASI02', 'ASI05'],
    cwe: ['CWE-470', 'CWE-20'],
  },
  docs: {
    summary: 'Flags hand-written tool-call loops that look up the tool the model named with no own-property or allow-list check, switch on its name with no default that refuses unknown names, or pass the model\'s arguments to the handler without schema validation.',
    details: [
      'A lookup of the tool the model named (`tools[call.function.name](…)`, `registry.get(name)(…)`) needs an own-property or allow-list check. A search of a list (`tools.find((t) => t.name === call.function.name)`) finds only listed tools: there only the arguments are judged.',
      'A switch on the tool name needs a default that refuses unknown names.',
      'The model\'s arguments (`JSON.parse(call.function.arguments)`, a Responses API `function_call` item\'s `arguments`, a tool_use block\'s `input`) need schema validation before they reach the handler.',
      'MCP servers built on the SDK\'s low-level `Server` (`setRequestHandler(CallToolRequestSchema, …)`) are judged too: the SDK does not check `request.params.arguments` against the advertised inputSchema, so arguments read there with no schema parse or checking reader are reported.',
    ],
    notFlagged: [
      'Tools run by a framework that validates them (AI SDK, LangChain, OpenAI Agents, McpServer.tool/registerTool, FastMCP) are not judged: the framework does the validation itself.',
      'The tool calls an AI SDK result hands back (generateText/streamText toolCalls, toolResults, step callbacks) are not judged: the SDK only returns calls of the tools it was given, their input parsed by each tool\'s schema.',
    ],
    why: 'The tool name and its arguments are model output, and model output follows whatever instructions reached the context: a poisoned web page or document can make the model name a tool it was never offered or pass arguments of any shape. Looking the name up in a plain object reaches inherited members (`constructor`, `toString`) and any function that happens to sit in the table; an unknown name crashes the loop or is silently ignored; unvalidated arguments reach code that trusts their types. An allow-list check and a schema parse at this boundary turn all of these into a clear error the model can recover from.',
    bad: `import OpenAI from 'openai';
import { tools } from './tools.js';

const openai = new OpenAI();

export async function step(messages: OpenAI.ChatCompletionMessageParam[]) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages, tools: [] });
  for (const call of completion.choices[0]?.message.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    const output = await tools[call.function.name](JSON.parse(call.function.arguments));
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
  }
}`,
    good: `import OpenAI from 'openai';
import { tools } from './tools.js';

const openai = new OpenAI();

export async function step(messages: OpenAI.ChatCompletionMessageParam[]) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4.1', messages, tools: [] });
  for (const call of completion.choices[0]?.message.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    if (!Object.hasOwn(tools, call.function.name)) throw new Error(\`unknown tool \${call.function.name}\`);
    const tool = tools[call.function.name];
    const output = await tool.run(tool.schema.parse(JSON.parse(call.function.arguments)));
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
  }
}`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/',
      'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/',
      'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/',
      'https://cwe.mitre.org/data/definitions/470.html',
      'https://platform.openai.com/docs/guides/function-calling',
    ],
  },
  hint: 'Check the tool name against the tools you offered (Object.hasOwn / Map.has, or a switch whose default returns an error) and parse the arguments with the tool\'s schema (zod/ajv) before running it.',
  messages: {
    uncheckedName: 'The model-chosen tool `{{name}}` is looked up and run with no allow-list or own-property check: unknown or inherited names reach code nobody offered the model.',
    uncheckedArguments: 'The model\'s arguments reach the tool looked up by `{{name}}` without schema validation: parse them with the tool\'s schema first.',
    switchWithoutDefault: 'Switch on the model-chosen tool name `{{name}}` has no default that refuses unknown tools: a hallucinated or injected name is silently ignored.',
    handlerArguments: 'The model\'s arguments for `{{name}}` are passed to the handler without schema validation.',
    requestArguments: 'The tool arguments read here (`{{read}}`) by this {{framework}} tool-call handler get no schema validation: the server does not check them against the advertised inputSchema, so any shape the model writes reaches the tools.',
  },
  check({ file, report, checked }) {
    for (const use of requestArgumentUses(file)) {
      const [first] = [...use.reads].sort((a, b) => a.pos - b.pos);
      if (use.validated || !first) checked(use.handler.call);
      else if (use.usedRaw) report(first, 'requestArguments', { framework: use.handler.entry.id, read: first.getText(file.sourceFile) });
    }
    for (const dispatch of toolDispatchesIn(file)) {
      const name = dispatch.key.getText(file.sourceFile);
      if (dispatch.kind === 'switch') {
        if (dispatch.hasDefault) checked(dispatch.statement);
        else report(dispatch.statement, 'switchWithoutDefault', { name });
      } else if (dispatch.kind === 'branch-handler') {
        if (dispatch.openArguments) report(dispatch.call, 'handlerArguments', { name });
        else checked(dispatch.call);
      } else if (dispatch.frameworkValidated) {
        checked(dispatch.call);
      } else if (!dispatch.nameChecked) {
        report(dispatch.call, 'uncheckedName', { name });
      } else if (dispatch.openArguments) {
        report(dispatch.call, 'uncheckedArguments', { name });
      } else {
        checked(dispatch.call);
      }
    }
  },
});
