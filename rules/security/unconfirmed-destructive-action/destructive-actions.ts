import type { HumanApprovalCatalog } from '../../../src/catalog/types.js';
import { calleeLastName, staticName, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isDryRunCall } from './human-approval.js';
import { destructiveCallIn, isInMemoryHelper, isStubHandler } from '../../../src/domain/tools/destructive-calls.js';
import { letterWords } from '../../../src/model/name-words.js';

/**
 * What a tool does that a person should see first (security/unconfirmed-destructive-action): a name or
 * handler call led by one of the catalog's `humanApproval.verbs`, aimed outside the process — not the
 * agent's own bookkeeping (deleteTodo, spawnSubagent), not an in-memory value (regex.exec, map.delete).
 */

export interface DestructiveAction {
  /** The destructive call in the handler, when there is one. */
  readonly call?: ts.CallExpression;
  /** What the message names: `sendMail()`, or the tool name. */
  readonly label: string;
}

/** `deleteCustomer`, `send_email`, `exec`: a leading destructive verb whose object is not internal. */
export function namesExternalAction(text: string, catalog: HumanApprovalCatalog): boolean {
  const [verb, ...rest] = letterWords(text);
  return verb !== undefined && catalog.verbs.includes(verb) && !rest.some((word) => catalog.internalObjects.includes(word));
}

/** A regex literal, `new Map()`, or a name bound to one. */
function isInMemoryValue(expr: ts.Expression, file: FileFacts, catalog: HumanApprovalCatalog, depth = 0): boolean {
  const value = unwrap(expr);
  if (ts.isRegularExpressionLiteral(value) || ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value)) return true;
  if (ts.isNewExpression(value)) return catalog.inMemoryClasses.includes(calleeLastName(value.expression) ?? '');
  if (ts.isPropertyAccessExpression(value)) return catalog.inMemoryMembers.includes(value.name.text);
  if (!ts.isIdentifier(value) || depth > 2) return false;
  const init = file.resolve(value.text, value)?.init;
  return init !== undefined && init.path.length === 0 && isInMemoryValue(init.expression, file, catalog, depth + 1);
}

function actsOnWorld(call: ts.CallExpression, file: FileFacts): boolean {
  const catalog = file.classifier.humanApproval;
  const name = calleeLastName(call.expression);
  if (!name || catalog.ignoredCalls.includes(name) || !namesExternalAction(name, catalog) || isDryRunCall(call, catalog)) return false;
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && isInMemoryValue(callee.expression, file, catalog)) return false;
  // A helper of this file that only reshapes values (`removeEmptyTopLevel(args)`) acts on nothing.
  const helper = file.localFunction(call.expression);
  return !(helper && isInMemoryHelper(helper, file));
}

export function destructiveAction(name: string | null, handler: FunctionLike | undefined, file: FileFacts): DestructiveAction | undefined {
  const catalog = file.classifier.humanApproval;
  // One helper down: `await tidy(folder)` whose body removes the folder is the handler's action.
  const call = destructiveCallIn(handler, file, catalog.verbs, (c) => actsOnWorld(c, file), 1);
  if (call) return { call, label: `${calleeLastName(call.expression) ?? staticName(call.expression) ?? 'a destructive call'}()` };
  // The name alone speaks for a handler that calls out of sight, not for one that only returns a literal.
  if (name && namesExternalAction(name, catalog) && !isStubHandler(handler, file)) return { label: name };
  return undefined;
}
