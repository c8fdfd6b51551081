import { calleeLastName, isFunctionLike, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';
import { callsWithCallersKey } from './key-owner.js';
import { userFacingError, type UserFacingError } from './user-facing-errors.js';

/** A caught error, and whether the code that threw it called an LLM or another upstream service. */
export interface ErrorValue {
  readonly fromUpstream: boolean;
  /** Thrown by LLM calls made with the caller's own key (bring-your-own-key): the caller owns what it says. */
  readonly forKeyOwner?: boolean;
  /** Its message, cause and upstream response are the client's to read (user-facing-errors.ts), and the try block that threw it. */
  readonly userFacing?: { readonly kind: UserFacingError; readonly region: ts.Block };
}

const MAX_HOPS = 3;

/** Does this code call an LLM or an HTTP API, directly or through same-file helpers? */
export function reachesUpstream(root: ts.Node | undefined, facts: FileFacts, depth = 0, seen = new Set<ts.Node>()): boolean {
  if (!root || depth > MAX_HOPS || seen.has(root)) return false;
  seen.add(root);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const kind = facts.callSiteOf(node)?.entry.kind;
      if (kind === 'llm' || kind === 'http') found = true;
      else if (reachesUpstream(facts.localFunction(node.expression)?.body, facts, depth + 1, seen)) found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
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
    return { fromUpstream: reachesUpstream((unwrap(call.expression) as ts.PropertyAccessExpression).expression, facts) };
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
    return kind ? { fromUpstream, userFacing: { kind, region: tryBlock as ts.Block } } : { fromUpstream };
  }
  if (decl.kind === 'parameter') return parameterError(decl, facts, errorHandlers, hops);
  if (decl.init && decl.init.path.length === 0 && hops < MAX_HOPS) return errorValueOf(decl.init.expression, facts, errorHandlers, hops + 1);
  return undefined;
}
