import { contains, enclosingFunction, isFunctionLike, throwsOutsideNestedFunctions, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isCalledOnlyInFile } from '../../../src/model/file-private-functions.js';
import { tryStatementsAround } from '../../../src/model/promise-chain.js';

const LOGGING_RECEIVERS = /^(console|logger|log|debug)$/;

/** `console.warn(…)`, `logger.error(…)`, `log.debug(…)`. */
export function isLoggingCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && LOGGING_RECEIVERS.test(callee.expression.text);
}

/** Is the identifier an argument (or inside one) of a logging call? */
function onlyLogged(ref: ts.Identifier): boolean {
  for (let node: ts.Node = ref; node.parent && !isFunctionLike(node.parent); node = node.parent) {
    const parent = node.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) return isLoggingCall(parent);
  }
  return false;
}

/**
 * `catch (error) { log(error) }` keeping the value it had, `catch { return fallback }`: a catch that
 * does something, never throws, and hands the error to nothing but a logger takes over from the try
 * block with a fallback. A catch that returns or passes on the error (`return \`Lookup failed: ${error}\``)
 * reports the failure instead, and an error body that parses never reaches it; an empty catch only
 * hides the failure.
 */
function takesOver(statement: ts.TryStatement, facts: FileFacts): boolean {
  const clause = statement.catchClause;
  const handler = clause?.block;
  if (!clause || !handler || handler.statements.length === 0 || throwsOutsideNestedFunctions(handler)) return false;
  const binding = clause.variableDeclaration?.name;
  if (!binding) return true;
  if (!ts.isIdentifier(binding)) return false;
  const decl = facts.resolve(binding.text, handler);
  return !!decl && facts.references(decl).every(onlyLogged);
}

/** Is every node inside the try block of one `try` of its function whose catch takes over? */
function insideFallbackTry(nodes: readonly ts.Node[], at: ts.Node, facts: FileFacts): boolean {
  return tryStatementsAround(at).some((statement) => takesOver(statement, facts) && nodes.every((node) => contains(statement.tryBlock, node)));
}

/**
 * The request and every read of its body sit in a try whose catch takes over (logs and keeps the value
 * it had, or returns a fallback), in their own function or around every call of it when only this file
 * can call that function: a body the code cannot read fails into that fallback.
 */
export function readsFailIntoFallback(request: ts.Node, reads: readonly ts.Node[], facts: FileFacts): boolean {
  if (insideFallbackTry([request, ...reads], request, facts)) return true;
  const fn = enclosingFunction(request);
  if (!fn || reads.some((read) => enclosingFunction(read) !== fn && !contains(fn, read)) || !isCalledOnlyInFile(fn, facts)) return false;
  const calls = facts.callersOf(fn);
  return calls.length > 0 && calls.every((call) => insideFallbackTry([call], call, facts));
}
