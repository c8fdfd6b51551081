import { isFunctionLike, ts, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { retriesInLoop } from '../../domain/http/retry.js';
import { callbackKey, isDeferredCallback } from './callback-owners.js';
import { functionRoles } from './function-roles.js';
import { detachedChain, failureDroppedAtCall } from './handled-calls.js';

/** What a function does itself, before following its calls. */
export interface BaseEffects {
  readonly network: boolean;
  readonly llm: boolean;
  readonly vectorWrite: boolean;
  readonly retries: boolean;
}

/** Who a call goes to, as far as one file can tell. */
export type CalleeRef =
  | { readonly kind: 'local'; readonly key: string }
  /** An imported binding (`f()`, `ns.f()`, `(0, import_x.f)()`); resolved through the module graph. */
  | { readonly kind: 'import'; readonly local: string; readonly member?: string };

/** One named function of a file, as plain data (serialisable with the file's other facts). */
export interface FunctionFact {
  /** `name`, `Class.method`, or `object.method`. */
  readonly key: string;
  readonly line: number;
  readonly base: BaseEffects;
  /** Calls made in its body (inline callbacks count as its own: one level of higher-order wrapping). */
  /** failureDropped: the caller catches and drops the call's failure; detached: and does not wait for it either. */
  readonly calls: readonly { readonly at: number; readonly callee: CalleeRef; readonly failureDropped?: true; readonly detached?: true }[];
  /** Functions it hands on as values (`onSubmit={validate}`, `app.post('/x', handle)`): it is where they are called from. */
  readonly refs?: readonly CalleeRef[];
  /** Started from outside the project's call graph on the agent's behalf: a tool the model calls, a scheduled job. */
  readonly entry?: 'tool' | 'job';
  /** May be called from code the graph cannot see: a method, an exported function, a function stored as a value. */
  readonly open?: boolean;
}

/** The key of a named function; anonymous callbacks have none (their calls belong to the function around them). */
export function functionKey(fn: FunctionLike): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const parent = fn.parent;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    if (ts.isClassLike(parent)) return parent.name ? `${parent.name.text}.${fn.name.text}` : undefined;
    return objectName(parent) ? `${objectName(parent)}.${fn.name.text}` : undefined;
  }
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === fn) return parent.name.text;
    if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name) && ts.isClassLike(parent.parent) && parent.parent.name) return `${parent.parent.name.text}.${parent.name.text}`;
    if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && objectName(parent.parent)) return `${objectName(parent.parent)}.${parent.name.text}`;
  }
  return undefined;
}

/** `const tools = { … }`: the object's name, for its methods' keys. */
function objectName(node: ts.Node): string | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** The key a function's facts are kept under: its name, or where it starts for a callback that runs on its own. */
export function factKey(fn: FunctionLike): string | undefined {
  return functionKey(fn) ?? constructorKey(fn) ?? (isDeferredCallback(fn) ? callbackKey(fn) : undefined);
}

const constructorKey = (fn: FunctionLike): string | undefined => (ts.isConstructorDeclaration(fn) && ts.isClassLike(fn.parent) && fn.parent.name ? `${fn.parent.name.text}.constructor` : undefined);

/**
 * The function a node's effects and calls belong to: the nearest named function or deferred callback
 * around it (a `map` or `pRetry` callback runs as part of its enclosing function). Undefined at module level.
 */
export function ownerKey(node: ts.Node): string | undefined {
  return enclosingNamed(node)?.key;
}

function enclosingNamed(node: ts.Node): { fn: FunctionLike; key: string } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const key = factKey(current);
    if (key) return { fn: current, key };
  }
  return undefined;
}

function enclosingClassName(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isClassLike(current)) return current.name?.text;
  return undefined;
}

function calleeRef(call: ts.CallExpression, imports: ReadonlySet<string>, localKeys: ReadonlySet<string>): CalleeRef | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = callee.right;
  if (ts.isIdentifier(callee)) {
    if (localKeys.has(callee.text)) return { kind: 'local', key: callee.text };
    return imports.has(callee.text) ? { kind: 'import', local: callee.text } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const target = callee.expression;
  const member = callee.name.text;
  if (target.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClassName(call);
    return owner && localKeys.has(`${owner}.${member}`) ? { kind: 'local', key: `${owner}.${member}` } : undefined;
  }
  if (ts.isIdentifier(target)) {
    if (localKeys.has(`${target.text}.${member}`)) return { kind: 'local', key: `${target.text}.${member}` };
    if (imports.has(target.text)) return { kind: 'import', local: target.text, member };
  }
  return undefined;
}

/**
 * The named functions of a file with their own effects (catalog call sites: HTTP, LLM, vector-store
 * writes; retry loops) and the calls they make, for the project's function summaries.
 */
export function extractFunctionFacts(facts: FileFacts, importedNames: ReadonlySet<string>): FunctionFact[] {
  const byKey = new Map<string, { fn: FunctionLike; base: { network: boolean; llm: boolean; vectorWrite: boolean; retries: boolean }; calls: FunctionFact['calls'][number][] }>();
  for (const fn of facts.index.functions) {
    const key = factKey(fn);
    if (key && !byKey.has(key)) byKey.set(key, { fn, base: { network: false, llm: false, vectorWrite: false, retries: false }, calls: [] });
  }
  if (byKey.size === 0) return [];
  const keys = new Set(byKey.keys());
  for (const site of facts.callSites) {
    const owner = enclosingNamed(site.node);
    const entry = owner && byKey.get(owner.key);
    if (!entry) continue;
    if (site.entry.kind === 'http' || site.entry.kind === 'llm') entry.base.network = true;
    if (site.entry.kind === 'llm') entry.base.llm = true;
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
    const ref = calleeRef(call, importedNames, keys);
    const owner = ref && enclosingNamed(call);
    const entry = owner && byKey.get(owner.key);
    if (!entry || !ref) continue;
    const detached = detachedChain(call);
    entry.calls.push({ at: call.getStart(facts.sourceFile), callee: ref, ...(detached || failureDroppedAtCall(call) ? { failureDropped: true as const } : {}), ...(detached ? { detached: true as const } : {}) });
  }
  const { entries, open, refs } = functionRoles(facts, importedNames, new Map([...byKey].map(([key, { fn }]) => [key, fn])), (node) => enclosingNamed(node)?.key);
  return [...byKey].map(([key, { fn, base, calls }]) => {
    const entry = entries.get(fn);
    const handsOn = refs.get(key);
    return {
      key,
      line: facts.sourceFile.getLineAndCharacterOfPosition(fn.getStart(facts.sourceFile)).line + 1,
      base,
      calls,
      ...(handsOn?.length ? { refs: handsOn } : {}),
      ...(entry ? { entry } : {}),
      ...(open.has(key) ? { open: true } : {}),
    };
  });
}
