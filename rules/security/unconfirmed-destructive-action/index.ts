import { letterWords } from '../../../src/model/name-words.js';
import { staticName, ts } from '../../../src/model/ast.js';
import { destructiveAction } from './destructive-actions.js';
import { agentApprovedTools, hostConfirms, isPreviewTool, namesPreview } from './human-approval.js';
import { waitsForPerson } from '../../../src/domain/tools/person-approval.js';
import { destructiveMapMembers } from './dispatched-tools.js';
import { isApprovedTool } from '../../../src/domain/tools/agent-approval.js';
import { hasApprovalOption } from '../../../src/domain/tools/approval-option.js';
import { definedTools, HANDLER_KEYS, toolClasses, toolDisplayName, type DefinedTool } from '../../../src/domain/tools/tool-definitions.js';
import { argumentProperty } from '../../../src/inventory/values.js';
import { TOOLKIT_PACKAGE } from '../../../src/domain/tools/toolkit-package.js';
import { defineRule } from '../../../src/engine/rule.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';

/**
 * The definition runs something on the server: a function argument or an execute/func/handler option.
 * An AI SDK tool without `execute` is forwarded to the client, where the app shows it to the user.
 */
function runsOnServer(tool: DefinedTool): boolean {
  return tool.handler !== undefined || HANDLER_KEYS.some((key) => argumentProperty(tool.call, key) !== undefined);
}

/**
 * A decorated method's name when it reads as an action: `emailFinder`, `sendReceiver` are noun phrases
 * (a verb-looking word followed by an agent noun), not actions.
 */
function actionMethodName(method: ts.MethodDeclaration): string | null {
  const name = staticName(method.name);
  const second = name ? letterWords(name)[1] : undefined;
  return name && !(second && /(er|or)$/.test(second)) ? name : null;
}


/**
 * A toolkit's tools are approved where the application registers them, and an agent set up in another
 * file may hold the tool for approval (`interruptOn: { delete_file: true }`).
 */
const approvedElsewhere = (name: string | null): ProjectCondition | undefined => anyCondition(TOOLKIT_PACKAGE, { inWorkspace: { agentApproves: name } });

