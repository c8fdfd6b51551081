import { contains, objectProperty, someDescendant, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { calleeLastName } from '../../inventory/values.js';
import { letterWords } from '../../model/name-words.js';
import { isInProcessStoreCall } from './in-process-stores.js';
import { runsReadOnlyCommand } from './read-only-commands.js';

/**
 * What a tool's handler does that changes the world: calls led by a destructive verb (by their own name,
 * or by the command a command-pattern SDK sends), and the mock and in-memory handlers that change nothing.
 */

/**
 * The tool's name or a call in its handler starts with a world-changing verb (delete…, send…, pay…,
 * exec…). Only the leading word counts: getCancelSignal reads, it does not cancel.
 */
export function startsWithDestructiveVerb(text: string, facts: FileFacts, verbs: readonly string[] = facts.classifier.agents.destructiveVerbs): boolean {
  return verbs.includes(letterWords(text)[0] ?? '');
}

const COMMAND_SUFFIX = 'Command';

/**
 * What a call does, by name: its callee's, except for a command dispatch, which the command names
 * (`s3.send(new GetObjectCommand({…}))` gets an object: AWS SDK v3 sends every operation so).
 */
function actionName(call: ts.CallExpression, facts: FileFacts): string | undefined {
  const callee = calleeLastName(call.expression);
  const arg = call.arguments[0];
  if (callee !== 'send' || call.arguments.length !== 1 || !arg) return callee;
  let command = unwrap(arg);
  if (ts.isIdentifier(command)) {
    const init = facts.resolve(command.text, command)?.init;
    if (init && init.path.length === 0) command = unwrap(init.expression);
  }
  const name = ts.isNewExpression(command) ? calleeLastName(command.expression) : undefined;
  return name && name.length > COMMAND_SUFFIX.length && name.endsWith(COMMAND_SUFFIX) ? name.slice(0, -COMMAND_SUFFIX.length) : callee;
}

/** A JSON-RPC method that only tells the calling client how the request goes (MCP's `notifications/progress`, `notifications/message`). */
const CLIENT_NOTIFICATION = /^notifications\//;

/**
 * `extra.sendNotification({ method: 'notifications/progress', params })`: a message to the client that
 * made the request, about the request itself; nothing leaves for the world.
 */
function isProtocolNotification(call: ts.CallExpression): boolean {
  const message = call.arguments[0] && unwrap(call.arguments[0]);
  if (!message || !ts.isObjectLiteralExpression(message)) return false;
  const method = objectProperty(message, 'method');
  const value = method && ts.isPropertyAssignment(method) ? unwrap(method.initializer) : undefined;
  return value !== undefined && ts.isStringLiteralLike(value) && CLIENT_NOTIFICATION.test(value.text);
}

/**
 * The first call in the handler whose action (actionName) starts with one of `verbs` (default: the
 * catalog's destructive verbs) and that `accept` keeps (default: all); with `helperDepth`, also a call of a
 * same-file helper holding one that many calls down (the call in the handler is returned: what it does that acts).
 */
export function destructiveCallIn(
  handler: FunctionLike | undefined,
  facts: FileFacts,
  verbs: readonly string[] = facts.classifier.agents.destructiveVerbs,
  accept: (call: ts.CallExpression) => boolean = () => true,
  helperDepth = 0,
): ts.CallExpression | undefined {
  if (!handler?.body) return undefined;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const action = actionName(node, facts);
      if (action && startsWithDestructiveVerb(action, facts, verbs) && !runsReadOnlyCommand(node, facts) && !isProtocolNotification(node) && accept(node)) found = node;
      else if (helperDepth > 0) {
        // A same-file helper that acts (`await tidy(folder)` removing the folder): the call here leads to the action.
        const helper = facts.localFunction(node.expression);
        if (helper && helper !== handler && destructiveCallIn(helper, facts, verbs, accept, helperDepth - 1)) found = node;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(handler.body);
  return found;
}

/** Globals a mock handler uses to shape its canned answer or fake latency: calling them acts on nothing. */
const INERT_GLOBALS = new Set(['console', 'JSON', 'Math', 'String', 'Number', 'Boolean', 'Date', 'Object', 'Array', 'Promise', 'setTimeout', 'structuredClone', 'crypto']);

function rootName(expr: ts.Expression): string | undefined {
  let node = unwrap(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) || ts.isNewExpression(node)) node = unwrap(node.expression);
  return ts.isIdentifier(node) ? node.text : undefined;
}

/**
 * Does the body make no call but those `allowed` accepts (by the name at the root of the callee)?
 * A tagged template is a call of its tag; `alsoRefused` names other nodes that count against it.
 */
function callsOnly(body: ts.Node, allowed: (root: string, call: ts.CallExpression | ts.NewExpression) => boolean, alsoRefused: (node: ts.Node) => boolean = () => false): boolean {
  return !someDescendant(body, (node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const root = rootName(node.expression);
      return root === undefined || !allowed(root, node);
    }
    return ts.isTaggedTemplateExpression(node) || alsoRefused(node);
  });
}

/**
 * A handler that acts on nothing outside the process: it only builds a canned answer (`execute: async
 * ({ to }) => ({ sent: true })`), or changes data the file keeps in memory (`expenses.splice(i, 1)` on a
 * `const expenses = [...]`): demo code, nothing to confirm or audit.
 */
export function isStubHandler(handler: FunctionLike | undefined, facts: FileFacts): boolean {
  return !!handler?.body && callsOnly(handler.body, (root, call) => INERT_GLOBALS.has(root) || isInProcessStoreCall(call, facts));
}

/**
 * A same-file helper that only reshapes values (`removeEmptyTopLevel(obj)`, `deleteBlankKeys(o)`): every
 * call in it is an inert global or a method of one of its own parameters or locals, and it awaits
 * nothing. Its name may start with a destructive verb, but it acts on nothing outside the process.
 */
export function isInMemoryHelper(fn: FunctionLike, facts: FileFacts): boolean {
  if (!fn.body) return false;
  const ownValue = (root: string, call: ts.Node): boolean => {
    const decl = facts.resolve(root, call);
    return decl !== undefined && (decl.kind === 'parameter' || decl.kind === 'variable') && contains(fn, decl.node);
  };
  const methodOfOwnValue = (root: string, call: ts.CallExpression | ts.NewExpression): boolean => ts.isPropertyAccessExpression(unwrap(call.expression)) && ownValue(root, call);
  return callsOnly(fn.body, (root, call) => INERT_GLOBALS.has(root) || methodOfOwnValue(root, call), ts.isAwaitExpression);
}

export function isDestructiveTool(name: string | null, handler: FunctionLike | undefined, facts: FileFacts, verbs: readonly string[] = facts.classifier.agents.destructiveVerbs): boolean {
  if (name && startsWithDestructiveVerb(name, facts, verbs) && !isStubHandler(handler, facts)) return true;
  // `watchers.delete(id)` on a `new Map()` of the file removes nothing outside the process.
  return destructiveCallIn(handler, facts, verbs, (call) => !isInProcessStoreCall(call, facts)) !== undefined;
}
