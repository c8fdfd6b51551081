import { calleeLastName, callTakingArgument, enclosingFunction, isFunctionLike, throwsOutsideNestedFunctions, ts } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { answersThrough, responseParameter } from '../../domain/routes/handler-functions.js';
import { handedToBackground, isDroppedStatement, promiseChain, tryStatementsAround } from '../promise-chain.js';
import { catchStopsRequestFailure } from '../../domain/http/client-error-catch.js';

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** A catch handler that does not throw again (`.catch(() => {})`, `.catch(log)`). */
function swallows(handler: ts.Expression | undefined): boolean {
  if (!handler) return false;
  if (!isFunctionLike(handler)) return true;
  return !handler.body || !throwsOutsideNestedFunctions(handler.body);
}

type Chain = ReturnType<typeof promiseChain>;

/** `value.then(use).catch(() => {});` as a statement, or the value handed to `waitUntil`: nobody waits on it. */
function chainStartsDetached({ end, links }: Chain): boolean {
  const lastCatch = links.filter((link) => link.method === 'catch').pop();
  return (!!lastCatch && swallows(lastCatch.call.arguments[0]) && isDroppedStatement(end).dropped) || handedToBackground(end);
}

const startsDetached = (value: ts.Expression): boolean => chainStartsDetached(promiseChain(value, CHAIN_METHODS));

/**
 * `const pending = exportBatch();` where every use of `pending` starts it detached
 * (`if (waitUntil) waitUntil(pending); else void pending.catch(() => {});`).
 */
function heldDetached(end: ts.Expression, facts: FileFacts): boolean {
  const declaration = end.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== end || !ts.isIdentifier(declaration.name)) return false;
  if (!(declaration.parent.flags & ts.NodeFlags.Const)) return false;
  const decl = facts.resolve(declaration.name.text, declaration.name);
  const uses = decl ? facts.references(decl).filter((ref) => ref !== declaration.name) : [];
  return uses.length > 0 && uses.every(startsDetached);
}

/**
 * `probe().then(use).catch(() => {})` as a statement, `ctx.waitUntil(report())`, or a promise held in a
 * const that is only ever started so: nobody waits on it and its failure is dropped.
 */
function detachedChain(chain: Chain, facts: FileFacts): boolean {
  return chainStartsDetached(chain) || (chain.links.length === 0 && heldDetached(chain.end, facts));
}

/** Inside a `try` of the same function whose `catch` does not throw again (but for errors no request raises): a failure stops there. */
function caughtInFunction(call: ts.CallExpression, facts: FileFacts): boolean {
  return tryStatementsAround(call).some((statement) => statement.catchClause !== undefined && catchStopsRequestFailure(statement.catchClause, facts));
}

/**
 * What the caller does with the call's outcome on the spot. `detached`: nobody waits on it and its
 * failure is dropped (a detached `.then().catch(() => {})`, a `waitUntil` hand-off). `failureDropped`:
 * the caller does not depend on it succeeding, detached or caught in a try whose catch does not throw
 * again (a best-effort probe whose result only feeds a default).
 */
export function handlingAtCall(call: ts.CallExpression, facts: FileFacts): { readonly detached: boolean; readonly failureDropped: boolean; readonly unwaited: boolean } {
  // One walk up the promise chain answers both questions: every call of every function asks them.
  const chain = promiseChain(call, CHAIN_METHODS);
  const detached = detachedChain(chain, facts);
  return { detached, failureDropped: detached || caughtInFunction(call, facts), unwaited: detached || unwaitedChain(call, chain) };
}

/**
 * `track(event);` or `void track(event)` as a statement, with or without a catch: the caller goes on at
 * once and nobody waits for the promise (its failure may still go unhandled, so it is not `detached`).
 */
function unwaitedChain(call: ts.CallExpression, { end }: Chain): boolean {
  return isDroppedStatement(end).dropped || handedToBackground(end) || inForEachCallback(call);
}

/** `items.forEach(async (item) => { await load(item); })`: forEach drops each callback's promise, so nobody waits for what it awaits. */
function inForEachCallback(call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const taken = callTakingArgument(fn);
  return !!taken && taken.call.arguments[0] === taken.argument && calleeLastName(taken.call.expression) === 'forEach';
}

/**
 * Caught in a `try` whose `catch` answers the request the enclosing handler serves (`res.status(500).json(…)`):
 * the failure goes back to whoever sent the request.
 */
export function failureAnsweredAtCall(call: ts.CallExpression): boolean {
  const tries = tryStatementsAround(call).filter((statement) => statement.catchClause);
  if (tries.length === 0) return false;
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const answerer = responseParameter(fn);
    if (answerer !== undefined) return tries.some((statement) => answersThrough((statement.catchClause as ts.CatchClause).block, answerer));
  }
  return false;
}
