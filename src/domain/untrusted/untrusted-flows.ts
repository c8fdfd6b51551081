import { isToolRequestHandler } from '../tools/request-handlers.js';
import { calleeLastName, callTakingFunction, isFunctionLike, literalPropertyValues, receivingCall, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { decoratedToolInput, isToolClassMethod, toolDefinitionCallOf } from '../tools/tool-definitions.js';
import { isSameOriginRequest } from '../http/request-options.js';
import { isClosedToolArgument } from '../tools/closed-inputs.js';
import { destructuredParameterProperty, isReference, type Declaration } from '../../model/scope.js';
import { assignedValues, returnedExpressions } from '../../model/value-flow.js';
import { memoPerNode } from '../../model/node-memo.js';
import { nodesWithin } from '../../model/file-index.js';
import { isValidatorCall } from './validation.js';
import { isEventParameter, isEventReaderCall } from '../routes/event-handlers.js';

/** Where untrusted content comes from. */
export type UntrustedKind = 'request' | 'http-response' | 'web' | 'model-output' | 'tool-input';

/** One untrusted source whose value reaches the expression that was traced. */
export interface UntrustedFlow<Kind extends string = UntrustedKind> {
  readonly kind: Kind;
  readonly source: ts.Node;
  /** A web loader's Documents went in whole, so their metadata.source came along. */
  readonly keepsProvenance: boolean;
  /** A validation or sanitising call sits between the source and the traced expression. */
  readonly checkedOnTheWay: boolean;
  /** Variables the value passed through (for "was any of them validated?"). */
  readonly via: ReadonlySet<Declaration>;
}

/** Syntax levels plus variable hops; the seen set already stops cycles. */
const MAX_DEPTH = 40;
/** Record fields that address or index a record rather than hold its content: ids, keys, namespaces, vectors. */
const NON_CONTENT_KEY = /^(ids?|keys?|namespace|collection(Name)?|index(Name)?|values|sparseValues|vectors?|embeddings?)$|[a-z](Id|Ids|_id|_ids)$/;
/** Callbacks of these methods receive the receiver's elements or resolved value. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'reduce', 'find', 'some', 'every', 'then']);

/** The parameter a declaration node sits in (itself, or a binding element of its pattern). */
export const enclosingParameter = (node: ts.Node): ts.ParameterDeclaration | undefined => {
  for (let current: ts.Node | undefined = node; current && !isFunctionLike(current); current = current.parent) {
    if (ts.isParameter(current)) return current;
  }
  return undefined;
};

function isRouteHandler(fn: FunctionLike, facts: FileFacts): boolean {
  const call = callTakingFunction(fn);
  const origin = call && facts.originOf(call.expression);
  return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(facts.classifier.agents.httpServers, origin);
}

function typeName(param: ts.ParameterDeclaration): string | undefined {
  const type = param.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}

/** `req` of a route handler, a parameter typed Request/NextRequest, or hono's `c.req`. */
export function isRequestObject(expr: ts.Expression, facts: FileFacts, depth = 0): boolean {
  const node = unwrap(expr);
  const { httpRequests } = facts.classifier;
  if (depth > 4) return false;
  if (ts.isPropertyAccessExpression(node)) {
    if (httpRequests.eventRequestMembers.includes(node.name.text) && isEventObject(node.expression, facts)) return true;
    return httpRequests.contextMembers.includes(node.name.text) && isRequestObject(node.expression, facts, depth + 1);
  }
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  if (!decl) return false;
  if (decl.init && decl.init.path.length === 0) return isRequestObject(decl.init.expression, facts, depth + 1);
  // `({ request }) => request.json()` in a SvelteKit / Remix / Astro handler.
  const eventMember = decl.kind === 'parameter' ? eventMemberOf(decl, facts) : undefined;
  if (eventMember !== undefined) return httpRequests.eventRequestMembers.includes(eventMember);
  if (decl.kind !== 'parameter' || !ts.isParameter(decl.node)) return false;
  const param = decl.node;
  const name = typeName(param);
  if (name !== undefined) return httpRequests.types.includes(name);
  const fn = param.parent;
  return isFunctionLike(fn) && fn.parameters[0] === param && isRouteHandler(fn, facts);
}

/** The event parameter itself (`event` of `async (event) => …` in a handler that takes one). */
function isEventObject(expr: ts.Expression, facts: FileFacts): boolean {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  return decl?.kind === 'parameter' && ts.isParameter(decl.node) && isEventParameter(decl.node, facts);
}

/** The event member a destructured handler parameter binds (`request`, `params` of `({ request, params })`). */
function eventMemberOf(decl: Declaration, facts: FileFacts): string | undefined {
  const element = decl.node;
  if (!ts.isBindingElement(element) || !ts.isObjectBindingPattern(element.parent) || !ts.isParameter(element.parent.parent)) return undefined;
  if (!isEventParameter(element.parent.parent, facts)) return undefined;
  return staticName(element.propertyName ?? element.name);
}

/** The HTTP call whose response `expr` holds (`res` of `const res = await fetch(…)`). */
function httpSiteBehind(expr: ts.Expression, facts: FileFacts, depth = 0): CallSite | undefined {
  const node = unwrap(expr);
  if (depth > 4) return undefined;
  if (ts.isCallExpression(node)) {
    const site = facts.callSiteOf(node);
    return site && site.entry.kind === 'http' && !isSameOriginRequest(site) ? site : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (decl?.kind === 'parameter') {
    // `fetch(url).then((res) => res.text())`: the callback's parameter is the response.
    const receiver = callbackReceiver(decl);
    return receiver ? httpSiteBehind(receiver, facts, depth + 1) : undefined;
  }
  return decl?.init && decl.init.path.length === 0 ? httpSiteBehind(decl.init.expression, facts, depth + 1) : undefined;
}

/** `req.body`, `request.json()`, `res.json()`, `res.data`: a member that reads untrusted input. */
function memberSource(receiver: ts.Expression, member: string, called: boolean, facts: FileFacts): UntrustedKind | undefined {
  const { httpRequests } = facts.classifier;
  const requestMembers = called ? httpRequests.readers : httpRequests.members;
  if (requestMembers.includes(member) && isRequestObject(receiver, facts)) return 'request';
  if (!called && httpRequests.eventInputMembers.includes(member) && isEventObject(receiver, facts)) return 'request';
  const site = httpSiteBehind(receiver, facts);
  if (site && (site.entry.bodyReaders ?? []).includes(member)) return 'http-response';
  return undefined;
}

const callSource = memoPerNode(untrustedCallSource);

function untrustedCallSource(call: ts.CallExpression, facts: FileFacts): { kind: UntrustedKind; loader: boolean } | undefined {
  const { memory } = facts.classifier;
  const site = facts.callSiteOf(call);
  if (site?.entry.kind === 'llm' && !memory.nonTextModelCalls.some((pattern) => endsWith(site.origin.path, pattern))) return { kind: 'model-output', loader: false };
  if (site?.entry.kind === 'http' && site.entry.bodyIsResult && !isSameOriginRequest(site)) return { kind: 'http-response', loader: false };
  if (isEventReaderCall(call, facts)) return { kind: 'request', loader: false };
  const origin = facts.originOf(call.expression);
  if (origin && origin.module !== 'globalThis') {
    if (facts.classifier.matches(memory.webLoaders, origin)) return { kind: 'web', loader: true };
    if (facts.classifier.matches(memory.webContent, origin)) return { kind: 'web', loader: false };
  }
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const kind = memberSource(callee.expression, callee.name.text, true, facts);
    if (kind) return { kind, loader: false };
  }
  return undefined;
}

function endsWith(path: readonly string[], pattern: string): boolean {
  const parts = pattern.split('.');
  return parts.length <= path.length && parts.every((part, i) => path[path.length - parts.length + i] === part);
}

/** validateX(…), sanitizeX(…), schema.parse(…), a moderation API call: something that checks or cleans content. */
export const isContentCheck: (call: ts.CallExpression, facts: FileFacts) => boolean = memoPerNode(checksContent);

function checksContent(call: ts.CallExpression, facts: FileFacts): boolean {
  const { memory } = facts.classifier;
  const name = calleeLastName(call.expression);
  if (name && memory.validationPrefixes.some((prefix) => name.startsWith(prefix) && (name.length === prefix.length || /[A-Z_0-9]/.test(name[prefix.length] ?? '')))) return true;
  const origin = facts.originOf(call.expression);
  if (origin && facts.classifier.matches(memory.moderation, origin)) return true;
  return isValidatorCall(call, facts);
}

/** A parameter the model fills: the first parameter of a tool's handler (minus framework-provided fields). */
function isToolInput(decl: Declaration, facts: FileFacts): boolean {
  const param = enclosingParameter(decl.node);
  const fn = param?.parent;
  if (!param || !fn || !isFunctionLike(fn)) return false;
  if (decoratedToolInput(fn, facts) === param) return true;
  if (fn.parameters[0] !== param) return false;
  if (isToolClassMethod(fn, facts)) return true;
  if (ts.isBindingElement(decl.node) && facts.classifier.memory.toolContextKeys.includes(staticName(decl.node.propertyName ?? decl.node.name) ?? '')) return false;
  if (isToolRequestHandler(fn, facts)) return true;
  return toolDefinitionCallOf(fn, facts) !== undefined;
}

function closedToolArgument(decl: Declaration, facts: FileFacts): boolean {
  const fn = enclosingParameter(decl.node)?.parent;
  // A handler handed over by name has its schema on the definition that names it.
  return !!fn && isFunctionLike(fn) && isClosedToolArgument(decl.node, toolDefinitionCallOf(fn, facts) ?? receivingCall(fn), facts);
}

/** `items.map((item) => …)` / `res.then((body) => …)`: the callback parameter carries the receiver's value. */
function callbackReceiver(decl: Declaration): ts.Expression | undefined {
  const param = enclosingParameter(decl.node);
  const fn = param?.parent;
  if (!param || !fn || !isFunctionLike(fn) || fn.parameters[0] !== param) return undefined;
  const call = receivingCall(fn);
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  return ELEMENT_CALLBACKS.has(call.expression.name.text) ? call.expression.expression : undefined;
}

/** Extra shapes of model output a caller wants recognised: members and parameter types that hold the model's tool calls. */
export interface ModelOutputShapes {
  readonly members: readonly string[];
  readonly types: readonly string[];
}

const NO_SHAPES: ModelOutputShapes = { members: [], types: [] };

/** `p: ToolCall` or `p: ToolCall[]`: a parameter whose declared type is one of `types`. */
function hasDeclaredType(node: ts.Node, types: readonly string[]): boolean {
  if (types.length === 0 || !ts.isParameter(node) || !node.type) return false;
  const type = ts.isArrayTypeNode(node.type) ? node.type.elementType : node.type;
  if (!ts.isTypeReferenceNode(type)) return false;
  return types.includes(ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text);
}

/** Optional extensions of the trace (all off by default). */
export interface TraceOptions {
  /** Follow same-file helpers: a local function's returned values, and a parameter's arguments at its same-file call sites. */
  readonly followLocalFunctions?: boolean;
  /** Calls whose result no longer carries their arguments' content (a sanitiser for the caller's sink). */
  readonly isBarrier?: (call: ts.CallExpression) => boolean;
  /** Members and parameter types that also count as model output (the model's tool calls). */
  readonly shapes?: ModelOutputShapes;
  /** Extra sources for one trace: e.g. a helper's parameters, to learn which of them reach a sink. */
  readonly parameterSource?: (decl: Declaration) => string | undefined;
  /** A caller's own sources on top of the built-in ones (file reads, email, retrieved documents…). */
  readonly extraSource?: ExtraSource<string>;
  /**
   * Calls whose result may carry content that only the rest of the project can tell (a project
   * function in another file): recorded as a flow of the returned kind, and traced on through their
   * arguments and receiver like any other call.
   */
  readonly openSource?: ExtraSource<string>;
  /**
   * Do not trace into the arguments of an open source: the caller asks apart what each of them carries
   * and whether the call returns it (a project function's summary says), instead of taking whatever is
   * found there as part of the result.
   */
  readonly openArgumentsApart?: boolean;
  /** At most this many syntax nodes are visited: a bounded trace for callers that trace every function of a file. */
  readonly budget?: number;
}

/** A caller's own sources on top of the built-in ones: the kind of content a call returns, if it is one. */
export type ExtraSource<Kind extends string> = (call: ts.CallExpression, facts: FileFacts) => Kind | undefined;

interface Trace {
  readonly facts: FileFacts;
  readonly shapes: ModelOutputShapes;
  readonly options: TraceOptions;
  readonly seen: Set<ts.Node>;
  /**
   * Nodes visited inside the arguments of an open source, where nothing is recorded: kept apart, so a
   * value reached there first is still traced (and recorded) when it is reached again on its own.
   */
  readonly seenInsideOpen: Set<ts.Node>;
  readonly via: Set<Declaration>;
  readonly flows: UntrustedFlow<string>[];
  /**
   * Same-file helpers the trace entered from a call, to trace what they return: their parameters hold
   * that call's arguments (traced at the call), not what the helper's other callers pass.
   */
  readonly entered: Set<FunctionLike>;
}

interface Path {
  readonly depth: number;
  readonly checked: boolean;
  /** The bare text of a Document was read (its metadata left behind). */
  readonly contentOnly: boolean;
  /** Inside the arguments of an open source: whether its result carries them is the outer call's to say. */
  readonly insideOpen: boolean;
}

/**
 * A path with all four fields always set: paths are made at every step of every trace, and copying one
 * with a spread (whose optional field made shapes vary) was the costliest line of the trace. Paths are
 * plain values and never change, so each of the few there are is made once: no allocation per step.
 */
const makePath = (depth: number, checked: boolean, contentOnly: boolean, insideOpen: boolean): Path => ({ depth, checked, contentOnly, insideOpen });
/** Every path a trace can make: depth 0 to MAX_DEPTH + 1 (one step past the limit, where the trace stops), by the three flags. */
const PATHS: readonly Path[] = Array.from({ length: (MAX_DEPTH + 2) * 8 }, (_, i) => makePath(i >> 3, (i & 4) !== 0, (i & 2) !== 0, (i & 1) !== 0));
const pathOf = (depth: number, checked: boolean, contentOnly: boolean, insideOpen: boolean): Path =>
  PATHS[(depth << 3) | (checked ? 4 : 0) | (contentOnly ? 2 : 0) | (insideOpen ? 1 : 0)] ?? makePath(depth, checked, contentOnly, insideOpen);

function record(trace: Trace, kind: string, source: ts.Node, path: Path, loader = false): void {
  trace.flows.push({ kind, source, keepsProvenance: loader && !path.contentOnly, checkedOnTheWay: path.checked, via: trace.via });
}

function traceDeclaration(decl: Declaration, trace: Trace, path: Path): void {
  const { facts } = trace;
  trace.via.add(decl);
  if (decl.kind === 'parameter') {
    // A tool argument the schema closes (`z.enum([...])`, a number) is none of the model's text.
    if (isToolInput(decl, facts)) return closedToolArgument(decl, facts) ? undefined : record(trace, 'tool-input', decl.node, path);
    if (facts.classifier.httpRequests.eventInputMembers.includes(eventMemberOf(decl, facts) ?? '')) return record(trace, 'request', decl.node, path);
    if (hasDeclaredType(decl.node, trace.shapes.types)) return record(trace, 'model-output', decl.node, path);
    const extra = trace.options.parameterSource?.(decl);
    if (extra) return record(trace, extra, decl.node, path);
    const receiver = callbackReceiver(decl);
    if (receiver) traceNode(receiver, trace, path);
    else if (trace.options.followLocalFunctions && !enteredFromCall(decl, trace)) traceCallerArguments(decl, trace, path);
    return;
  }
  if (decl.init) {
    const [first] = decl.init.path;
    if (first !== undefined) {
      const kind = memberSource(decl.init.expression, first, false, facts);
      if (kind) return record(trace, kind, decl.node, path);
      if (trace.shapes.members.includes(first)) return record(trace, 'model-output', decl.node, path);
    }
    const contentOnly = path.contentOnly || (first !== undefined && facts.classifier.memory.documentContentKeys.includes(first));
    traceNode(decl.init.expression, trace, pathOf(path.depth, path.checked, contentOnly, path.insideOpen));
  }
  const loop = decl.node.parent?.parent;
  if (loop && ts.isForOfStatement(loop) && ts.isVariableDeclarationList(loop.initializer) && loop.initializer.declarations.includes(decl.node as ts.VariableDeclaration)) {
    traceNode(loop.expression, trace, path);
  }
  if (decl.kind === 'variable') traceAppends(decl, trace, path);
  if (!decl.isConst && decl.kind === 'variable') for (const value of assignedValues(decl, facts)) traceNode(value, trace, path);
}

/** Methods that add their arguments to the array they are called on. */
const APPENDS = new Set(['push', 'unshift']);

/** `const items = []; … items.push(page)`: what is appended to a local array later is part of its value. */
function traceAppends(decl: Declaration, trace: Trace, path: Path): void {
  const init = decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  if (!init || !ts.isArrayLiteralExpression(init)) return;
  for (const ref of trace.facts.references(decl)) {
    const access = ref.parent;
    const call = access?.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== ref || !APPENDS.has(access.name.text)) continue;
    if (call && ts.isCallExpression(call) && call.expression === access) for (const arg of call.arguments) traceNode(arg, trace, path);
  }
}

