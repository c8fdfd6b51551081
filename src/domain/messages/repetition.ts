/** Does this code run again and again (per event, per turn, per loop pass), or once? */
import { isExportedFunction } from '../../model/syntax.js';
import { calleeLastName, contains, enclosingFunction, isFunctionLike, isRelational, loopCondition, someDescendant, staticName, ts, unwrap, valueCarrier, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';

function relationalIn(node: ts.Node | undefined): boolean {
  if (!node) return false;
  return isRelational(node) || someDescendant(node, (n) => !isFunctionLike(n) && isRelational(n));
}

/** `if (step >= maxSteps) break;` (or return/throw) anywhere in the loop body outside nested loops and functions. */
function hasCappedExit(body: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node) || ts.isIterationStatement(node, false)) return;
    const exits = (n: ts.Node): boolean => ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n);
    if (ts.isIfStatement(node) && relationalIn(node.expression) && (exits(node.thenStatement) || someDescendant(node.thenStatement, exits))) found = true;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function readsInteractiveInput(loop: ts.ForOfStatement, file: FileFacts): boolean {
  if (!loop.awaitModifier) return false;
  const origin = file.originOf(loop.expression);
  return origin !== undefined && file.classifier.matches(file.classifier.history.interactiveInputs, origin);
}

/** A loop with no iteration cap that talks to a model: a chat REPL or an uncapped tool loop. */
export function isOpenEndedConversationLoop(loop: ts.IterationStatement, file: FileFacts): boolean {
  if (ts.isForOfStatement(loop)) return readsInteractiveInput(loop, file);
  if (ts.isForInStatement(loop)) return false;
  const condition = loopCondition(loop);
  if (relationalIn(condition) || hasCappedExit(loop.statement)) return false;
  return callsModel(loop.statement, file);
}

function callsModel(body: ts.Node, file: FileFacts): boolean {
  return file.callSites.some((site) => site.entry.kind === 'llm' && contains(body, site.node)) || file.index.calls.some((call) => {
    if (!contains(body, call)) return false;
    const fn = file.localFunction(call.expression);
    return fn !== undefined && !contains(fn, body) && file.callSites.some((site) => site.entry.kind === 'llm' && contains(fn, site.node));
  });
}

/** A callback that runs once per event or per call of a returned API: `rl.on('line', …)`, `{ send() {…} }`. */
export function isRepeatedCallback(fn: FunctionLike, file: FileFacts): boolean {
  const parent = fn.parent;
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(parent)) return !file.classifier.history.onceHooks.includes(staticName(fn.name) ?? '');
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) return !file.classifier.history.onceHooks.includes(staticName(parent.name) ?? '');
  if (ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) {
    const name = calleeLastName(parent.expression);
    return name !== undefined && file.classifier.history.listenerMethods.includes(name);
  }
  return false;
}

/** A script's `main()` or an IIFE: a file-local function called exactly once, at the top level, outside loops. */
export function runsOnce(fn: FunctionLike, file: FileFacts): boolean {
  for (let up: FunctionLike | undefined = fn; up; up = enclosingFunction(up)) if (isRepeatedCallback(up, file)) return false;
  const outer = outermostFunction(fn);
  const parent = valueCarrier(outer as ts.Expression).parent;
  if (ts.isCallExpression(parent) && unwrap(parent.expression) === outer) return ts.isExpressionStatement(valueCarrier(parent).parent);
  if (isExportedFunction(outer)) return false;
  const callers = file.callersOf(outer);
  return callers.length === 1 && !enclosingFunction(callers[0]!) && !file.index.loops.some((loop) => contains(loop, callers[0]!));
}

function outermostFunction(fn: FunctionLike): FunctionLike {
  let outer = fn;
  for (let up = enclosingFunction(fn); up; up = enclosingFunction(up)) outer = up;
  return outer;
}