export default defineRule({
  id: 'security/unconfirmed-destructive-action',
  category: 'security',
  severity: 'high',
  confidence: 'medium',
  title: 'Destructive tool the model can run without human confirmation',
  taxonomy: {
    microsoft: ['hitl-bypass', 'excessive-agency'],
    owaspLlm: ['LLM06:2025'],
    owaspAgentic: ['T2', 'ASI02'],
    cwe: ['CWE-862'],
  },
  docs: {
    summary: 'Flags tools registered for model use that delete, send messages, pay, transfer, deploy or run commands with no human-in-the-loop step (an approval flag, an interrupt or a confirmation) in front of the action.',
    details: [
      'Tools are those registered with the AI SDK, OpenAI Agents SDK, LangChain, Mastra, VoltAgent, MCP and FastMCP, decorator-defined actions such as AgentKit `@CreateAction` or `@aiFunction` methods, and tool classes such as LangChain\'s `class DeleteTicket extends StructuredTool { async _call(input) { … } }`, named by their `name` property or else the class.',
      'A tool is also a member of a map of functions that a hand-written tool loop runs by the name the model chose (`const tools = { refund_charge: (a) => refundCharge(a.chargeId) }` and `tools[call.function.name](args)`), in the same file or another. The member is reported, named by its key; a map run by anything else (a route parameter, a command line) holds no tools, and a loop that asks a person before it runs the chosen tool guards them all.',
      'The action may be in the handler or in a same-file helper it calls (`await tidy(folder)` whose body removes the folder).',
      'A command an SDK sends is judged by its name: `s3.send(new DeleteObjectCommand(…))` deletes, `s3.send(new GetObjectCommand(…))` only reads.',
      'A human-in-the-loop step is an approval flag (`needsApproval`, `requireApproval`), an agent-level approval (`toolApproval`, `interruptOn`, `interruptBefore`), a LangGraph `interrupt()`, MCP `elicitInput`, Mastra `suspend` or confirm/approve helper before the action, or a confirmation token checked in the handler.',
      'Agent-level approval is read in every file of the workspace, because an agent is often set up apart from its tools: `humanInTheLoopMiddleware({ interruptOn: { delete_message: true } })` in agent.ts holds the tool of that name from tools.ts.',
      'An MCP tool is flagged only when its annotations claim it is read-only or non-destructive (`readOnlyHint: true`, `destructiveHint: false`) while its handler deletes, sends or runs commands.',
    ],
    notFlagged: [
      'A tool whose command line the code writes and that only reads is not flagged: `` execSync(`git log -- ${path}`) ``, `spawn(\'kubectl\', [\'get\', \'pods\'])` (the catalog\'s agents.readOnlyCommands). Shell control, redirection or substitution in its text (`ls; rm …`, `> out.txt`) makes it a command like any other, and what the model interpolates is judged by security/model-output-execution.',
      'Read-only and dry-run tools are not flagged, because they do not carry out the action. A message to the calling client about the request itself (`extra.sendNotification({ method: \'notifications/progress\', … })`) is no action either.',
      'Demo tools whose handler only returns a canned answer or only changes data the file keeps in memory (`drafts.splice(i, 1)` on a `const drafts = [...]`, `sessions.delete(id)` on a `new Map()`) are not flagged, because they change nothing beyond data the file keeps in memory. The collection must be a const the file creates and fills with plain data only, not with clients or sockets.',
      'AI SDK tools without `execute` are not flagged, because they run on the client.',
      'MCP tools whose annotations do not claim they are read-only or non-destructive are not flagged, because MCP hosts confirm tool calls with the user themselves.',
      'Tools of a published toolkit (a package with an entry point to import and no command of its own) are not judged for approval, because the application that registers its tools sets the approval step where it runs the agent, and is judged there. The toolkit\'s MCP annotations are still its own word, so the annotation check above still applies to its MCP tools.',
    ],
    why: 'A prompt injection in an email, web page or tool result can steer the model into calling any tool it has. When the tool deletes data, sends mail, moves money or runs a shell command, nothing stands between the injected instruction and the damage unless a person confirms the action — the Microsoft taxonomy’s human-in-the-loop bypass and OWASP’s excessive agency.',
    bad: `import { tool } from 'ai';
import { z } from 'zod';
import { mailer } from './mailer.js';

export const sendInvoiceEmail = tool({
  description: 'Email an invoice to a customer',
  inputSchema: z.object({ to: z.string().email(), invoiceId: z.string() }),
  execute: async ({ to, invoiceId }) => mailer.sendMail({ to, subject: 'Your invoice', invoiceId }),
});`,
    good: `import { tool } from 'ai';
import { z } from 'zod';
import { mailer } from './mailer.js';

export const sendInvoiceEmail = tool({
  description: 'Email an invoice to a customer',
  inputSchema: z.object({ to: z.string().email(), invoiceId: z.string() }),
  needsApproval: true,
  execute: async ({ to, invoiceId }) => mailer.sendMail({ to, subject: 'Your invoice', invoiceId }),
});`,
    references: [
      'https://ai-sdk.dev/docs/agents/tool-approvals',
      'https://openai.github.io/openai-agents-js/guides/human-in-the-loop/',
      'https://langchain-ai.github.io/langgraphjs/concepts/human_in_the_loop/',
      'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/',
      'https://genai.owasp.org/resource/agentic-ai-threats-and-mitigations/',
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://cwe.mitre.org/data/definitions/862.html',
    ],
  },
  hint: 'Require a person to approve the call: needsApproval/requireApproval on the tool, an agent-level approval setting, or an interrupt/confirmation step before the action.',
  messages: {
    unconfirmed: 'Tool {{name}} runs {{action}} as soon as the model asks: no approval flag, interrupt or confirmation step guards it.',
    claimsHarmless: 'MCP tool {{name}} runs {{action}} but its annotations tell the host it is read-only or non-destructive, so clients may run it without asking the user.',
  },
  check({ file, report, checked }) {
    const catalog = file.classifier.humanApproval;
    const tools = [...definedTools(file)];
    const classes = [...toolClasses(file)];
    let agentApproved: Set<string> | undefined;
    // A pause for a person inside a tool guards that tool only; one elsewhere (a review node) gates them all.
    const approvedInFile = (): Set<string> => (agentApproved ??= agentApprovedTools(file, [...tools.map((t) => t.call), ...classes.map((c) => c.node)]));
    for (const tool of tools) {
      if (!runsOnServer(tool)) continue;
      const name = toolDisplayName(tool);
      if (isPreviewTool(tool.call, name, catalog)) continue;
      // A decorated method's own name speaks too: `@aiFunction({ name: 'acme_send_message' }) sendMessage(…)`.
      const method = tool.handler && ts.isMethodDeclaration(tool.handler) ? actionMethodName(tool.handler) : null;
      const action = destructiveAction(name, tool.handler, file) ?? (method ? destructiveAction(method, tool.handler, file) : undefined);
      if (!action) continue;
      const claimsHarmless = catalog.hostConfirmed.includes(tool.definition.id);
      // An MCP tool's own annotations are the package's word, wherever it is approved.
      const applies = claimsHarmless ? {} : { notApplicableIf: approvedElsewhere(name) };
      if (hostConfirms(tool.call, tool.definition.id, catalog) || hasApprovalOption(tool.call, catalog) || isApprovedTool(name, approvedInFile()) || waitsForPerson(tool.handler, action.call, file)) {
        checked(tool.call, claimsHarmless ? {} : { unless: TOOLKIT_PACKAGE });
        continue;
      }
      report(tool.call, claimsHarmless ? 'claimsHarmless' : 'unconfirmed', { name: name ?? '(unnamed)', action: action.label }, applies);
    }
    for (const tool of classes) {
      // An MCP host confirms tool calls itself; a class's annotations are not read, so it is not judged.
      if (catalog.hostConfirmed.includes(tool.base.id) || namesPreview(tool.name, catalog)) continue;
      const action = destructiveAction(tool.name, tool.handler, file);
      if (!action) continue;
      const at = tool.node.name ?? tool.node;
      if (isApprovedTool(tool.name, approvedInFile()) || waitsForPerson(tool.handler, action.call, file)) {
        checked(at, { unless: TOOLKIT_PACKAGE });
        continue;
      }
      report(at, 'unconfirmed', { name: tool.name ?? '(unnamed)', action: action.label }, { notApplicableIf: approvedElsewhere(tool.name) });
    }
    for (const { map, entry, action } of destructiveMapMembers(file)) {
      if (isApprovedTool(entry.name, approvedInFile())) continue;
      // A member is a tool only where some file runs the map by the model's choice of name.
      const notATool: ProjectCondition = { not: { inWorkspace: { modelDispatched: map } } };
      report(entry.property, 'unconfirmed', { name: entry.name, action: action.label }, { notApplicableIf: anyCondition(notATool, approvedElsewhere(entry.name)) });
    }
  },
});
