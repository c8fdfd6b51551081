import { calleeLastName, isFunctionLike, staticName, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import { errorValueOf, type ErrorValue } from './error-values.js';
import { projectCallsWithin } from '../../../src/model/summaries/callee-refs.js';
import { actionReturnSinks } from './action-returns.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { toolDefinitionOf } from '../../../src/domain/tools/tool-definitions.js';
import { httpHandlerFunctions } from '../../../src/domain/routes/handler-functions.js';
import type { Declaration } from '../../../src/model/scope.js';
import { isRequestObject, untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';

/** What a response gives away about how the agent is built. */
export type Disclosure = 'errorDetail' | 'errorMessage' | 'rawError' | 'systemPrompt' | 'toolSchemas';

/** A call (or body assignment) in a route handler that sends something to the client. */
export interface ResponseSink {
  readonly node: ts.Node;
  readonly payload: readonly ts.Expression[];
}

const MAX_DEPTH = 12;
/** Calls whose result still shows their argument: `String(err)`, `JSON.stringify(tools)`, `Object.keys(tools)`. */
const SHOWING_FUNCTIONS = new Set(['String', 'stringify', 'inspect', 'format', 'keys', 'values', 'entries', 'serializeError']);
/** Methods whose result still shows their receiver: `err.toString()`, `tools.map(…)`. */
const SHOWING_METHODS = new Set(['toString', 'toJSON', 'map', 'filter', 'slice', 'join', 'concat']);

interface Context {
  readonly facts: FileFacts;
  readonly errorHandlers: ReadonlySet<FunctionLike>;
  readonly prompts: ReadonlySet<Declaration>;
  readonly tools: ReadonlySet<Declaration>;
  readonly servesMcp: boolean;
  readonly seen: Set<ts.Node>;
  /** Read an error's user-facing parts (userFacingError) as the client's; off for the second look. */
  readonly trustUserFacing: boolean;
  /** Try blocks whose request was taken to carry no model call: settled on the project's function summaries. */
  readonly plainRegions: Set<ts.Block>;
  /** Project calls a disclosed error came through: the disclosure holds if one of them reaches a model. */
  readonly contingent: ts.CallExpression[];
}

/** A caught error sent out: it discloses if an upstream call threw it, here or (contingent) through project calls. */
function upstreamError(error: ErrorValue, disclosure: Disclosure, ctx: Context): Disclosure | undefined {
  if (error.forKeyOwner || error.ownWords) return undefined;
  if (error.fromUpstream) return disclosure;
  if (!error.throughProject) return undefined;
  ctx.contingent.push(...error.throughProject);
  return disclosure;
}

function mentionsName(condition: ts.Node, names: readonly string[]): boolean {
  if (ts.isIdentifier(condition) && names.includes(condition.text)) return true;
  return ts.forEachChild(condition, (child) => mentionsName(child, names) || undefined) ?? false;
}

/** Functions that only answer errors: 4-parameter express middleware and `onError`/`setErrorHandler` callbacks. */
function errorHandlersIn(facts: FileFacts, handlers: readonly FunctionLike[]): Set<FunctionLike> {
  const found = new Set(handlers.filter((fn) => fn.parameters.length === 4));
  const hooks = facts.classifier.capabilityDisclosure.errorHooks;
  for (const call of facts.index.calls) {
    if (!hooks.includes(calleeLastName(call.expression) ?? '')) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(facts.classifier.agents.httpServers.map((m) => ({ module: m.module, calls: hooks })), origin)) continue;
    for (const arg of call.arguments) if (isFunctionLike(unwrap(arg))) found.add(unwrap(arg) as FunctionLike);
  }
  return found;
}

/** Declarations the file hands to a model as instructions or as its tool set (outside response payloads). */
function declarationsUsedAs(facts: FileFacts, keys: readonly string[], alsoSystemMessages: boolean): Set<Declaration> {
  const found = new Set<Declaration>();
  const add = (value: ts.Node | undefined): void => {
    const node = value && ts.isExpression(value) ? unwrap(value) : value;
    if (!node || !ts.isIdentifier(node)) return;
    const decl = facts.resolve(node.text, node);
    if (decl && decl.kind !== 'parameter' && !(decl.init && isRequestObject(decl.init.expression, facts))) found.add(decl);
  };
  for (const node of facts.index.properties) {
    if (!keys.includes(staticName(node.name) ?? '')) continue;
    const call = node.parent.parent;
    if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && !isResponseCall(call, facts)) add(ts.isPropertyAssignment(node) ? node.initializer : node.name);
  }
  if (alsoSystemMessages) {
    for (const message of facts.index.systemMessages) {
      if (ts.isArrayLiteralExpression(message)) add(message.elements[1]);
      else for (const prop of message.properties) if (staticName(prop.name) === 'content') add(ts.isPropertyAssignment(prop) ? prop.initializer : prop.name);
    }
  }
  return found;
}

