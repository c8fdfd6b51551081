import { calleeLastName, isFunctionLike, isStringLike, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';
import { callsWithCallersKey } from './key-owner.js';
import { isAgentCall } from '../../../src/domain/routes/registered-routes.js';
import { projectCallsWithin } from '../../../src/model/summaries/callee-refs.js';
import { userFacingError, type UserFacingError } from './user-facing-errors.js';

/** A caught error, and whether the code that threw it called an LLM or another upstream service. */
export interface ErrorValue {
  readonly fromUpstream: boolean;
  /**
   * Not thrown by an upstream call of this file, but by these project calls (in other files, or helpers
   * calling them): it is an upstream error if one of them reaches a model (settled on the summaries).
   */
  readonly throughProject?: readonly ts.CallExpression[];
  /** Thrown by LLM calls made with the caller's own key (bring-your-own-key): the caller owns what it says. */
  readonly forKeyOwner?: boolean;
  /** Its message is the code's own words and a status (throwsOnlyOwnWords), whatever else it reached. */
  readonly ownWords?: boolean;
  /** Its message, cause and upstream response are the client's to read (user-facing-errors.ts), and the try block that threw it. */
  readonly userFacing?: { readonly kind: UserFacingError; readonly region: ts.Block };
}

const MAX_HOPS = 3;

/** Does this code call an LLM, an HTTP API or a vector store, or run an agent (`agent.invoke`), directly or through same-file helpers? */
export function reachesUpstream(root: ts.Node | undefined, facts: FileFacts, depth = 0, seen = new Set<ts.Node>()): boolean {
  if (!root || depth > MAX_HOPS || seen.has(root)) return false;
  seen.add(root);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const kind = facts.callSiteOf(node)?.entry.kind;
      if (kind !== undefined || isAgentCall(node, facts)) found = true;
      else if (reachesUpstream(facts.localFunction(node.expression)?.body, facts, depth + 1, seen)) found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

const projectCallsByRegion = new WeakMap<ts.Node, readonly ts.CallExpression[]>();

/**
 * An error of code that reaches no upstream here: one that comes from project calls, if it makes any.
 * Asked for every error member a response sends: each region's calls are collected once.
 */
function throughProjectCalls(region: ts.Node, facts: FileFacts): Pick<ErrorValue, 'throughProject'> {
  let calls = projectCallsByRegion.get(region);
  if (!calls) projectCallsByRegion.set(region, (calls = projectCallsWithin([region], facts)));
  return calls.length > 0 ? { throughProject: calls } : {};
}

/** `Lookup failed: ${res.status} ${res.statusText}`: the code's own words, with at most a status. */
function ownText(expr: ts.Expression, statusMembers: ReadonlySet<string>): boolean {
  const node = unwrap(expr);
  if (isStringLike(node)) return true;
  if (!ts.isTemplateExpression(node)) return false;
  return node.templateSpans.every((span) => {
    const value = unwrap(span.expression);
    return ts.isPropertyAccessExpression(value) && statusMembers.has(value.name.text);
  });
}

/** `throw new Error('…')` / `throw new Error(`… ${res.status}`)`: an error of the code's own words. */
function throwsOwnWords(statement: ts.ThrowStatement, statusMembers: ReadonlySet<string>): boolean {
  const thrown = unwrap(statement.expression);
  if (!ts.isNewExpression(thrown) && !ts.isCallExpression(thrown)) return false;
  const callee = unwrap(thrown.expression);
  const [message, ...rest] = thrown.arguments ?? [];
  return ts.isIdentifier(callee) && callee.text === 'Error' && rest.length === 0 && (!message || ownText(message, statusMembers));
}

/** `if (!res.ok)`, `if (res.status !== 200)`: a condition that reads one of these members. */
function readsMember(condition: ts.Expression, members: ReadonlySet<string>): boolean {
  const visit = (node: ts.Node): boolean => (ts.isPropertyAccessExpression(node) && members.has(node.name.text)) || ts.forEachChild(node, visit) === true;
  return visit(condition);
}

/**
 * `try { const res = await fetch(url); if (!res.ok) throw new Error(`Lookup failed: ${res.status}`); … }`:
 * the block answers an upstream's failure status with an error of its own words, every upstream call in
 * it is a client whose network failure says only "fetch failed" (capabilityDisclosure.quietFailureClients),
 * no helper of the file it calls reaches one, and every error it throws is a plain Error of its own words
 * and a status. The message of what the catch receives is then the route's own text.
 */
export function throwsOnlyOwnWords(tryBlock: ts.Block, facts: FileFacts): boolean {
  const quiet = facts.classifier.capabilityDisclosure.quietFailureClients;
  if (quiet.length === 0) return false;
  // The requests come before the checks of their status: a message may name what they answered.
  const statusMembers = new Set(['statusText']);
  let own = true;
  let answersStatus = false;
  const visit = (node: ts.Node): void => {
    if (!own) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const site = facts.callSiteOf(node);
      if (site && (site.entry.kind === 'llm' || (site.entry.kind === 'http' && !quiet.includes(site.entry.id)))) own = false;
      else if (site) for (const member of site.entry.statusProperties ?? []) statusMembers.add(member);
      else if (ts.isCallExpression(node) && reachesUpstream(facts.localFunction(node.expression)?.body, facts)) own = false;
    }
    if (ts.isThrowStatement(node)) {
      if (!throwsOwnWords(node, statusMembers)) own = false;
      const branch = node.parent && ts.isBlock(node.parent) ? node.parent.parent : node.parent;
      if (branch && ts.isIfStatement(branch) && readsMember(branch.expression, statusMembers)) answersStatus = true;
    }
    if (own) ts.forEachChild(node, visit);
  };
  ts.forEachChild(tryBlock, visit);
  return own && answersStatus;
}

/** The call a function literal is passed to as an argument. */
function callReceiving(fn: FunctionLike): ts.CallExpression | undefined {
  let node: ts.Node = fn;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) ? parent : undefined;
}

