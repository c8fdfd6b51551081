import { contains, enclosingFunction, functionName, ts, unwrap, valueCarrier, type FunctionLike } from '../../../src/model/ast.js';
import { isConversationState } from './conversation-state.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { moduleStateChanges, type ModuleStateChange } from './module-variable-changes.js';
import { functionsReachedFrom, reachesInFile } from '../../../src/model/reaches.js';
import { isAgentCall } from '../../../src/domain/routes/registered-routes.js';
import { isClientModule, requestHandlers, type RequestHandler } from './per-request-handlers.js';
import type { Declaration } from '../../../src/model/scope.js';
import { sharedMemoryHolders, type SharedMemoryHolder } from './module-level-memories.js';
import { sharedThreadIds } from './fixed-thread-ids.js';
import { managedFieldChanges, singletonStates } from './singleton-conversations.js';
import { ownerKey } from '../../../src/model/summaries/function-facts.js';
import type { ProjectCondition } from '../../../src/model/project-conditions.js';

/** Module-level conversation, memory or agent state that a request or message handler uses. */
export interface SharedSessionState {
  /** Where the finding points: the change or use that runs for the handler. */
  readonly node: ts.Node;
  /** The module-level variable. */
  readonly name: string;
  readonly kind: 'conversation' | 'memory' | 'singleton' | 'managedSingleton' | 'thread';
  /** What it holds: `module-level array`, `BufferMemory`, `ChatAgent.history`, the thread id's value. */
  readonly what: string;
  readonly handler: RequestHandler;
  /** Used by a function of this file that request handlers elsewhere call: reported unless the project shows none does. */
  readonly notApplicableIf?: ProjectCondition;
}

export interface SessionStateAudit {
  /** Handlers whose work runs a model: the sites the rule examined. */
  readonly handlers: readonly RequestHandler[];
  readonly states: readonly SharedSessionState[];
}

interface HandlerIndex {
  /** The first handler whose work (its body, callbacks and same-file helpers) includes the node. */
  of(node: ts.Node): RequestHandler | undefined;
  /** Does this function run as part of some handler's work (once per request, not once per process)? */
  runsPerRequest(fn: FunctionLike): boolean;
}

function handlerIndex(handlers: readonly RequestHandler[], facts: FileFacts): HandlerIndex {
  let reached: { handler: RequestHandler; fns: Set<FunctionLike> }[] | undefined;
  const entries = (): { handler: RequestHandler; fns: Set<FunctionLike> }[] => (reached ??= handlers.map((handler) => ({ handler, fns: functionsReachedFrom(handler.fn, facts) })));
  return {
    of: (node) => {
      const fn = enclosingFunction(node);
      return fn && entries().find((entry) => entry.fns.has(fn))?.handler;
    },
    runsPerRequest: (fn) => entries().some((entry) => entry.fns.has(fn)),
  };
}

/**
 * The handler a change runs for, when the state outlives the request: module-level or global state,
 * or a variable of a setup function that registers the handler and runs once (not per request).
 */
function sharingHandler(change: ModuleStateChange, handlers: HandlerIndex): RequestHandler | undefined {
  const handler = handlers.of(change.node);
  if (!handler || !change.setup) return handler;
  return change.setup !== handler.fn && contains(change.setup, handler.fn) && !handlers.runsPerRequest(change.setup) ? handler : undefined;
}

/** `state` read as `state.history`: the longest member chain, the value that reaches a model. */
function memberChain(ref: ts.Expression): ts.Expression {
  let node = valueCarrier(ref);
  while (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) node = valueCarrier(node.parent);
  return node;
}

function describeVariable(change: ModuleStateChange): string {
  const decl = change.decl;
  if (!decl) return 'property of the global object';
  if (change.setup) return `variable of \`${functionName(change.setup) ?? 'the setup function'}\`, which registers the handler once`;
  const init = ts.isVariableDeclaration(decl.node) ? decl.node.initializer : undefined;
  const node = init && unwrap(init);
  if (node && ts.isArrayLiteralExpression(node)) return 'module-level array';
  if (node && (ts.isObjectLiteralExpression(node) || ts.isNewExpression(node))) return 'module-level object';
  return 'module-level variable';
}