/** A parameter of a helper the trace entered from a call (`wrap(x)`), which traces its own arguments. */
function enteredFromCall(decl: Declaration, trace: Trace): boolean {
  const fn = enclosingParameter(decl.node)?.parent;
  return !!fn && isFunctionLike(fn) && trace.entered.has(fn);
}

/** A helper's parameter: what its same-file callers pass in that position. */
function traceCallerArguments(decl: Declaration, trace: Trace, path: Path): void {
  const param = enclosingParameter(decl.node);
  const fn = param?.parent;
  if (!param || !fn || !isFunctionLike(fn) || param.dotDotDotToken) return;
  const index = fn.parameters.indexOf(param);
  const property = destructuredParameterProperty(decl);
  for (const call of trace.facts.callersOf(fn)) {
    const arg = call.arguments[index];
    if (!arg) continue;
    // `keep({ text: answer, filename: 'run-1' })` read through `({ filename })`: only that property carries
    // the binding's value, and a literal without it passes nothing.
    const values = property === undefined ? undefined : literalPropertyValues(unwrap(arg));
    const value = values === undefined ? arg : values.get(property as string);
    if (value) traceNode(value, trace, path);
  }
}

/** literalPropertyValues, kept per literal: a constant table is read member by member, many times over. */
const propertyValues = memoPerNode((literal: ts.ObjectLiteralExpression) => literalPropertyValues(literal) ?? null);

