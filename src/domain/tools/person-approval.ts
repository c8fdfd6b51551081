import type { HumanApprovalCatalog } from '../../catalog/types.js';
import { calleeLastName, isStringLike, ts, walk, type FunctionLike } from '../../model/ast.js';
import { globToRegExp } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import { letterWords } from '../../model/name-words.js';

/**
 * Code that waits for a person before it acts: calls that pause for one (LangGraph interrupt, MCP
 * elicitation, confirm helpers) and confirmation tokens checked first (the catalog's `humanApproval`).
 */

function approvalNameMatcher(catalog: HumanApprovalCatalog): (name: string) => boolean {
  const patterns = catalog.callNames.map((glob) => globToRegExp(glob.toLowerCase()));
  return (name) => patterns.some((pattern) => pattern.test(name.toLowerCase()));
}

/** A HITL library call, by import: LangGraph interrupt(), LangChain's humanInTheLoopMiddleware(). */
export function pausesForPerson(call: ts.CallExpression, file: FileFacts): boolean {
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

