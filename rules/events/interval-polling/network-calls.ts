import { calleeLastName, isFunctionLike, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { promiseChain } from '../../../src/model/promise-chain.js';
import { requestMethod } from '../../../src/domain/http/request-options.js';

/** Network calls a region makes per execution: direct ones, and those of same-file helpers it calls. */
export interface NetworkCalls {
  readonly count: number;
  /** Some call sits in a loop or array callback: the real count is a multiple ("× n"). */
  readonly inLoop: boolean;
  /** Of `count`, the calls made once per item of a loop of unknown length: a tick with no items makes none of them. */
  readonly perItem?: number;
  readonly clients: readonly string[];
  /** The calls go through project functions: `count` is a lower bound. */
  readonly throughProject?: boolean;
  /** Of `count`, the requests that only send (see onlySends). */
  readonly sends?: number;
  /** Calls of the region and the helpers followed that are neither requests nor same-file helpers: what they reach is the project's to say. */
  readonly others?: readonly ts.CallExpression[];
}

const DROPPED_CHAIN = new Set(['catch', 'finally']);
const PROMISE_LINKS = new Set(['then', 'catch', 'finally']);
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a response tells without its body being read. */
const STATUS_READS = new Set(['ok', 'status', 'statusText']);

/** `if (!res.ok) { … }`: the branch a failed response takes. */
function inFailureBranch(ref: ts.Node, response: string): boolean {
  for (let node: ts.Node = ref; node.parent; node = node.parent) {
    const parent = node.parent;
    if (isFunctionLike(parent)) return false;
    if (!ts.isIfStatement(parent) || parent.thenStatement !== node) continue;
    const test = unwrap(parent.expression);
    if (ts.isPrefixUnaryExpression(test) && test.operator === ts.SyntaxKind.ExclamationToken) {
      const operand = unwrap(test.operand);
      if (ts.isPropertyAccessExpression(operand) && operand.name.text === 'ok' && ts.isIdentifier(operand.expression) && operand.expression.text === response) return true;
    }
  }
  return false;
}

/**
 * Nothing is read from the answer but whether it succeeded: the result is dropped (`await fetch(…);`,
 * `fetch(…).catch(log);`), or kept in a const read only for its status, or read in full only when it failed
 * (`if (!res.ok) throw new Error(await res.text())`).
 */
function answerUnread(call: ts.CallExpression, facts: FileFacts): boolean {
  let node: ts.Node = promiseChain(call, DROPPED_CHAIN).end;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isVoidExpression(node.parent)) node = node.parent;
  if (ts.isExpressionStatement(node.parent)) return true;
  const holder = node.parent;
  if (!ts.isVariableDeclaration(holder) || holder.initializer !== node || !ts.isIdentifier(holder.name)) return false;
  const name = holder.name.text;
  const decl = facts.resolve(name, holder.name);
  if (!decl?.isConst) return false;
  return facts.references(decl).every((ref) => {
    const access = ref.parent;
    return (ts.isPropertyAccessExpression(access) && access.expression === ref && STATUS_READS.has(access.name.text)) || inFailureBranch(ref, name);
  });
}

/**
 * A request that only sends: a write (PUT, PATCH, POST…) whose answer nobody reads but for its status
 * (an upload, a heartbeat). A tick of such requests asks for nothing: no event could replace it.
 */
function onlySends(call: ts.CallExpression, facts: FileFacts): boolean {
  const site = facts.callSiteOf(call);
  if (site?.entry.kind !== 'http' || site.operation !== 'request') return false;
  const method = requestMethod(site, facts);
  return method !== undefined && !READS.has(method) && answerUnread(call, facts);
}

const ITERATING_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'all', 'allSettled']);

function isRemoteCall(call: ts.CallExpression, facts: FileFacts): string | undefined {
  const site = facts.callSiteOf(call);
  if (site) return site.entry.id;
  const origin = facts.originOf(call.expression);
  if (!origin || origin.path.length === 0) return undefined;
  if (facts.classifier.isRemoteModule(origin.module)) return origin.module;
  // Any method of a constructed LLM or vector-store client goes over the network (runs.retrieve, describeIndex…).
  const entry = facts.classifier.entryForModule(origin);
  if (entry && entry.kind !== 'http' && origin.calls.length > 0) return entry.id;
  return undefined;
}