/** Tool definitions held in a variable: `const tools = { search: tool({…}) }` or `const lookup = tool({…})`. */
function toolDeclarations(facts: FileFacts): Set<Declaration> {
  const found = declarationsUsedAs(facts, facts.classifier.capabilityDisclosure.toolSetKeys, false);
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    if (!toolDefinitionOf(call, facts)) continue;
    let node: ts.Node = call;
    while (node.parent && (ts.isPropertyAssignment(node.parent) || ts.isObjectLiteralExpression(node.parent) || ts.isArrayLiteralExpression(node.parent) || ts.isAwaitExpression(node.parent))) node = node.parent;
    const parent = node.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      const decl = facts.resolve(parent.name.text, parent.name);
      if (decl) found.add(decl);
    }
  }
  return found;
}

function isResponseCall(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  const catalog = facts.classifier.capabilityDisclosure;
  const origin = facts.originOf(call.expression);
  if (origin && facts.classifier.matches(catalog.responseBuilders, origin)) return true;
  const callee = unwrap(call.expression);
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(callee) && catalog.responseMethods.includes(callee.name.text) && receiverIsParameter(callee.expression, facts);
}

/** `res` of `res.status(500).json(…)`: the chain starts at a function parameter. */
function receiverIsParameter(expr: ts.Expression, facts: FileFacts): boolean {
  let node = unwrap(expr);
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) {
    node = unwrap(ts.isCallExpression(node) ? node.expression : node.expression);
  }
  if (!ts.isIdentifier(node)) return false;
  return facts.resolve(node.text, node)?.kind === 'parameter';
}

/** Response calls and `ctx.body =` assignments inside a route handler or a same-file helper it calls. */
function sinksIn(fn: FunctionLike, facts: FileFacts, out: Map<ts.Node, ResponseSink>, depth = 0, seen = new Set<FunctionLike>()): void {
  if (!fn.body || depth > 2 || seen.has(fn)) return;
  seen.add(fn);
  const { bodyProperties } = facts.classifier.capabilityDisclosure;
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.length && isResponseCall(node, facts)) {
      const first = node.arguments[0];
      if (first) out.set(node, { node, payload: [first] });
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && bodyProperties.includes(node.left.name.text) && receiverIsParameter(node.left.expression, facts)) {
      out.set(node, { node, payload: [node.right] });
    }
    if (ts.isCallExpression(node)) {
      const helper = facts.localFunction(node.expression);
      if (helper) sinksIn(helper, facts, out, depth + 1, seen);
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
}

/** A branch only development builds take (`if (process.env.NODE_ENV !== 'production')`), or a client-error branch. */
function isGuarded(sink: ts.Node, facts: FileFacts): boolean {
  const { devOnlyNames, clientErrorClasses } = facts.classifier.capabilityDisclosure;
  for (let node: ts.Node | undefined = sink; node && !isFunctionLike(node); node = node.parent) {
    const parent: ts.Node | undefined = node.parent;
    if (parent && ts.isIfStatement(parent) && parent.expression !== node) {
      if (mentionsName(parent.expression, devOnlyNames)) return true;
      if (parent.thenStatement === node && isClientErrorCheck(parent.expression, clientErrorClasses)) return true;
    }
  }
  // `if (isProd) return res.json({ error: 'Internal' });` before the detailed answer.
  const block = sink.parent && findEnclosingBlock(sink);
  return !!block && block.statements.some((s) => s.end <= sink.pos && ts.isIfStatement(s) && mentionsName(s.expression, devOnlyNames));
}

function findEnclosingBlock(node: ts.Node): ts.Block | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current.body && ts.isBlock(current.body) ? current.body : undefined;
  }
  return undefined;
}

