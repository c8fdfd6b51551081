import { answersRequestItself } from '../../domain/routes/handler-functions.js';
import { isAgentCall } from '../../domain/routes/registered-routes.js';
import { isFunctionLike, nameOfClass, ts, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { retriedAtCall, retriesInLoop } from '../../domain/http/retry.js';
import { optionlessArguments } from '../../domain/http/forwarded-options.js';
import { calleeContext, calleeRef, functionKey, type CalleeContext, type CalleeRef } from './callee-refs.js';
import { extractFlowFacts, promptParamsByFunction, sinksByFunction, type FlowFacts } from './flow-facts.js';
import { copiedFunctions } from './copied-code.js';
import { callbackKey, isDeferredCallback } from './callback-owners.js';
import { functionRoles, valueReads, type ErrorsAnswered } from './function-roles.js';
import { failureAnsweredAtCall, handlingAtCall } from './handled-calls.js';
import { isInsideSpan } from '../spans.js';
import { looseMemberNames, memberCallName } from './member-calls.js';
import type { BranchRuns } from '../roles/branches.js';
import { TABLE_DISPATCH } from '../dispatch-tables.js';

export type { CalleeRef } from './callee-refs.js';
export { functionKey } from './callee-refs.js';

/** What a function does itself, before following its calls. */
export interface BaseEffects {
  readonly network: boolean;
  readonly llm: boolean;
  /** A model call that makes text (not embeddings, images or speech), or a catalog agent run. */
  readonly textModel: boolean;
  readonly vectorWrite: boolean;
  readonly retries: boolean;
}

/** One named function of a file, as plain data (serialisable with the file's other facts). */
export interface FunctionFact {
  /** `name`, `Class.method`, or `object.method`. */
  readonly key: string;
  readonly line: number;
  readonly base: BaseEffects;
  /** Calls made in its body (inline callbacks count as its own: one level of higher-order wrapping). */
  /** failureDropped: the caller catches and drops the call's failure; detached: and does not wait for it either. */
  /** inSpan: the call runs inside a span opened around it here (a traceable()/startActiveSpan() callback, a traced method). */
  /** inBranch: the call sits in a branch that runs only in development, or only when an imported flag has a value (roles/branches.ts). */
  /** retried: a loop here runs the call again when it fails (domain/http/retry.ts retriedAtCall). */
  /** answered: the failure is caught where the request handler around the call answers with it (`res.status(500)`). */
  /** optionless: argument positions (bits) where the call passes nothing that could bound a request (domain/http/forwarded-options.ts). */
  readonly calls: readonly { readonly at: number; readonly callee: CalleeRef; readonly failureDropped?: true; readonly detached?: true; readonly unwaited?: true; readonly answered?: true; readonly inSpan?: true; readonly inBranch?: BranchRuns; readonly retried?: true; readonly optionless?: number }[];
  /** What it does with model output, external content and its parameters (absent: nothing of note). */
  readonly flows?: FlowFacts;
  /** Functions it hands on as values (`onSubmit={validate}`, `app.post('/x', handle)`): it is where they are called from. */
  readonly refs?: readonly CalleeRef[];
  /** Started from outside the project's call graph on the agent's behalf: a tool the model calls, a scheduled job. */
  readonly entry?: 'tool' | 'job';
  /** A tool whose framework answers the model with what it throws: its failure does not end the run (function-roles.ts ErrorsAnswered). */
  readonly errorsAnswered?: ErrorsAnswered;
  /** May be called from code the graph cannot see: a method, an exported function, a function stored as a value. */
  readonly open?: boolean;
  /** An open method its file only calls as `this.method()` in its class: private in practice unless another file names it. */
  readonly thisOnly?: true;
  /** Of those, a method of a class its file keeps to itself, or one named as internal (`_fetchPage`; see function-roles.ts): private in practice in a published library too. */
  readonly internal?: true;
  /** Takes an HTTP request and answers it itself (`(req, res) => res.json(…)`): where a request starts, whoever calls it. */
  readonly answersRequest?: true;
  /** An HTTP route handler a framework or server calls: where a request starts. */
  readonly route?: true;
  /** `recv.name(…)` calls on receivers the file cannot trace, by method name (member-calls.ts); flags as in `calls`. */
  readonly memberCalls?: readonly MemberCall[];
  /** A method of a class that extends or implements another, which a base or a framework may call. */
  readonly inherits?: true;
}

export interface MemberCall {
  readonly at: number;
  readonly member: string;
  readonly failureDropped?: true;
  readonly detached?: true;
}

/** The key a function's facts are kept under: its name, or where it starts for a callback that runs on its own. */
export function factKey(fn: FunctionLike): string | undefined {
  return functionKey(fn) ?? constructorKey(fn) ?? (isDeferredCallback(fn) ? callbackKey(fn) : undefined);
}

function constructorKey(fn: FunctionLike): string | undefined {
  const cls = ts.isConstructorDeclaration(fn) && ts.isClassLike(fn.parent) ? nameOfClass(fn.parent) : undefined;
  return cls ? `${cls}.constructor` : undefined;
}

/**
 * The function a node's effects and calls belong to: the nearest named function or deferred callback
 * around it (a `map` or `pRetry` callback runs as part of its enclosing function). Undefined at module level.
 */
export function ownerKey(node: ts.Node): string | undefined {
  return enclosingNamed(node)?.key;
}

function enclosingNamed(node: ts.Node): { fn: FunctionLike; key: string } | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return namedOwner(current);
  return undefined;
}

