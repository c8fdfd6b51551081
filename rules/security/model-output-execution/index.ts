import type { CodeSinkKind } from '../../../src/catalog/types.js';
import { calleeLastName, enclosingFunction, isFunctionLike, literalPropertyValues, receivingCall, ts } from '../../../src/model/ast.js';
import { codeSinksIn } from '../../../src/domain/untrusted/code-sinks.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isClearedAtSink, sinkTrace } from '../../../src/domain/untrusted/sink-flows.js';
import { enclosingParameter, type UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';
import { hasApprovalOption } from '../../../src/domain/tools/approval-option.js';
import { calleeContext, calleeRef, type CalleeContext, type CalleeRef } from '../../../src/model/summaries/callee-refs.js';
import { isProjectCallFlow, projectCallSource } from '../../../src/model/summaries/flow-facts.js';
import { dispatchedTableName, TABLE_DISPATCH } from '../../../src/model/dispatch-tables.js';
import { defineRule } from '../../../src/engine/rule.js';
import { definedTools, isToolClassMethod, toolDefinitionCallOf } from '../../../src/domain/tools/tool-definitions.js';
import { toolRequestHandlersIn } from '../../../src/domain/tools/request-handlers.js';

const SINK_LABELS: Readonly<Record<CodeSinkKind, string>> = {
  code: 'evaluated as JavaScript',
  shell: 'run as a command',
  module: 'loaded as a module',
  sql: 'run as SQL text',
  'file-path': 'used as a file path to write or delete',
};

const IMPACT: Readonly<Record<CodeSinkKind, string>> = {
  code: 'remote code execution',
  shell: 'command injection',
  module: 'loading attacker-chosen code',
  sql: 'SQL injection',
  'file-path': 'an attacker-chosen file write or delete',
};

const MODEL_KINDS: ReadonlySet<string> = new Set(['model-output', 'tool-input']);
const PROJECT_KINDS: ReadonlySet<string> = new Set(['project-call']);
const ALL_KINDS: ReadonlySet<string> = new Set([...MODEL_KINDS, ...PROJECT_KINDS]);

/**
 * Where model output or a tool call's arguments can be handed to a project function: the functions
 * (and the file, for top-level code) around each model call, and every tool implementation
 * (`execute: async ({ cmd }) => runShell(cmd)`, a tool class's `_call`, an MCP tool-call handler).
 */
function functionsHoldingModelOutput(file: FileFacts): Set<ts.Node> {
  const found = new Set<ts.Node>();
  for (const site of file.callSites) {
    if (site.entry.kind !== 'llm') continue;
    found.add(file.sourceFile);
    for (let fn = enclosingFunction(site.node); fn; fn = enclosingFunction(fn)) found.add(fn);
  }
  // Definitions give their handlers, decorated methods included; tool classes' methods are found by their base class.
  for (const { handler } of definedTools(file)) if (handler) found.add(handler);
  for (const { handler } of toolRequestHandlersIn(file)) found.add(handler);
  for (const fn of file.index.functions) if (ts.isMethodDeclaration(fn) && isToolClassMethod(fn, file)) found.add(fn);
  return found;
}

/** `handlers[…]` for a call through a table of functions looked up at run time. */
function tableCallName(call: ts.CallExpression, file: FileFacts): string | undefined {
  const table = dispatchedTableName(call.expression, file.resolve);
  return table === undefined ? undefined : `${table}[…]`;
}

/** Is the call in one of these functions (or the file), also inside a callback nested in one (`[cmd].map((c) => run(c))`)? */
function insideOneOf(call: ts.Node, holders: ReadonlySet<ts.Node>, file: FileFacts): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) if (holders.has(fn)) return true;
  return holders.has(file.sourceFile) && enclosingFunction(call) === undefined;
}

/**
 * A tool's argument, where the tool's definition asks a person to approve each call
 * (`needsApproval: true`): the person sees the command or code before it runs.
 */
