import { contains, enclosingFunction, isFunctionLike, ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isCalledOnlyInFile } from '../../../src/model/file-private-functions.js';
import { tryStatementsAround } from '../../../src/model/promise-chain.js';

/** A `throw` the catch block itself runs (not one inside a function it defines). */
function rethrows(block: ts.Block): boolean {
  const visit = (node: ts.Node): boolean => !isFunctionLike(node) && (ts.isThrowStatement(node) || ts.forEachChild(node, visit) === true);
  return ts.forEachChild(block, visit) === true;
}

/**
 * `catch (error) { log(error) }` keeping the previous value, `catch { return fallback }`: a catch that
 * does something and never throws takes over from the try block. An empty catch only hides the failure.
 */
function takesOver(statement: ts.TryStatement): boolean {
  const handler = statement.catchClause?.block;
  return !!handler && handler.statements.length > 0 && !rethrows(handler);
}

/** Is every node inside the try block of one `try` of its function whose catch takes over? */
function insideFallbackTry(nodes: readonly ts.Node[], at: ts.Node): boolean {
  return tryStatementsAround(at).some((statement) => takesOver(statement) && nodes.every((node) => contains(statement.tryBlock, node)));
}

/**
 * The request and every read of its body sit in a try whose catch takes over (logs and keeps the value
 * it had, or returns a fallback), in their own function or around every call of it when only this file
 * can call that function: a body the code cannot read fails into that fallback.
 */
export function readsFailIntoFallback(request: ts.Node, reads: readonly ts.Node[], facts: FileFacts): boolean {
  if (insideFallbackTry([request, ...reads], request)) return true;
  const fn = enclosingFunction(request);
  if (!fn || reads.some((read) => enclosingFunction(read) !== fn && !contains(fn, read)) || !isCalledOnlyInFile(fn, facts)) return false;
  const calls = facts.callersOf(fn);
  return calls.length > 0 && calls.every((call) => insideFallbackTry([call], call));
}