function parameterError(decl: Declaration, facts: FileFacts, errorHandlers: ReadonlySet<FunctionLike>, hops: number): ErrorValue | undefined {
  const param = decl.node;
  if (!ts.isParameter(param) || !ts.isIdentifier(param.name)) return undefined;
  const fn = param.parent;
  if (!isFunctionLike(fn)) return undefined;
  const index = fn.parameters.indexOf(param);
  // Error middleware and onError hooks: the error may come from anywhere, upstream or not.
  if (index === 0 && errorHandlers.has(fn)) return { fromUpstream: false };
  const call = callReceiving(fn);
  if (index === 0 && call && calleeLastName(call.expression) === 'catch' && ts.isPropertyAccessExpression(unwrap(call.expression))) {
    const receiver = (unwrap(call.expression) as ts.PropertyAccessExpression).expression;
    const fromUpstream = reachesUpstream(receiver, facts);
    return fromUpstream ? { fromUpstream } : { fromUpstream, ...throughProjectCalls(receiver, facts) };
  }
  // A same-file helper (`sendError(res, err)`): the error its callers hand it.
  if (hops >= MAX_HOPS) return undefined;
  for (const caller of facts.callersOf(fn)) {
    const arg = caller.arguments[index];
    const found = arg && errorValueOf(arg, facts, errorHandlers, hops + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Is `expr` a caught error: a `catch (err)` binding, the parameter of a `.catch(cb)` callback or of an
 * error handler, an alias of one, or a helper parameter its callers fill with one?
 */
export function errorValueOf(expr: ts.Expression, facts: FileFacts, errorHandlers: ReadonlySet<FunctionLike>, hops = 0): ErrorValue | undefined {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl) return undefined;
  const clause = decl.node.parent;
  if (ts.isVariableDeclaration(decl.node) && clause && ts.isCatchClause(clause)) {
    const tryBlock = ts.isTryStatement(clause.parent) ? clause.parent.tryBlock : undefined;
    const fromUpstream = !!tryBlock && reachesUpstream(tryBlock, facts);
    if (fromUpstream && callsWithCallersKey(tryBlock as ts.Block, facts)) return { fromUpstream, forKeyOwner: true };
    const kind = tryBlock && userFacingError(tryBlock, facts);
    const ownWords = fromUpstream && throwsOnlyOwnWords(tryBlock as ts.Block, facts) ? { ownWords: true } : {};
    const through = !fromUpstream && tryBlock ? throughProjectCalls(tryBlock, facts) : {};
    return kind ? { fromUpstream, ...through, ...ownWords, userFacing: { kind, region: tryBlock as ts.Block } } : { fromUpstream, ...through, ...ownWords };
  }
  if (decl.kind === 'parameter') return parameterError(decl, facts, errorHandlers, hops);
  if (decl.init && decl.init.path.length === 0 && hops < MAX_HOPS) return errorValueOf(decl.init.expression, facts, errorHandlers, hops + 1);
  return undefined;
}