/** Every call, loop, sink and read of a file asks for its owner: each function's answer is kept. */
const namedOwners = new WeakMap<FunctionLike, { fn: FunctionLike; key: string } | null>();

/** The function itself when it has a fact key, else the named function around it (a loop, not recursion: bundles nest deeply). */
function namedOwner(fn: FunctionLike): { fn: FunctionLike; key: string } | undefined {
  const unnamed: FunctionLike[] = [];
  let owner: { fn: FunctionLike; key: string } | null | undefined;
  for (let current: ts.Node | undefined = fn; current && owner === undefined; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    owner = namedOwners.get(current);
    if (owner !== undefined) break;
    const key = factKey(current);
    if (key) owner = { fn: current, key };
    else unnamed.push(current);
  }
  owner ??= null;
  if (owner) namedOwners.set(owner.fn, owner);
  for (const inner of unnamed) namedOwners.set(inner, owner);
  return owner ?? undefined;
}

type Call = FunctionFact['calls'][number];

interface Entry {
  readonly fn: FunctionLike;
  readonly base: { network: boolean; llm: boolean; textModel: boolean; vectorWrite: boolean; retries: boolean };
  readonly calls: (Call & { readonly node: ts.CallExpression })[];
  readonly memberCalls: MemberCall[];
}

/**
 * The named functions of a file with their own effects (catalog call sites: HTTP, LLM, vector-store
 * writes; retry loops), the calls they make, what they do with untrusted values, and how the agent
 * reaches them (tools, jobs, functions handed on), for the project's function summaries.
 */
export function extractFunctionFacts(facts: FileFacts, importedNames: ReadonlySet<string>): FunctionFact[] {
  return extractCallGraphFacts(facts, importedNames).functions;
}

