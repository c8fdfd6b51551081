import { isFunctionLike, ts, unwrap, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';
import type { ProjectCondition, ReachedEffect } from './project-conditions.js';
import { projectCallsWithin } from './summaries/callee-refs.js';

const MAX_HELPER_DEPTH = 3;

/** The function a callee names in this file, also when it was wrapped: `const reply = traceable(async (q) => …)`. */
function calledFunction(callee: ts.Expression, facts: FileFacts): FunctionLike | undefined {
  const local = facts.localFunction(callee);
  if (local) return local;
  const target = unwrap(callee);
  const decl = ts.isIdentifier(target) ? facts.resolve(target.text, target) : undefined;
  const init = decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  if (!init || !ts.isCallExpression(init)) return undefined;
  return init.arguments.map(unwrap).find((arg): arg is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg));
}

/**
 * Does some node of `fn`'s body satisfy `predicate`, looking into the same-file helpers it calls
 * (up to three calls deep)? Nested callbacks count: they run as part of the function's work.
 */
export function reachesInFile(fn: FunctionLike | undefined, facts: FileFacts, predicate: (node: ts.Node) => boolean, depth = 0, seen = new Set<FunctionLike>()): boolean {
  if (!fn?.body || depth > MAX_HELPER_DEPTH || seen.has(fn)) return false;
  seen.add(fn);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (predicate(node)) found = true;
    else if (ts.isCallExpression(node) && reachesInFile(calledFunction(node.expression, facts), facts, predicate, depth + 1, seen)) found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

/**
 * Every function whose body runs as part of `fn`: `fn` itself, the callbacks nested in it and the
 * same-file helpers it calls (up to three calls deep, as reachesInFile), with theirs. A node runs as
 * part of `fn` when its nearest enclosing function is in the set.
 */
export function functionsReachedFrom(fn: FunctionLike, facts: FileFacts): Set<FunctionLike> {
  const reached = new Set<FunctionLike>();
  const enter = (current: FunctionLike, depth: number): void => {
    if (depth > MAX_HELPER_DEPTH || reached.has(current)) return;
    reached.add(current);
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node)) enter(node, depth);
      else ts.forEachChild(node, visit);
      if (ts.isCallExpression(node)) {
        const called = calledFunction(node.expression, facts);
        if (called) enter(called, depth + 1);
      }
    };
    if (current.body) ts.forEachChild(current.body, visit);
  };
  enter(fn, 0);
  return reached;
}

/** The calls of project functions that run as part of `fn` (in its body, its callbacks and its same-file helpers). */
export function projectCallsFrom(fn: FunctionLike, facts: FileFacts): ts.CallExpression[] {
  return projectCallsWithin(functionsReachedFrom(fn, facts), facts);
}

/**
 * The condition that one of these project calls reaches the effect (the network, a model, a model
 * that makes text), settled on the function summaries once every file was seen (`await investigate(q)`
 * in a route handler); undefined for no calls.
 */
export function someCallReaches(calls: readonly ts.CallExpression[], facts: FileFacts, effect: ReachedEffect): ProjectCondition | undefined {
  return calls.length > 0 ? { anyOf: calls.map((call) => ({ calleeReaches: { file: facts.path, at: call.getStart(facts.sourceFile), effect } })) } : undefined;
}