/** `TABLE` of `TABLE.key`, when it names a const initialised with an object literal of plain properties, with their values. */
function constantObjectOf(expr: ts.Expression, facts: FileFacts): { decl: Declaration; values: ReadonlyMap<string, ts.Expression> } | undefined {
  const receiver = unwrap(expr);
  if (!ts.isIdentifier(receiver)) return undefined;
  const decl = facts.resolve(receiver.text, receiver);
  if (!decl || decl.kind !== 'variable' || !decl.isConst || !decl.init || decl.init.path.length > 0) return undefined;
  const literal = unwrap(decl.init.expression);
  const values = ts.isObjectLiteralExpression(literal) ? propertyValues(literal, facts) : null;
  return values ? { decl, values } : undefined;
}

/** The budget is spent: every later step of the trace is a no-op, so walks stop instead of visiting the rest. */
const spent = (trace: Trace): boolean => trace.options.budget !== undefined && trace.seen.size + trace.seenInsideOpen.size >= trace.options.budget;

function traceNode(node: ts.Node, trace: Trace, path: Path): void {
  const seen = path.insideOpen ? trace.seenInsideOpen : trace.seen;
  if (path.depth > MAX_DEPTH || seen.has(node) || spent(trace)) return;
  seen.add(node);
  const { facts } = trace;
  const next = pathOf(path.depth + 1, path.checked, path.contentOnly, path.insideOpen);
  if (ts.isIdentifier(node)) {
    if (!isReference(node)) return;
    const decl = facts.resolve(node.text, node);
    if (decl) traceDeclaration(decl, trace, next);
    return;
  }
  if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && NON_CONTENT_KEY.test(staticName(node.name) ?? '')) return;
  if (ts.isShorthandPropertyAssignment(node)) {
    const decl = facts.resolve(node.name.text, node.name);
    if (decl) traceDeclaration(decl, trace, next);
    return;
  }
  if (ts.isTypeNode(node)) return;
  // `long ? 'long' : 'short'`: the value is one of the branches; the condition only picks one.
  if (ts.isConditionalExpression(node)) {
    traceNode(node.whenTrue, trace, next);
    traceNode(node.whenFalse, trace, next);
    return;
  }
  if (ts.isCallExpression(node)) {
    const source = callSource(node, facts);
    if (source) return record(trace, source.kind, node, path, source.loader);
    const extra = trace.options.extraSource?.(node, facts);
    if (extra !== undefined) return record(trace, extra, node, path);
    if (trace.options.isBarrier?.(node)) return;
    const open = trace.options.openSource?.(node, facts);
    if (open !== undefined && !path.insideOpen) record(trace, open, node, path);
    const local = trace.options.followLocalFunctions ? facts.localFunction(node.expression) : undefined;
    if (local?.body) {
      trace.entered.add(local);
      traceNode(local, trace, next);
    }
    const checked = path.checked || isContentCheck(node, facts);
    const callee = unwrap(node.expression);
    // Arguments first: a callback reading `doc.pageContent` marks the receiver's Documents as stripped of metadata.
    const argumentPath = pathOf(next.depth, checked, next.contentOnly, open !== undefined || next.insideOpen);
    if (open === undefined || !trace.options.openArgumentsApart) for (const arg of node.arguments) traceNode(arg, trace, argumentPath);
    // The callee's receiver carries the value (`text.trim()`, `docs.slice(0, 5)`); a bare callee is a function name.
    const receiverPath = pathOf(next.depth, checked, next.contentOnly, next.insideOpen);
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) traceNode(callee.expression, trace, receiverPath);
    // `cheerio.load(html)('body')`: a call that returns a function of what it was given.
    else if (ts.isCallExpression(callee)) traceNode(callee, trace, receiverPath);
    return;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
    const kind = member === undefined ? undefined : memberSource(node.expression, member, false, facts);
    if (kind) return record(trace, kind, node, path);
    if (member !== undefined && trace.shapes.members.includes(member)) return record(trace, 'model-output', node, path);
    const contentOnly = path.contentOnly || (member !== undefined && facts.classifier.memory.documentContentKeys.includes(member));
    const memberPath = pathOf(next.depth, next.checked, contentOnly, next.insideOpen);
    const constant = member === undefined ? undefined : constantObjectOf(node.expression, facts);
    if (!constant) return traceNode(node.expression, trace, memberPath);
    // `METHODS.search` of `const METHODS = { … }`: only that property's value is read, not the whole table.
    trace.via.add(constant.decl);
    // The property itself (`key: value`, or shorthand `key`), the value's parent: traced as when the whole literal is.
    const property = constant.values.get(member as string)?.parent;
    if (property) traceNode(property, trace, memberPath);
    return;
  }
  // A class is code, not content: what its methods return is read by calling them, which the trace meets as calls.
  if (ts.isClassLike(node)) return;
  if (isFunctionLike(node)) {
    // A callback's result (`docs.map((d) => ({ … }))`): trace what it returns, not its statements.
    for (const returned of returnedExpressions(node)) {
      if (spent(trace)) break;
      traceNode(returned, trace, next);
    }
    return;
  }
  ts.forEachChild(node, (child) => (traceNode(child, trace, next), spent(trace) || undefined));
}