/** The file's function facts, and the method names it mentions other than in the calls they record (member-calls.ts). */
export function extractCallGraphFacts(facts: FileFacts, importedNames: ReadonlySet<string>): { functions: FunctionFact[]; looseNames: string[]; valueRefs: readonly CalleeRef[] } {
  const context = calleeContext(facts, importedNames);
  const byKey = new Map<string, Entry>();
  for (const fn of facts.index.functions) {
    const key = factKey(fn);
    if (key && !byKey.has(key)) byKey.set(key, { fn, base: { network: false, llm: false, textModel: false, vectorWrite: false, retries: false }, calls: [], memberCalls: [] });
  }
  /** Callee names of the calls recorded below or made on a package's API: no other way to reach a method. */
  const accounted = new Set<ts.Node>();
  for (const site of facts.callSites) {
    const name = memberCallName(site.node);
    if (name) accounted.add(name);
  }
  if (byKey.size === 0) return { functions: [], looseNames: looseMemberNames(facts.sourceFile, accounted), valueRefs: valueReads(facts, new Set(), importedNames, (node) => enclosingNamed(node)?.key).heldImports };
  for (const site of facts.callSites) {
    const owner = enclosingNamed(site.node);
    const entry = owner && byKey.get(owner.key);
    if (!entry) continue;
    if (site.entry.kind === 'http' || site.entry.kind === 'llm') entry.base.network = true;
    if (site.entry.kind === 'llm') entry.base.llm = true;
    if (isAgentCall(site.node, facts)) entry.base.textModel = true;
    if (site.entry.kind === 'vector-store' && site.operation === 'write') entry.base.vectorWrite = true;
  }
  const loopOwners = new Set<string>();
  for (const loop of facts.index.loops) {
    const owner = enclosingNamed(loop);
    if (owner) loopOwners.add(owner.key);
  }
  // One look per function, however many loops it has.
  for (const key of loopOwners) {
    const entry = byKey.get(key);
    if (entry?.fn.body && retriesInLoop(entry.fn.body)) entry.base.retries = true;
  }
  for (const call of facts.index.calls) {
    if (facts.callSiteOf(call)) continue;
    // The owner first: a call outside every named function needs no callee.
    const owner = enclosingNamed(call);
    const entry = owner && byKey.get(owner.key);
    if (!entry) continue;
    // A catalog agent run (`graph.invoke`, `run(agent, …)`) calls the model inside the framework.
    if (!entry.base.llm && isAgentCall(call, facts)) entry.base.llm = entry.base.textModel = true;
    // A method of a service SDK (`slack.conversations.history()`) goes over the network.
    if (!entry.base.network && callsRemoteModule(call, facts)) entry.base.network = true;
    const ref = calleeRef(call, context, facts);
    const name = memberCallName(call);
    // A member path below an import (`services.ledger.balance()`) is followed only to an exported client's
    // facts (client-exports.ts): its receiver stays untraced, so its method is matched by name as well.
    const deepPath = ref?.kind === 'import' && ref.member?.includes('.') === true;
    if (!ref || deepPath) {
      // A method called on a receiver this file cannot trace: matched by name once every file was seen.
      if (!name) continue;
      accounted.add(name);
      const { detached, failureDropped } = handlingAtCall(call, facts);
      entry.memberCalls.push({
        at: call.getStart(facts.sourceFile),
        member: name.text,
        ...(failureDropped ? { failureDropped: true as const } : {}),
        ...(detached ? { detached: true as const } : {}),
      });
      if (!ref) continue;
    }
    if (name) accounted.add(name);
    const { detached, failureDropped: dropped, unwaited } = handlingAtCall(call, facts);
    // A call with no arguments passes no URL or options: it is no call of a request wrapper.
    const optionless = call.arguments.length > 0 ? optionlessArguments(call, facts) : 0;
    entry.calls.push({
      at: call.getStart(facts.sourceFile),
      callee: ref,
      node: call,
      ...(dropped ? { failureDropped: true as const } : {}),
      ...(detached ? { detached: true as const } : {}),
      ...(unwaited && !detached ? { unwaited: true as const } : {}),
      ...(dropped && !detached && failureAnsweredAtCall(call) ? { answered: true as const } : {}),
      ...(isInsideSpan(call, facts) ? { inSpan: true as const } : {}),
      ...(retriedAtCall(call, facts) ? { retried: true as const } : {}),
      ...(optionless ? { optionless } : {}),
    });
  }
  const sinks = sinksByFunction(facts, (node) => enclosingNamed(node)?.key);
  const promptParams = promptParamsByFunction(facts, enclosingNamed);
  const { entries, errorsAnswered, open, refs, thisOnly, routes, internal, heldImports } = functionRoles(facts, importedNames, new Map([...byKey].map(([key, { fn }]) => [key, fn])), (node) => enclosingNamed(node)?.key);
  const copied = copiedFunctions(facts);
  const functions = [...byKey].map(([key, { fn, base, calls, memberCalls }]): FunctionFact => {
    const flows = copied.has(fn) ? undefined : extractFlowFacts(fn, facts, context, { sinks: sinks.get(key) ?? [], calls, promptParams: promptParams.get(key) ?? [] });
    const entry = entries.get(fn);
    const answered = errorsAnswered.get(fn);
    const handsOn = refs.get(key);
    return {
      key,
      line: facts.sourceFile.getLineAndCharacterOfPosition(fn.getStart(facts.sourceFile)).line + 1,
      base,
      calls: calls.map(({ node: _node, ...call }) => call),
      ...(flows ? { flows } : {}),
      ...(handsOn?.length ? { refs: handsOn } : {}),
      ...(entry ? { entry } : {}),
      ...(answered ? { errorsAnswered: answered } : {}),
      ...(open.has(key) ? { open: true } : {}),
      ...(thisOnly.has(key) ? { thisOnly: true as const, ...(internal.has(key) ? { internal: true as const } : {}) } : {}),
      ...(answersRequestItself(fn) ? { answersRequest: true as const } : {}),
      ...(routes.has(fn) ? { route: true as const } : {}),
      ...(memberCalls.length ? { memberCalls } : {}),
      ...(inheritsMethods(fn) ? { inherits: true as const } : {}),
    };
  });
  return { functions: [...functions, ...tableDispatchFacts(facts, context.tables)], looseNames: looseMemberNames(facts.sourceFile, accounted), valueRefs: heldImports };
}