function approvedToolInput(flow: UntrustedFlow<string>, file: FileFacts): boolean {
  if (flow.kind !== 'tool-input') return false;
  const handler = enclosingParameter(flow.source)?.parent;
  const definition = handler && isFunctionLike(handler) ? (toolDefinitionCallOf(handler, file) ?? receivingCall(handler)) : undefined;
  return !!definition && hasApprovalOption(definition, file.classifier.humanApproval);
}

/** Visited nodes per traced call argument. */
const ARGUMENT_TRACE_BUDGET = 600;

const sourceLabel = (flows: readonly UntrustedFlow<string>[]): string => (flows[0]?.kind === 'tool-input' ? 'A tool-call argument' : 'Model output');

/** `Model output returned by generateSql()`: the project calls whose summaries decide whether this is model output. */
function projectSourceLabel(calls: readonly ts.CallExpression[]): string {
  const names = [...new Set(calls.map((call) => calleeLastName(call.expression) ?? 'a project function'))].slice(0, 3);
  return `Model output returned by ${names.join('() or ')}()`;
}

/**
 * `save({ result, filename: 'run-1' })`: the properties of an object literal argument whose values carry
 * the flow, so the callee's summary can tell whether those, or only others, reach its sink. Undefined
 * when the argument is no plain object literal (a spread, a computed key): then it counts as a whole.
 */
function carryingProperties(arg: ts.Expression, carries: (value: ts.Expression) => boolean): string[] | undefined {
  const values = literalPropertyValues(arg);
  return values && [...values].filter(([, value]) => carries(value)).map(([name]) => name);
}

const projectCalls = (flows: readonly UntrustedFlow<string>[]): ts.CallExpression[] => flows.flatMap((flow) => (isProjectCallFlow(flow) && ts.isCallExpression(flow.source) ? [flow.source] : []));

function calleesOf(calls: readonly ts.CallExpression[], context: CalleeContext, file: FileFacts): CalleeRef[] {
  return calls.flatMap((call) => {
    const ref = calleeRef(call, context, file);
    return ref ? [ref] : [];
  });
}