/**
 * Untrusted sources whose value reaches `expr` inside the file: HTTP request input of a route handler,
 * HTTP response bodies, web pages and search results, model output, and tool arguments — followed
 * back through variables, destructuring, object/array literals, template literals, method chains and
 * element callbacks. Parameters of ordinary functions end the trace: their origin is not visible
 * (with `followLocalFunctions`, same-file callers' arguments and local helpers' return values are followed).
 * `shapes` adds members and parameter types that also count as model output (the model's tool calls).
 */
export function untrustedFlowsInto<Extra extends string = never>(
  expr: ts.Node,
  facts: FileFacts,
  options: TraceOptions & { readonly extraSource?: ExtraSource<Extra> } = {},
): UntrustedFlow<UntrustedKind | Extra>[] {
  const trace: Trace = { facts, shapes: options.shapes ?? NO_SHAPES, options, seen: new Set(), seenInsideOpen: new Set(), via: new Set(), flows: [], entered: new Set() };
  traceNode(expr, trace, pathOf(0, false, false, false));
  return trace.flows as UntrustedFlow<UntrustedKind | Extra>[];
}

/** A question about a call: does it check, sanitise or allow-list what it is passed? */
type CallCheck = (call: ts.CallExpression, facts: FileFacts) => boolean;

/**
 * Is the flow's value checked elsewhere in `scope`: passed to a validation, sanitising or moderation
 * call (`if (!Schema.safeParse(body).success) return …`) before or after the write reads it.
 */
