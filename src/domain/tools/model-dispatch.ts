import { enclosingFunction, isFunctionLike, staticName, ts, unwrap } from '../../model/ast.js';
import { moduleMatcher } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import { untrustedFlowsInto, type UntrustedFlow } from '../untrusted/untrusted-flows.js';
import { identifierKey } from '../../model/function-maps.js';
import { memoPerNode } from '../../model/node-memo.js';
import { waitsForPerson } from './person-approval.js';

/**
 * A tool the model chose, looked up by hand: `tools[call.function.name]`, `registry.get(toolName)`,
 * `tools.find((t) => t.name === name)`. Shared by the rules that judge the lookup
 * (security/unvalidated-tool-dispatch) and the tools a table holds (security/unconfirmed-destructive-action).
 */

/** Helper-parameter hops (`runTool(call.function.name, …)` → `function runTool(name, …)`). */
const MAX_HOPS = 3;

/** A parameter of a same-file function and the arguments its callers pass for it. */
function callerArguments(expr: ts.Expression, facts: FileFacts): ts.Expression[] {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return [];
  const decl = facts.resolve(node.text, node);
  if (!decl || decl.kind !== 'parameter' || !ts.isParameter(decl.node) || !ts.isIdentifier(decl.node.name)) return [];
  const fn = decl.node.parent;
  if (!isFunctionLike(fn)) return [];
  const index = fn.parameters.indexOf(decl.node);
  return facts.callersOf(fn).map((call) => call.arguments[index]).filter((arg): arg is ts.Expression => arg !== undefined);
}

/** Model output (responses, the model's tool calls) reaching `expr`, followed into same-file helpers' callers. */
export function modelFlowsInto(expr: ts.Expression, facts: FileFacts, hops = 0): UntrustedFlow[] {
  const { toolCallMembers, toolCallTypes } = facts.classifier.toolDispatch;
  const flows = untrustedFlowsInto(expr, facts, { shapes: { members: toolCallMembers, types: toolCallTypes } }).filter((flow) => flow.kind === 'model-output');
  if (flows.length > 0 || hops >= MAX_HOPS) return flows;
  return callerArguments(expr, facts).flatMap((arg) => modelFlowsInto(arg, facts, hops + 1));
}

/** `call.function.name`, `{ toolName } = part`, or a helper parameter fed one: the expression reads a tool name. */
function readsToolName(expr: ts.Expression, facts: FileFacts, hops = 0): boolean {
  const names = facts.classifier.toolDispatch.toolNameMembers;
  const node = unwrap(expr);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
    return member !== undefined && names.includes(member);
  }
  if (!ts.isIdentifier(node) || hops > MAX_HOPS) return false;
  const decl = facts.resolve(node.text, node);
  if (!decl) return false;
  if (decl.init) {
    const last = decl.init.path[decl.init.path.length - 1];
    return last !== undefined ? names.includes(last) : readsToolName(decl.init.expression, facts, hops + 1);
  }
  return callerArguments(node, facts).some((arg) => readsToolName(arg, facts, hops + 1));
}

/** The call a function is passed to, directly or as an option value (`f({ onStepFinish: fn })`). */
function optionOwner(fn: ts.Node): ts.Node {
  let node = fn;
  while (node.parent && (ts.isPropertyAssignment(node.parent) || ts.isObjectLiteralExpression(node.parent) || ts.isParenthesizedExpression(node.parent))) node = node.parent;
  return node.parent ?? node;
}

/** The value a tool-call shape was read from: `result` of `result.toolCalls`, the initializer of `const { toolCalls } = …`. */
function shapeReceiver(source: ts.Node): ts.Node | undefined {
  if (ts.isPropertyAccessExpression(source) || ts.isElementAccessExpression(source)) return source.expression;
  let node: ts.Node | undefined = source;
  while (node && !ts.isVariableDeclaration(node) && !isFunctionLike(node)) node = node.parent;
  return node && ts.isVariableDeclaration(node) ? node.initializer : undefined;
}

/**
 * Does the flow start at a call of an SDK that hands back only offered tools with parsed input
 * (`validatingModules`)? The tool-call shape (`result.toolCalls`) ends the trace, so the value it was
 * read from is followed one step further: to the SDK call, or to the SDK callback it is a parameter of
 * (`onStepFinish: (step) => step.toolCalls`).
 */
function fromValidatingSdk(flow: UntrustedFlow, facts: FileFacts): boolean {
  const isValidatingCall = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const module = facts.originOf(node.expression)?.module;
    return module !== undefined && moduleMatcher(facts.classifier.toolDispatch.validatingModules)(module);
  };
  if (isValidatingCall(flow.source)) return true;
  const receiver = shapeReceiver(flow.source);
  if (!receiver || !ts.isExpression(receiver)) return false;
  const base = unwrap(receiver);
  const decl = ts.isIdentifier(base) ? facts.resolve(base.text, base) : undefined;
  if (decl?.kind === 'parameter' && isFunctionLike(decl.scope)) return isValidatingCall(optionOwner(decl.scope));
  return untrustedFlowsInto(receiver, facts).some((inner) => inner.kind === 'model-output' && isValidatingCall(inner.source));
}