/** Changes to one module-level variable (or one global property), with what is known about the state. */
function judgeChanges(key: Declaration | string, changes: readonly ModuleStateChange[], facts: FileFacts): (name: string) => boolean {
  const decl = typeof key === 'string' ? undefined : key;
  const node = decl && ts.isVariableDeclaration(decl.node) ? decl.node : undefined;
  const reads = (): ts.Expression[] => (decl ? facts.references(decl).map(memberChain) : []);
  const judged = new Map<string, boolean>();
  return (name) => {
    if (!judged.has(name)) {
      const root = node !== undefined && name === decl?.name;
      const values = changes.filter((c) => c.name === name).flatMap((c) => c.values);
      judged.set(name, isConversationState({ name, type: root ? node.type : undefined, initializer: root ? node.initializer : undefined, values, reads }, facts));
    }
    return judged.get(name) === true;
  };
}

/** The file's module-level state, found once for both kinds of user: its changes by variable (or global property), and shared memories. */
interface ModuleState {
  readonly changesByVariable: ReadonlyMap<Declaration | string, readonly ModuleStateChange[]>;
  readonly memories: readonly SharedMemoryHolder[];
}

function moduleStateOf(facts: FileFacts): ModuleState {
  const changesByVariable = new Map<Declaration | string, ModuleStateChange[]>();
  for (const change of moduleStateChanges(facts)) {
    const key = change.decl ?? change.name;
    changesByVariable.set(key, [...(changesByVariable.get(key) ?? []), change]);
  }
  return { changesByVariable, memories: sharedMemoryHolders(facts) };
}

function conversationState(state: ModuleState, facts: FileFacts, handlers: HandlerIndex): SharedSessionState[] {
  const found: SharedSessionState[] = [];
  for (const [key, keyChanges] of state.changesByVariable) {
    const isConversation = judgeChanges(key, keyChanges, facts);
    for (const change of keyChanges) {
      const handler = sharingHandler(change, handlers);
      if (!handler || !isConversation(change.name)) continue;
      found.push({ node: change.node, name: change.name, kind: 'conversation', what: describeVariable(change), handler });
      break;
    }
  }
  return found;
}

/**
 * Conversation fields of framework singletons (NestJS controllers and providers): shared by every
 * request that reaches the method, whether or not the handler that calls it is in this file.
 */
function managedSingletonState(facts: FileFacts, handlers: HandlerIndex): SharedSessionState[] {
  const lifecycle = facts.classifier.sessionState.lifecycleMethods;
  const found: SharedSessionState[] = [];
  const reported = new Set<string>();
  for (const change of managedFieldChanges(facts)) {
    const method = outermostMember(change.node);
    if (reported.has(change.field) || !method || lifecycle.includes(functionName(method) ?? '')) continue;
    const handler = handlers.of(change.node) ?? { fn: method, label: `${change.className}.${functionName(method) ?? '?'}()` };
    reported.add(change.field);
    found.push({ node: change.node, name: change.className, kind: 'managedSingleton', what: change.field, handler });
  }
  return found;
}

/** The class member (method or function-valued field) a node is in. */
function outermostMember(node: ts.Node): FunctionLike | undefined {
  let member: FunctionLike | undefined;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (ts.isClassLike(fn.parent) || (ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent))) member = fn;
  return member;
}

function firstHandled<T extends { readonly node: ts.Node }>(uses: readonly T[], handlers: HandlerIndex): { use: T; handler: RequestHandler } | undefined {
  for (const use of uses) {
    const handler = handlers.of(use.node);
    if (handler) return { use, handler };
  }
  return undefined;
}