export function isCheckedIn(scope: ts.Node, flow: UntrustedFlow<string>, facts: FileFacts, isCheck: CallCheck = isContentCheck): boolean {
  const names = new Set([...flow.via].map((decl) => decl.name));
  return isValueCheckedIn(scope, flow.source, { names, holds: (decl) => flow.via.has(decl) }, facts, isCheck);
}

/** The variables that hold a traced value. */
export interface HeldValue {
  /** Names of the variables that may hold the value: a cheap filter before `holds`. */
  readonly names: ReadonlySet<string>;
  /** Does this variable hold the value (not a constant or client the trace also passed)? */
  readonly holds: (decl: Declaration) => boolean;
}

/** `isCheckedIn` for a value that came from `source` and is held by the variables `value` names. */
export function isValueCheckedIn(scope: ts.Node, source: ts.Node, value: HeldValue, facts: FileFacts, isCheck: CallCheck = isContentCheck): boolean {
  const sourceText = ts.isExpression(source) ? source.getText(facts.sourceFile) : undefined;
  const mentionsFlow = (node: ts.Node): boolean => {
    if (node === source) return true;
    // `Schema.safeParse(req.body)` checks the same `req.body` the write reads again.
    if (sourceText !== undefined && node.kind === source.kind && node.getText(facts.sourceFile) === sourceText) return true;
    if (ts.isIdentifier(node)) {
      // Only an identifier named like a variable on the way can read one: the rest need no scope lookup.
      const decl = value.names.has(node.text) && isReference(node) ? facts.resolve(node.text, node) : undefined;
      return decl !== undefined && value.holds(decl);
    }
    return ts.forEachChild(node, (child) => mentionsFlow(child) || undefined) ?? false;
  };
  // The checks first: few calls check anything, and an argument walk covers every call nested in it.
  return nodesWithin(checkCalls(facts, isCheck), scope).some((call) => call.arguments.some(mentionsFlow));
}

/** Per kind of check, the current file's calls that are one (a file's flows are asked about one after another). */
const checkCallsOfFile = new WeakMap<CallCheck, { readonly facts: FileFacts; readonly calls: readonly ts.CallExpression[] }>();

/** The file's calls that `isCheck` accepts, in source order: found once per file, not once per flow over every call. */
function checkCalls(facts: FileFacts, isCheck: CallCheck): readonly ts.CallExpression[] {
  const known = checkCallsOfFile.get(isCheck);
  if (known?.facts === facts) return known.calls;
  const calls = facts.index.calls.filter((call) => isCheck(call, facts));
  checkCallsOfFile.set(isCheck, { facts, calls });
  return calls;
}
