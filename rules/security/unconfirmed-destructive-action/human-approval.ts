import type { HumanApprovalCatalog } from '../../../src/catalog/types.js';
import { calleeLastName, contains, isStringLike, staticName, ts, unwrap, walk, type FunctionLike } from '../../../src/model/ast.js';
import { globToRegExp } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { letterWords } from '../../../src/model/name-words.js';
import { argumentProperty } from '../../../src/inventory/values.js';
import { ALL_TOOLS, agentOptionApprovals } from '../../../src/domain/tools/agent-approval.js';

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

function approvalNameMatcher(catalog: HumanApprovalCatalog): (name: string) => boolean {
  const patterns = catalog.callNames.map((glob) => globToRegExp(glob.toLowerCase()));
  return (name) => patterns.some((pattern) => pattern.test(name.toLowerCase()));
}

/** A HITL library call, by import: LangGraph interrupt(), LangChain's humanInTheLoopMiddleware(). */
function pausesForPerson(call: ts.CallExpression, file: FileFacts): boolean {
  const origin = file.originOf(call.expression);
  return origin !== undefined && file.classifier.matches(file.classifier.humanApproval.calls, origin);
}

/**
 * A call that asks a person: a HITL library call by import, a method such as elicitInput or suspend,
 * or a local helper named for it (confirmDeletion, requestApproval). A library method that merely
 * sounds like it (Stripe's paymentIntents.confirm) is the action, not a question.
 */
function asksPerson(call: ts.CallExpression, file: FileFacts, namedForIt: (name: string) => boolean): boolean {
  const catalog = file.classifier.humanApproval;
  const name = calleeLastName(call.expression);
  if (!name) return false;
  if (catalog.methods.includes(name)) return true;
  if (pausesForPerson(call, file)) return true;
  const origin = file.originOf(call.expression);
  // The project's own helpers (local or relative imports) are judged by name; a package's methods are not.
  const ownCode = !origin || origin.module === 'globalThis' || /^[./]/.test(origin.module);
  return ownCode && namedForIt(name);
}

/** A condition that reads a confirmation token: `if (!confirm)`, `args.approved !== true ? … : …`. */
function readsConfirmation(condition: ts.Node, guardWords: readonly string[]): boolean {
  let found = false;
  const check = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && letterWords(node.text).some((word) => guardWords.includes(word))) found = true;
    else if (isStringLike(node)) return;
    ts.forEachChild(node, check);
  };
  check(condition);
  return found;
}

function guardCondition(node: ts.Node): ts.Node | undefined {
  if (ts.isIfStatement(node) || ts.isConditionalExpression(node)) return ts.isIfStatement(node) ? node.expression : node.condition;
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) return node.left;
  return undefined;
}

/**
 * Does the handler (or a same-file helper it calls, two levels deep) ask a person or check a
 * confirmation token before `action` (the destructive call, when the handler makes one)?
 */
export function waitsForPerson(handler: FunctionLike | undefined, action: ts.Node | undefined, file: FileFacts, depth = 0): boolean {
  if (!handler?.body || depth > 2) return false;
  const catalog = file.classifier.humanApproval;
  const namedForIt = approvalNameMatcher(catalog);
  const before = (node: ts.Node): boolean => !action || depth > 0 || node.getStart(file.sourceFile) < action.getStart(file.sourceFile);
  let found = false;
  walk(handler.body, (node) => {
    if (found) return false;
    const condition = guardCondition(node);
    if (condition && before(node) && readsConfirmation(condition, catalog.guardWords)) found = true;
    else if (ts.isCallExpression(node) && before(node)) {
      found = asksPerson(node, file, namedForIt) || waitsForPerson(file.localFunction(node.expression), undefined, file, depth + 1);
    }
    return !found;
  });
  return found;
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