/**
 * `handlers.[]` for each table of functions (dispatch-tables.ts): a call `handlers[name](args)`, in this
 * file or one that imports the table, hands each parameter to every function of the table. Only what its
 * parameters become is summarised (a sink, a system prompt): its members' own effects stay theirs.
 */
function tableDispatchFacts(facts: FileFacts, tables: CalleeContext['tables']): FunctionFact[] {
  const found: FunctionFact[] = [];
  for (const [table, members] of tables) {
    const forwards = members.flatMap((member) => {
      const key = factKey(member);
      return key ? member.parameters.map((_, param) => ({ param, callee: { kind: 'local' as const, key }, argument: param })) : [];
    });
    // Every table gets its fact, whether or not its functions take parameters: calls through it resolve to it.
    const first = members[0] as FunctionLike;
    const line = facts.sourceFile.getLineAndCharacterOfPosition(first.getStart(facts.sourceFile)).line + 1;
    found.push({ key: `${table}.${TABLE_DISPATCH}`, line, base: { network: false, llm: false, textModel: false, vectorWrite: false, retries: false }, calls: [], ...(forwards.length > 0 ? { flows: { forwards } } : {}) });
  }
  return found;
}

/**
 * A method of a class that extends or implements another: a base class or a framework may call it as
 * its own. A static method is called on the class by name (`AcmeSSO.testSetup()`), not through an instance.
 */
function inheritsMethods(fn: FunctionLike): boolean {
  const cls = fn.parent;
  return ts.isClassLike(cls) && (cls.heritageClauses ?? []).length > 0 && !(ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword));
}

/**
 * A request through a service SDK's client (the catalog's remoteModules; databases are not followed):
 * an awaited or returned method call on an object the SDK constructed or a factory of it made
 * (`await slack.conversations.history(…)`). The SDK's own helpers (a URL presigner, a message builder)
 * are plain functions or synchronous builders, and ask nobody.
 */
function callsRemoteModule(call: ts.CallExpression, facts: FileFacts): boolean {
  const origin = facts.originOf(call.expression);
  if (origin === undefined || origin.path.length === 0 || origin.calls.length === 0 || !facts.classifier.isServiceModule(origin.module)) return false;
  let node: ts.Node = call;
  let awaited = false;
  for (let parent = node.parent; parent && (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)); parent = parent.parent) {
    if (ts.isAwaitExpression(parent)) awaited = true;
    node = parent;
  }
  const parent = node.parent;
  if (awaited || !parent) return awaited;
  return ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node) || (ts.isPropertyAccessExpression(parent) && PROMISE_METHODS.has(parent.name.text));
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