/** Module-level histories, memories, stateful chains, singleton instances and thread ids that a handler in this file uses. */
function moduleLevelState(state: ModuleState, facts: FileFacts, handlers: HandlerIndex): SharedSessionState[] {
  const found = conversationState(state, facts, handlers);
  for (const holder of state.memories) {
    const hit = firstHandled(holder.uses.map((node) => ({ node })), handlers);
    if (hit) found.push({ node: hit.use.node, name: holder.name, kind: 'memory', what: holder.what, handler: hit.handler });
  }
  for (const singleton of singletonStates(facts)) {
    const hit = firstHandled(singleton.uses, handlers);
    if (hit) found.push({ node: hit.use.node, name: singleton.name, kind: 'singleton', what: hit.use.field, handler: hit.handler });
  }
  for (const thread of sharedThreadIds(facts)) {
    const handler = handlers.of(thread.node);
    if (handler) found.push({ node: thread.node, name: thread.key, kind: 'thread', what: thread.value, handler });
  }
  return found;
}

/**
 * A use in a function of this file that no handler here runs (`export async function chat(text)` that a
 * route in another file calls): shared across requests when some request handler of the project calls it.
 */
function servedFromElsewhere(node: ts.Node, facts: FileFacts, handlers: HandlerIndex): { handler: RequestHandler; notApplicableIf: ProjectCondition } | undefined {
  const fn = enclosingFunction(node);
  const key = ownerKey(node);
  if (!fn || !key || handlers.of(node)) return undefined;
  return { handler: { fn, label: `\`${key}()\`, which request handlers of the project call,` }, notApplicableIf: { not: { servesRequests: { file: facts.path, fn: key } } } };
}

/** Module-level histories and memories used only by functions of this file that other files' request handlers may call. */
function stateServedElsewhere(state: ModuleState, facts: FileFacts, handlers: HandlerIndex, reported: ReadonlySet<string>): SharedSessionState[] {
  const found: SharedSessionState[] = [];
  for (const [decl, variableChanges] of state.changesByVariable) {
    // A variable of the module (not a global property, not a setup function's local).
    const changes = typeof decl === 'string' ? [] : variableChanges.filter((change) => !change.setup);
    if (typeof decl === 'string' || changes.length === 0 || reported.has(decl.name)) continue;
    const isConversation = judgeChanges(decl, changes, facts);
    for (const change of changes) {
      const served = isConversation(change.name) ? servedFromElsewhere(change.node, facts, handlers) : undefined;
      if (!served) continue;
      found.push({ node: change.node, name: change.name, kind: 'conversation', what: describeVariable(change), ...served });
      break;
    }
  }
  for (const holder of state.memories) {
    if (reported.has(holder.name)) continue;
    for (const use of holder.uses) {
      const served = servedFromElsewhere(use, facts, handlers);
      if (!served) continue;
      found.push({ node: use, name: holder.name, kind: 'memory', what: holder.what, ...served });
      break;
    }
  }
  return found;
}

/**
 * Conversation histories, memories, stateful chains and singleton agents that live at module level
 * (one copy per process) and are changed or used by a handler that serves many users, and conversation
 * fields of framework singletons (NestJS controllers and providers). Keyed state
 * (`sessions.get(id)`, `store[userId]`), state made per request or connection, and browser modules
 * are not shared.
 */
export function sharedSessionState(facts: FileFacts): SessionStateAudit {
  if (isClientModule(facts)) return { handlers: [], states: [] };
  const handlers = requestHandlers(facts);
  const index = handlerIndex(handlers, facts);
  const state = moduleStateOf(facts);
  const found = [...managedSingletonState(facts, index), ...(handlers.length > 0 ? moduleLevelState(state, facts, index) : [])];
  found.push(...stateServedElsewhere(state, facts, index, new Set(found.map((shared) => shared.name))));
  const examined = handlers.filter((handler) => reachesInFile(handler.fn, facts, (node) => isAgentCall(node, facts)));
  return { handlers: examined, states: found.sort((a, b) => a.node.pos - b.node.pos) };
}
