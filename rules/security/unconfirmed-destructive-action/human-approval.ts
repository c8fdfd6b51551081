import type { HumanApprovalCatalog } from '../../../src/catalog/types.js';
import { contains, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { letterWords } from '../../../src/model/name-words.js';
import { argumentProperty } from '../../../src/inventory/values.js';
import { ALL_TOOLS, agentOptionApprovals } from '../../../src/domain/tools/agent-approval.js';
import { pausesForPerson } from '../../../src/domain/tools/person-approval.js';

/**
 * Does a tool wait for a person before it acts? Approval flags on the definition, agent-level approval
 * settings, calls that pause for a person (LangGraph interrupt, MCP elicitation, confirm helpers) and
 * confirmation tokens checked in the handler — the human-in-the-loop patterns of the catalog's
 * `humanApproval` section.
 */

type ToolCall = ts.CallExpression | ts.NewExpression;

/** The tool previews its action: `dryRun: true` on the definition, or a name like previewDelete / deleteDryRun. */
export function isPreviewTool(call: ToolCall, name: string | null, catalog: HumanApprovalCatalog): boolean {
  return namesPreview(name, catalog) || isDryRunCall(call, catalog);
}

/** A name like previewDelete / deleteDryRun: the tool shows what would happen. */
export function namesPreview(name: string | null, catalog: HumanApprovalCatalog): boolean {
  return !!name && letterWords(name).some((word) => catalog.dryRunWords.includes(word));
}

/** A call with a `dryRun: true` (or preview/simulate) option: it shows what would happen. */
export function isDryRunCall(call: ToolCall, catalog: HumanApprovalCatalog): boolean {
  return catalog.dryRunOptions.some((key) => {
    const value = argumentProperty(call, key);
    return value !== undefined && unwrap(value).kind === ts.SyntaxKind.TrueKeyword;
  });
}

/**
 * Agent-level approval settings in the file (agentOptionApprovals). A LangGraph `interrupt()` outside
 * the tools (in a review node) gates them all. Returns the tool names gated ('*' for all), normalised;
 * empty when the file has none.
 */
export function agentApprovedTools(file: FileFacts, toolCalls: readonly ts.Node[]): Set<string> {
  const approved = new Set(agentOptionApprovals(file));
  // A graph node that interrupts for review (LangGraph `interrupt()` in a human_review node) gates the tool calls it sees.
  if (file.index.calls.some((node) => !toolCalls.some((call) => contains(call, node)) && pausesForPerson(node, file))) approved.add(ALL_TOOLS);
  return approved;
}

/** `annotations: { destructiveHint: false }` or `readOnlyHint: true`, in the definition or its annotations object. */
function hintValue(call: ToolCall, key: string): ts.SyntaxKind | undefined {
  const annotations = argumentProperty(call, 'annotations');
  const holder = annotations && ts.isObjectLiteralExpression(unwrap(annotations)) ? unwrap(annotations) : undefined;
  const value = argumentProperty(call, key) ?? (holder && ts.isObjectLiteralExpression(holder) ? propertyValue(holder, key) : undefined);
  return value ? unwrap(value).kind : undefined;
}

function propertyValue(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const prop = obj.properties.find((p) => staticName(p.name) === key);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/**
 * The host application (an MCP client) confirms the call with the user — unless the tool tells it the
 * call is harmless (readOnlyHint: true, destructiveHint: false), which lets hosts run it unasked.
 */
export function hostConfirms(call: ToolCall, framework: string, catalog: HumanApprovalCatalog): boolean {
  if (!catalog.hostConfirmed.includes(framework)) return false;
  const claimsReadOnly = catalog.readOnlyHints.some((key) => hintValue(call, key) === ts.SyntaxKind.TrueKeyword);
  const claimsHarmless = catalog.destructiveHints.some((key) => hintValue(call, key) === ts.SyntaxKind.FalseKeyword);
  return !claimsReadOnly && !claimsHarmless;
}