/** Does the key read a tool name the model chose, unchecked? Asked of the same keys by the dispatch rule and by the file's facts (modelDispatchedMaps), so answered once. */
export const isModelChosenName: (key: ts.Expression, facts: FileFacts) => boolean = memoPerNode(
  (key: ts.Expression, facts: FileFacts) => readsToolName(key, facts) && modelFlowsInto(key, facts).some((flow) => !flow.checkedOnTheWay && !fromValidatingSdk(flow, facts)),
);

export interface Lookup {
  readonly key: ts.Expression;
  /** The table or registry looked in (`tools` of `tools[name]`). */
  readonly table: ts.Expression;
  /** The variable holding the looked-up tool (`const tool = tools[name]`), when there is one. */
  readonly holder?: Declaration;
  /** Searched for in a list (`tools.find((t) => t.name === name)`): only a listed tool is found. */
  readonly listed?: true;
}

/** `tools[key]`, `registry.get(key)`, or a variable initialised from one. */
function lookupIn(expr: ts.Expression, facts: FileFacts): Lookup | undefined {
  const node = unwrap(expr);
  if (ts.isElementAccessExpression(node)) {
    const key = unwrap(node.argumentExpression);
    return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? undefined : { key: node.argumentExpression, table: node.expression };
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 1) {
    const method = node.expression.name.text;
    if (method === 'find') {
      const key = searchedKey(node.arguments[0]);
      return key ? { key, table: node.expression.expression, listed: true } : undefined;
    }
    return facts.classifier.toolDispatch.lookupMethods.includes(method) ? { key: node.arguments[0]!, table: node.expression.expression } : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl || decl.kind !== 'variable' || !decl.init || decl.init.path.length > 0) return undefined;
  const inner = unwrap(decl.init.expression);
  if (!ts.isElementAccessExpression(inner) && !ts.isCallExpression(inner)) return undefined;
  const found = lookupIn(inner, facts);
  return found && { ...found, holder: decl };
}

/** The looked-up function a call runs and the method it calls on it (`tools[n](…)`, `tools[n].execute(…)`, `fn.call(…)`). */
export function dispatchedLookup(call: ts.CallExpression, facts: FileFacts): { lookup: Lookup; method?: string } | undefined {
  const callee = unwrap(call.expression);
  const direct = lookupIn(callee, facts);
  if (direct) return { lookup: direct };
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const viaMethod = lookupIn(callee.expression, facts);
  if (!viaMethod) return undefined;
  return method === 'call' || method === 'apply' ? { lookup: viaMethod } : { lookup: viaMethod, method };
}


/** `(t) => t.name === key` (either side, also with a block returning it): the key a list search compares its items' member with. */
function searchedKey(callback: ts.Expression | undefined): ts.Expression | undefined {
  const fn = callback && unwrap(callback);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length !== 1) return undefined;
  const param = fn.parameters[0]!.name;
  if (!ts.isIdentifier(param)) return undefined;
  const [only] = ts.isBlock(fn.body) && fn.body.statements.length === 1 ? fn.body.statements : [];
  const body = ts.isBlock(fn.body) ? (only && ts.isReturnStatement(only) ? only.expression : undefined) : fn.body;
  const test = body && unwrap(body);
  if (!test || !ts.isBinaryExpression(test) || (test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return undefined;
  const readsItem = (side: ts.Expression): boolean => {
    let node = unwrap(side);
    while (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression);
    return ts.isIdentifier(node) && node.text === param.text && unwrap(side) !== node;
  };
  if (readsItem(test.left) && !readsItem(test.right)) return test.right;
  if (readsItem(test.right) && !readsItem(test.left)) return test.left;
  return undefined;
}

/** A function around the call (the tool loop, or the callback it runs tools in) asks a person before it. */
function asksPersonFirst(call: ts.CallExpression, facts: FileFacts): boolean {
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) if (waitsForPerson(fn, call, facts)) return true;
  return false;
}

/**
 * Keys of the function maps (model/function-maps.ts) this file runs a member of by a name the model
 * chose (`handlers[call.function.name](args)`), unless the function that runs it asks a person first:
 * each member of such a map is a tool the model can run.
 */
export function modelDispatchedMaps(facts: FileFacts): string[] {
  const keys = new Set<string>();
  for (const call of facts.index.calls) {
    const found = dispatchedLookup(call, facts);
    // `tools[name].execute(…)` runs a tool object, not a member function.
    if (!found || found.method !== undefined) continue;
    const table = unwrap(found.lookup.table);
    if (!ts.isIdentifier(table) || !isModelChosenName(found.lookup.key, facts)) continue;
    const key = identifierKey(table, facts);
    if (key && !asksPersonFirst(call, facts)) keys.add(key);
  }
  return [...keys];
}