function isClientErrorCheck(condition: ts.Expression, classes: readonly string[]): boolean {
  const node = unwrap(condition);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) return classes.includes(calleeLastName(node.right) ?? '');
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(node.operatorToken.kind)) return isClientErrorCheck(node.left, classes) || isClientErrorCheck(node.right, classes);
  return false;
}

function memberDisclosure(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, ctx: Context, depth: number): Disclosure | undefined {
  const { facts } = ctx;
  const catalog = facts.classifier.capabilityDisclosure;
  const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
  if (member === undefined) return undefined;
  const error = errorValueOf(node.expression, facts, ctx.errorHandlers);
  if (error) {
    if (ctx.trustUserFacing && error.userFacing && catalog.userFacingErrorMembers.includes(member)) {
      if (error.userFacing.kind === 'plain-request') ctx.plainRegions.add(error.userFacing.region);
      return undefined;
    }
    if (catalog.errorDetailMembers.includes(member)) return 'errorDetail';
    return catalog.errorMessageMembers.includes(member) ? upstreamError(error, 'errorMessage', ctx) : undefined;
  }
  // The caller's own input echoed back (`body.instructions` of `await c.req.json()`).
  if (isRequestObject(node.expression, facts) || untrustedFlowsInto(node.expression, facts).some((flow) => flow.kind === 'request')) return undefined;
  if (catalog.systemPromptMembers.includes(member)) return configuredWith(node.expression, member, facts) ? 'systemPrompt' : undefined;
  if (!ctx.servesMcp && catalog.toolSetKeys.includes(member) && ts.isIdentifier(unwrap(node.expression)) && facts.resolve((unwrap(node.expression) as ts.Identifier).text, node)?.kind !== 'parameter') {
    return ctx.tools.size > 0 ? 'toolSchemas' : undefined;
  }
  return disclosureIn(node.expression, ctx, depth + 1, true);
}

/** `agent.instructions` where `agent` was built in this file with an `instructions` option (not a recipe's instructions). */
function configuredWith(receiver: ts.Expression, key: string, facts: FileFacts): boolean {
  const node = unwrap(receiver);
  const decl = ts.isIdentifier(node) ? facts.resolve(node.text, node) : undefined;
  const init = decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  const hasKey = (obj: ts.Node | undefined): boolean => !!obj && ts.isObjectLiteralExpression(obj) && obj.properties.some((p) => staticName(p.name) === key);
  if (!init) return false;
  if (hasKey(init)) return true;
  return (ts.isNewExpression(init) || ts.isCallExpression(init)) && (init.arguments ?? []).some((arg) => hasKey(unwrap(arg)));
}

function identifierDisclosure(node: ts.Identifier, ctx: Context, depth: number, viaMember: boolean): Disclosure | undefined {
  const { facts } = ctx;
  // A plain Error serialises to `{}` and its String() is its message; an SDK error carries status, headers and request ids.
  const error = viaMember ? undefined : errorValueOf(node, facts, ctx.errorHandlers);
  // A plain request carries no credential in its config: its error, whole, says what its message says.
  if (error && ctx.trustUserFacing && error.userFacing?.kind === 'plain-request') {
    ctx.plainRegions.add(error.userFacing.region);
    return undefined;
  }
  if (error) return upstreamError(error, 'rawError', ctx);
  const decl = facts.resolve(node.text, node);
  if (!decl || ctx.seen.has(decl.node)) return undefined;
  ctx.seen.add(decl.node);
  if (ctx.prompts.has(decl)) return 'systemPrompt';
  if (!ctx.servesMcp && ctx.tools.has(decl)) return 'toolSchemas';
  // `const body = { error: err.stack }`: follow local values, not what a call returned.
  return decl.init && decl.init.path.length === 0 && decl.kind === 'variable' ? disclosureIn(decl.init.expression, ctx, depth + 1) : undefined;
}

