import { calleeLastName, calleeReceiverName, isFunctionLike, ts, type FunctionLike } from '../../../src/model/ast.js';
import { moduleMatcher } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { definedTools, toolDisplayName } from '../../../src/domain/tools/tool-definitions.js';
import { isDestructiveTool } from '../../../src/domain/tools/destructive-calls.js';
import { TOOLKIT_PACKAGE } from '../../../src/domain/tools/toolkit-package.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';
import { defineRule } from '../../../src/engine/rule.js';

/** A call that leaves a record: a logger or audit method, a span API, a logging library. */
function isRecordingCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const { loggingReceivers, loggingMethods, loggingModules } = facts.classifier.agents;
  const receiver = calleeReceiverName(call.expression);
  const method = calleeLastName(call.expression);
  if (receiver && loggingReceivers.includes(receiver) && method && loggingMethods.includes(method)) return true;
  // A helper named for it: logAiEvent(), auditAction(), recordToolCall(), traceStep().
  if (method && /^(log|audit|record|trace)([A-Z_]|$)/.test(method)) return true;
  const origin = facts.originOf(call.expression);
  if (origin && origin.module !== 'globalThis' && moduleMatcher(loggingModules)(origin.module)) return true;
  return method !== undefined && facts.classifier.observability.tracingWrappers.includes(method);
}

/** Does the handler (or a same-file helper it calls) record what it did? */
function recordsItself(fn: FunctionLike | undefined, facts: FileFacts, depth = 0): boolean {
  if (!fn?.body || depth > 2) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      if (isRecordingCall(node, facts)) found = true;
      else if (recordsItself(facts.localFunction(node.expression), facts, depth + 1)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/** The handler is wrapped in a span or logger at definition (`execute: traceable(async () => …)`). */
function wrappedInSpan(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (isFunctionLike(node) && node.parent !== call)) return;
    if (ts.isCallExpression(node) && node !== call && isRecordingCall(node, facts)) found = true;
    ts.forEachChild(node, visit);
  };
  for (const arg of call.arguments ?? []) visit(arg);
  return found;
}

export default defineRule({
  id: 'observability/unlogged-tool-call',
  category: 'observability',
  severity: 'low',
  confidence: 'medium',
  title: 'Side-effecting tool handler that leaves no log, trace or audit record',
  taxonomy: {
    microsoft: ['insufficient-transparency'],
    owaspLlm: ['LLM06:2025'],
    owaspAgentic: ['T8'],
    cwe: ['CWE-778'],
  },
  docs: {
    summary: 'Flags tools exposed to models whose handler changes the world (delete, send, pay, deploy, exec…) and records nothing: no logger or audit call, no span, in a project without tracing.',
    details: [
      'It judges tools exposed to models through the AI SDK, LangChain, Mastra, VoltAgent and MCP. In compiled JavaScript an MCP server is often a plain parameter (`export const registerX = (server) => server.tool(\'x\', …, async (args) => …)`): such a registration is known by its shape, a name first and a handler last.',
      'A command an SDK sends is read by its name: `s3.send(new DeleteObjectCommand(…))` deletes and `new GetObjectCommand(…)` reads.',
      'A logger or audit call or a span counts as a record, and only projects without tracing are judged.',
    ],
    notFlagged: [
      'A tool whose command line the code writes and that only reads is not flagged: `` execSync(`git log -- ${path}`) ``, `spawn(\'kubectl\', [\'get\', \'pods\'])` (the catalog\'s agents.readOnlyCommands). Shell control, redirection or substitution in its text (`ls; rm …`, `> out.txt`) makes it a command like any other, and what the model interpolates is judged by security/model-output-execution.',
      'A tool that only changes data its file keeps in memory (a const array or `Map` it creates and fills with plain data only, as a demo server does) is not flagged: it changes nothing anyone audits. A `Map` of sockets or clients is no such data.',
      'OpenAI Agents SDK and VoltAgent tools are not flagged: they are traced by default, with a span per call that holds its input.',
      'Tools of a published toolkit (a package with an entry point to import and no command of its own) are not flagged: the application that registers them records their calls with its own logger or tracing.',
      'Tools of an MCP server that speaks only stdio (it imports the stdio server transport and no HTTP one: the catalog\'s observability.localToolServerModules and remoteToolServerModules) are not flagged: one person\'s host starts it and keeps each call, with its arguments and the person\'s approval, in its transcript. Served over HTTP, it answers many users, and only the server can record who did what.',
      'A message to the calling client about the request itself (`extra.sendNotification({ method: \'notifications/progress\', … })`) is no action on the world.',
    ],
    why: 'When an agent deletes a record, emails a customer or moves money, someone will ask who did it and why. Without an audit record of the tool call (arguments, caller, outcome) the action cannot be attributed or reversed with confidence — repudiation, in the Microsoft taxonomy’s logging-and-monitoring terms.',
    bad: `import { tool } from 'ai';
import { z } from 'zod';
import { db } from './db.js';

export const deleteCustomer = tool({
  description: 'Delete a customer account',
  inputSchema: z.object({ id: z.string() }),
  execute: async ({ id }) => db.customers.delete(id),
});`,
    good: `import { tool } from 'ai';
import { z } from 'zod';
import { db } from './db.js';
import { logger } from './logger.js';

export const deleteCustomer = tool({
  description: 'Delete a customer account',
  inputSchema: z.object({ id: z.string() }),
  execute: async ({ id }) => {
    logger.info({ tool: 'deleteCustomer', id }, 'agent tool call');
    return db.customers.delete(id);
  },
});`,
    references: ['https://cwe.mitre.org/data/definitions/778.html', 'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/'],
  },
  hint: 'Record each side-effecting tool call (who, arguments, outcome) in a log, audit trail or span.',
  messages: {
    unlogged: 'Tool {{name}} changes state but records nothing: its calls cannot be audited or attributed.',
  },
  check({ file, report, checked }) {
    const { tracingModules, localToolServerModules, remoteToolServerModules } = file.classifier.observability;
    const tracing = { importsModule: tracingModules };
    // A local MCP server's host keeps each call in its transcript: the person who approved it has the record.
    const localHostRecords: ProjectCondition = { allOf: [{ importsModule: localToolServerModules }, { lacksModule: remoteToolServerModules }] };
    for (const tool of definedTools(file)) {
      const { call, definition, name, handler } = tool;
      if (definition.tracedByDefault) continue;
      if (!isDestructiveTool(name, handler, file)) continue;
      if (recordsItself(handler, file) || wrappedInSpan(call, file)) {
        checked(call, { unless: TOOLKIT_PACKAGE });
        continue;
      }
      // With tracing in the project, framework tool calls are captured as spans (AI SDK telemetry, LangChain callbacks).
      const hostRecords = file.classifier.humanApproval.hostConfirmed.includes(definition.id) ? localHostRecords : undefined;
      report(call, 'unlogged', { name: toolDisplayName(tool) ?? '(unnamed)' }, { unless: tracing, notApplicableIf: anyCondition(TOOLKIT_PACKAGE, hostRecords) });
    }
  },
});