export default defineRule({
  id: 'security/model-output-execution',
  category: 'security',
  severity: 'critical',
  confidence: 'medium',
  title: 'Model output executed as code, shell command, SQL or file path',
  taxonomy: {
    microsoft: ['agent-compromise', 'xpia', 'insufficient-isolation', 'excessive-agency'],
    owaspLlm: ['LLM05:2025', 'LLM01:2025', 'LLM06:2025'],
    owaspAgentic: ['T11', 'T2', 'ASI05', 'ASI02'],
    cwe: ['CWE-94', 'CWE-95', 'CWE-78', 'CWE-89', 'CWE-73', 'CWE-829'],
  },
  docs: {
    summary: 'Flags model output or tool-call arguments that reach eval, a shell command, a dynamic import, raw SQL text or a file path that is written or deleted, with no schema validation, allow-list or containment check on the way.',
    details: [
      'Model output is LLM SDK results, AI SDK and LangChain generations, and tool-call arguments, including those of handlers handed to a tool by name (`server.tool(\'run\', schema, handleRun)`), of low-level MCP handlers, of LangChain tool subclasses and of decorator-defined actions.',
      'The sinks are eval, new Function, vm, a browser page\'s evaluate, a shell command, a dynamic import/require, raw SQL text, and a file path that is written or deleted. `promisify(exec)` is exec.',
      'The flow may cross files: a project function that returns model output (directly or through a wrapper class), or one whose parameter reaches such a sink, is followed through the project\'s function summaries, also when a tool hands its argument to it (`execute: async ({ command }) => runShell(command)`).',
      'An options object passed to a function that destructures it is followed by property, so only the properties that reach the sink count.',
      'A function kept in a table the code looks up by a key known only at run time receives what that call passes: with raw function calling, `handlers[call.function.name](JSON.parse(call.function.arguments))` hands the model\'s arguments to every handler of the table, a table of the same file or one another file exports (`export const handlers = { query_orders: ({ sql }) => runSql(sql) }`), whose handlers\' parameters the function summaries follow to their sinks.',
      'Only an approval option on the tool\'s definition exempts its arguments. Other approval steps (a confirm prompt in the handler, an agent-level setting) are not read by this rule.',
    ],
    notFlagged: [
      'Model text that lands in a file\'s content and not in its path is not flagged: `save({ body: text, name: \'report\' })` into `({ body, name }) => writeFileSync(name, body)` puts the model\'s text in the file, not in its path.',
      'A tool argument the schema closes (`z.enum([...])`, `z.number()`, `z.boolean()`, a literal, a JSON Schema `enum` or numeric type, with no `.transform` after) is not flagged. It is none of the model\'s text: the framework rejects any other value before the tool runs.',
      'The arguments of a tool whose definition asks a person to approve each call (`needsApproval: true`, `requireApproval`, the catalog\'s humanApproval.toolOptions) are not flagged, because the person sees the command or code first.',
      'Values that pass a sanitiser on the way are not flagged: a base name, a shell or SQL escape, a number, a hash digest, or a `replace` that keeps only letters, digits, `_`, `-` and `.` (`name.replace(/[^a-zA-Z0-9_-]/g, \'_\')`). What is left can no longer change the command, query or path.',
      'SQL whose model values are bound apart from the text (parameterised queries, prepared statements, tagged `sql` templates) is not flagged, because the values never become part of the SQL text.',
      'Argument lists run by execFile or spawn without a shell are not flagged, because no shell parses the model\'s text.',
      'File reads are not flagged here, because security/unscoped-filesystem-tool judges those for tools.',
      'Code handed to a remote sandbox service (an E2B-style code interpreter) is not flagged, because it runs there rather than in this process. `vm` is no sandbox and is flagged.',
    ],
    why: 'Whatever a model writes can be steered by anyone who gets text in front of it: a web page it read, a document it retrieved, a user message. When that text is evaluated, run through a shell, spliced into SQL or used as a path to write, a prompt injection becomes remote code execution, SQL injection or an overwritten file, with the agent\'s privileges. Treat model output like user input: parse it against a schema, map it onto a fixed set of commands or paths, and pass values to SQL as bound parameters.',
    bad: `import OpenAI from 'openai';
import { execSync } from 'node:child_process';

const openai = new OpenAI();

export async function runSuggestedCommand(task: string) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`Shell command for: \${task}\` }],
  });
  const command = completion.choices[0].message.content ?? '';
  return execSync(command).toString();
}`,
    good: `import OpenAI from 'openai';
import { execFileSync } from 'node:child_process';

const openai = new OpenAI();
const ALLOWED = ['status', 'log', 'diff'];

export async function runSuggestedCommand(task: string) {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: \`One of status, log, diff for: \${task}\` }],
  });
  const subcommand = (completion.choices[0].message.content ?? '').trim();
  if (!ALLOWED.includes(subcommand)) throw new Error('unexpected command');
  return execFileSync('git', [subcommand]).toString();
}`,
    references: [
      'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/',
      'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/',
      'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://cwe.mitre.org/data/definitions/89.html',
    ],
  },
  hint: 'Validate model output with a schema or map it onto a fixed allow-list before it runs; use execFile with an argument array, parameterised SQL, and paths contained to a root directory.',
  messages: {
    executed: '{{source}} is {{sink}} by {{call}}() with no schema validation or allow-list on the way: a prompt injection becomes {{impact}}.',
    passedToSink: '{{source}} is passed to {{call}}(), which {{sink}} elsewhere in the project, with no schema validation or allow-list on the way: a prompt injection becomes {{impact}}.',
  },
  check({ file, report, checked }) {
    const context = calleeContext(file);
    const openSource = projectCallSource(file, context);
    const trace = sinkTrace(file, ALL_KINDS, { openSource });
    const modelTrace = sinkTrace(file, MODEL_KINDS);
    const projectTrace = sinkTrace(file, PROJECT_KINDS, { openSource });
    for (const use of codeSinksIn(file)) {
      const flows = use.payloads.flatMap(trace);
      const model = flows.filter((flow) => MODEL_KINDS.has(flow.kind) && !approvedToolInput(flow, file));
      const call = use.id === 'import' ? 'import' : (calleeLastName(use.call.expression) ?? use.id);
      const data = { sink: SINK_LABELS[use.kind], call, impact: IMPACT[use.kind] };
      if (model.length > 0) {
        checked(use.call);
        if (!isClearedAtSink(use, model, file, modelTrace)) report(use.call, 'executed', { source: sourceLabel(model), ...data });
        continue;
      }
      // `db.query(await generateSql(q))` with generateSql in another file: its summary decides.
      const open = flows.filter(isProjectCallFlow);
      if (open.length === 0 || isClearedAtSink(use, open, file, projectTrace)) continue;
      const calls = projectCalls(open);
      const from = { returns: 'returnsModelOutput' as const, callees: calleesOf(calls, context, file) };
      report(use.call, 'executed', { source: projectSourceLabel(calls), ...data }, { notApplicableIf: { unprovenFlow: { file: file.path, from } } });
    }
    // `runQuery(await llm(…))` with runQuery in another file: its summary says whether the parameter reaches a sink.
    // Only in functions that call a model or implement a tool, and at calls through a table of functions
    // (`handlers[call.function.name](args)`, raw function calling): tracing every argument of every call of a bundle costs too much.
    const callingModel = functionsHoldingModelOutput(file);
    const dispatches = new Set(file.index.calls.filter((call) => call.arguments.length > 0 && dispatchedTableName(call.expression, file.resolve) !== undefined));
    if (callingModel.size === 0 && dispatches.size === 0) return;
    const argumentTrace = sinkTrace(file, ALL_KINDS, { openSource, budget: ARGUMENT_TRACE_BUDGET });
    const argumentModelTrace = sinkTrace(file, MODEL_KINDS, { budget: ARGUMENT_TRACE_BUDGET });
    const argumentProjectTrace = sinkTrace(file, PROJECT_KINDS, { openSource, budget: ARGUMENT_TRACE_BUDGET });
    const sinkCalls = new Set<ts.Node>(codeSinksIn(file).map((use) => use.call));
    for (const call of file.index.calls) {
      if (call.arguments.length === 0 || !(dispatches.has(call) || insideOneOf(call, callingModel, file)) || sinkCalls.has(call) || file.callSiteOf(call) || file.localFunction(call.expression)) continue;
      const callee = calleeRef(call, context, file);
      // A table of this file: the trace follows its functions' parameters to their sinks (file.callersOf).
      if (!callee || (callee.kind === 'local' && callee.key.endsWith(`.${TABLE_DISPATCH}`))) continue;
      call.arguments.forEach((arg, argument) => {
        if (ts.isLiteralExpression(arg) || isFunctionLike(arg)) return;
        const flows = argumentTrace(arg);
        const model = flows.filter((flow) => MODEL_KINDS.has(flow.kind) && !approvedToolInput(flow, file));
        const open = model.length > 0 ? [] : flows.filter(isProjectCallFlow);
        const use = { call, id: '', kind: 'code' as const, payloads: [arg] };
        if (model.length > 0 ? isClearedAtSink(use, model, file, argumentModelTrace) : open.length === 0 || isClearedAtSink(use, open, file, argumentProjectTrace)) return;
        const calls = projectCalls(open);
        const from = calls.length > 0 ? { from: { returns: 'returnsModelOutput' as const, callees: calleesOf(calls, context, file) } } : {};
        const data = { source: model.length > 0 ? sourceLabel(model) : projectSourceLabel(calls), call: tableCallName(call, file) ?? calleeLastName(call.expression) ?? 'a project function', sink: 'runs it as code, a command, SQL or a file path', impact: 'code, command or SQL injection' };
        const kinds = model.length > 0 ? MODEL_KINDS : PROJECT_KINDS;
        const properties = carryingProperties(arg, (value) => argumentTrace(value).some((flow) => kinds.has(flow.kind)));
        report(call, 'passedToSink', data, { notApplicableIf: { unprovenFlow: { file: file.path, into: { callee, argument, ...(properties ? { properties } : {}) }, ...from } } });
      });
    }
  },
});