function callDisclosure(node: ts.CallExpression, ctx: Context, depth: number): Disclosure | undefined {
  const name = calleeLastName(node.expression);
  const callee = unwrap(node.expression);
  if (name && SHOWING_METHODS.has(name) && ts.isPropertyAccessExpression(callee)) return disclosureIn(callee.expression, ctx, depth + 1);
  if (name && SHOWING_FUNCTIONS.has(name)) {
    for (const arg of node.arguments) {
      const found = disclosureIn(arg, ctx, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** What in a response payload discloses internals, if anything. */
function disclosureIn(expr: ts.Expression, ctx: Context, depth = 0, viaMember = false): Disclosure | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expr);
  const { devOnlyNames } = ctx.facts.classifier.capabilityDisclosure;
  if (ts.isIdentifier(node)) return identifierDisclosure(node, ctx, depth, viaMember);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return memberDisclosure(node, ctx, depth);
  if (ts.isCallExpression(node)) return callDisclosure(node, ctx, depth);
  if (ts.isConditionalExpression(node)) return mentionsName(node.condition, devOnlyNames) ? undefined : disclosureIn(node.whenTrue, ctx, depth + 1) ?? disclosureIn(node.whenFalse, ctx, depth + 1);
  if (ts.isBinaryExpression(node)) {
    if (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && mentionsName(node.left, devOnlyNames)) return undefined;
    return disclosureIn(node.left, ctx, depth + 1) ?? disclosureIn(node.right, ctx, depth + 1);
  }
  if (ts.isObjectLiteralExpression(node)) {
    for (const prop of node.properties) {
      const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : ts.isSpreadAssignment(prop) ? prop.expression : undefined;
      const found = value && disclosureIn(value, ctx, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => disclosureIn(ts.isSpreadElement(e) ? e.expression : e, ctx, depth + 1)).find((d) => d !== undefined);
  if (ts.isTemplateExpression(node)) return node.templateSpans.map((span) => disclosureIn(span.expression, ctx, depth + 1)).find((d) => d !== undefined);
  return undefined;
}

const isConstantPayload = (expr: ts.Expression): boolean => {
  const node = unwrap(expr);
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || node.kind === ts.SyntaxKind.NullKeyword || (ts.isObjectLiteralExpression(node) && node.properties.every((p) => ts.isPropertyAssignment(p) && isConstantPayload(p.initializer)));
};

export interface JudgedResponse {
  readonly sink: ResponseSink;
  readonly disclosure: Disclosure | undefined;
  /**
   * The disclosure holds only if one of these calls reaches a model through project functions: calls
   * in try blocks whose request looked plain (no model call in this file, no credential), or the
   * project calls an error came through when nothing in this file reaches upstream.
   */
  readonly onlyIfReachesModel?: readonly ts.CallExpression[];
}

/** Every response a route handler sends with a non-constant body, and what it discloses (if anything). */
export function judgedResponses(facts: FileFacts): JudgedResponse[] {
  const handlers = httpHandlerFunctions(facts);
  const actionReturns = actionReturnSinks(facts);
  if (handlers.length === 0 && actionReturns.length === 0) return [];
  const errorHandlers = errorHandlersIn(facts, handlers);
  const sinks = new Map<ts.Node, ResponseSink>(actionReturns.map((sink) => [sink.node, sink]));
  for (const handler of new Set([...handlers, ...errorHandlers])) sinksIn(handler, facts, sinks);
  const { mcpServers } = facts.classifier.agents;
  const servesMcp = facts.index.newExpressions.some((n) => {
    const origin = facts.originOf(n.expression);
    return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(mcpServers, origin);
  });
  const base = { facts, errorHandlers, prompts: declarationsUsedAs(facts, facts.classifier.agents.promptKeys, true), tools: toolDeclarations(facts), servesMcp };
  const judged: JudgedResponse[] = [];
  for (const sink of sinks.values()) {
    if (sink.payload.every(isConstantPayload)) continue;
    if (isGuarded(sink.node, facts)) {
      judged.push({ sink, disclosure: undefined });
      continue;
    }
    const look = (trustUserFacing: boolean, plainRegions = new Set<ts.Block>()) => {
      const ctx: Context = { ...base, seen: new Set(), trustUserFacing, plainRegions, contingent: [] };
      const disclosure = sink.payload.map((p) => disclosureIn(p, ctx)).find((d) => d !== undefined);
      return { disclosure, contingent: ctx.contingent };
    };
    const plainRegions = new Set<ts.Block>();
    const first = look(true, plainRegions);
    if (first.disclosure !== undefined || plainRegions.size === 0) {
      judged.push({ sink, disclosure: first.disclosure, ...(first.contingent.length > 0 ? { onlyIfReachesModel: first.contingent } : {}) });
      continue;
    }
    const second = look(false);
    judged.push(second.disclosure === undefined ? { sink, disclosure: undefined } : { sink, disclosure: second.disclosure, onlyIfReachesModel: [...projectCallsWithin(plainRegions, facts), ...second.contingent] });
  }
  return judged;
}