function iterates(node: ts.Node): boolean {
  if (ts.isIterationStatement(node, false)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATING_METHODS.has(node.expression.name.text);
}

/** Length of the const array literal a loop iterates (`for (const d of DEPS)`, `DEPS.map(…)`), if known. */
function knownIterations(node: ts.Node, facts: FileFacts): number | undefined {
  const iterated = ts.isForOfStatement(node) ? node.expression : ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression.expression : undefined;
  const target = iterated ? unwrap(iterated) : undefined;
  if (!target || !ts.isIdentifier(target)) return undefined;
  const decl = facts.resolve(target.text, target);
  const init = decl?.isConst && decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return init && ts.isArrayLiteralExpression(init) && !init.elements.some(ts.isSpreadElement) ? init.elements.length : undefined;
}

/**
 * `for await (const job of queue.next()) await work(job)`: the work done for each item an async iterator
 * hands out is no part of the check; only the iterator is (asking an in-memory queue costs nothing).
 */
const isItemLoop = (node: ts.Node): node is ts.ForOfStatement => ts.isForOfStatement(node) && node.awaitModifier !== undefined;

export function networkCallsIn(root: ts.Node, facts: FileFacts, depth = 0, visiting = new Set<FunctionLike>()): NetworkCalls {
  let count = 0;
  let sends = 0;
  let inLoop = false;
  let perItem = 0;
  const others: ts.CallExpression[] = [];
  const clients = new Set<string>();
  const visit = (node: ts.Node, looped: boolean, multiplier: number): void => {
    if (ts.isCallExpression(node)) {
      const client = isRemoteCall(node, facts);
      if (client) {
        count += multiplier;
        if (looped) perItem += multiplier;
        if (onlySends(node, facts)) sends += multiplier;
        inLoop ||= looped;
        clients.add(client);
      } else {
        const local = facts.localFunction(node.expression);
        const helper = depth < 3 ? local : undefined;
        // Globals (JSON.stringify, console.log) reach no project function; `.then`/`.catch` only chain the call they follow.
        if (!local && !PROMISE_LINKS.has(calleeLastName(node.expression) ?? '') && facts.originOf(node.expression)?.module !== 'globalThis') others.push(node);
        if (helper && !visiting.has(helper) && helper.body) {
          visiting.add(helper);
          const inner = networkCallsIn(helper.body, facts, depth + 1, visiting);
          visiting.delete(helper);
          count += inner.count * multiplier;
          perItem += (looped ? inner.count : (inner.perItem ?? 0)) * multiplier;
          sends += (inner.sends ?? 0) * multiplier;
          inLoop ||= inner.inLoop || (looped && inner.count > 0);
          for (const c of inner.clients) clients.add(c);
          others.push(...(inner.others ?? []));
        }
      }
    }
    // The work done for each item an async iterator hands out is no part of the check (see isItemLoop).
    if (isItemLoop(node)) return visit(node.expression, looped, multiplier);
    const iterations = iterates(node) ? knownIterations(node, facts) : undefined;
    const childLooped = looped || (iterates(node) && iterations === undefined);
    const childMultiplier = multiplier * (iterations ?? 1);
    ts.forEachChild(node, (child) => visit(child, childLooped, childMultiplier));
  };
  if (isFunctionLike(root) && root.body) visit(root.body, false, 1);
  else visit(root, false, 1);
  return { count, inLoop, perItem, clients: [...clients].sort(), sends, others: [...new Set(others)] };
}

/**
 * Calls a region makes to project functions (own methods through `this`, imported wrappers, local
 * helpers): whether they reach the network is known once every file was seen (function summaries).
 */
export function projectCallsIn(root: ts.Node, facts: FileFacts): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && !isRemoteCall(node, facts)) {
      const callee = unwrap(node.expression);
      if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && (callee.expression.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(callee.expression)))) found.push(node);
    }
    if (isItemLoop(node)) return visit(node.expression);
    ts.forEachChild(node, visit);
  };
  if (isFunctionLike(root) && root.body) visit(root.body);
  else visit(root);
  return found;
}
