import { enclosingFunction, isFunctionLike, ts, type FunctionLike } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { isDroppedStatement, promiseChain, tryStatementsAround } from '../../../src/model/promise-chain.js';
import { thisOnlyMethods } from '../../../src/model/summaries/this-only-methods.js';
import { isCalledOnlyInFile } from '../../../src/model/file-private-functions.js';

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** A block or handler body with no statement in it (comments aside): the author chose to ignore the failure. */
function isEmptyHandler(node: ts.Node | undefined): boolean {
  if (!node) return false;
  if (ts.isBlock(node)) return node.statements.length === 0;
  if (!isFunctionLike(node) || !node.body) return false;
  const body = node.body;
  return ts.isBlock(body) ? body.statements.length === 0 : (ts.isIdentifier(body) && body.text === 'undefined') || ts.isVoidExpression(body);
}

/** `try { await helper(); } catch { /* best-effort *\/ }` or `helper().catch(() => {})`: the caller ignores the failure on purpose. */
function ignoresFailure(call: ts.CallExpression): boolean {
  if (tryStatementsAround(call).some((statement) => isEmptyHandler(statement.catchClause?.block))) return true;
  const { end, links } = promiseChain(call, CHAIN_METHODS);
  const last = links.filter((link) => link.method !== 'finally').pop();
  return last?.method === 'catch' && isEmptyHandler(last.call.arguments[0]) && (isDroppedStatement(end).dropped || ts.isAwaitExpression(end.parent));
}

/**
 * Every use of the function in its file is a call we see: a method only called as `this.name()`, or a
 * function declaration the module keeps to itself and only calls (file-private-functions.ts).
 */
function callersAllSeen(fn: FunctionLike, file: FileFacts): boolean {
  if (ts.isMethodDeclaration(fn) && fn.name && ts.isIdentifier(fn.name)) return thisOnlyMethods(file.sourceFile, new Map([[fn.name.text, fn]])).has(fn.name.text);
  return ts.isFunctionDeclaration(fn) && isCalledOnlyInFile(fn, file);
}

/**
 * A helper whose every caller ignores its failure on purpose, with an empty catch (a typing indicator's
 * config read, called only from `try { … } catch { /* best-effort *\/ }`): nothing depends on the call
 * succeeding, so a retry would only delay the caller. Judged from the callers in the file: a method its
 * class calls only as `this.name()`, or a function the module does not export. A catch that logs still
 * counts as depending (a job runner logging what it lost).
 */
export function onlyIgnoredByCallers(site: CallSite, file: FileFacts): boolean {
  const fn = enclosingFunction(site.node);
  if (!fn) return false;
  const calls = file.callersOf(fn);
  return calls.length > 0 && calls.every(ignoresFailure) && callersAllSeen(fn, file);
}
