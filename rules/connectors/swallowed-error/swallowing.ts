import { enclosingFunction, enclosingStatement, functionName, isFunctionLike, isNullish, someDescendant, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { returnedExpressions } from '../../../src/model/value-flow.js';

/**
 * What an error handler does with the failure it receives. `swallows`: nothing but a silent default
 * (empty block, `return null`, `continue`…); `documented`: the same, with a comment saying why;
 * `handles`: anything else — logs, rethrows, passes the error on, reacts to it; `answers-nothing`: a
 * value-or-nothing lookup whose catch gives the same `null` its try gives for a failed response.
 */
export type Disposal = 'swallows' | 'documented' | 'handles' | 'answers-nothing';

/** A comment that asks for handling is not a reason for its absence. */
const PENDING_WORK = /\b(TODO|FIXME|XXX|HACK)\b/;

function commentsIn(text: string, start: number, end: number): string[] {
  const found: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text, undefined, start, end - start);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) found.push(scanner.getTokenText());
  }
  return found;
}

/** A comment in the range (or trailing on its last line) that explains the choice. */
function hasReasonComment(sourceFile: ts.SourceFile, start: number, end: number): boolean {
  const text = sourceFile.text;
  const trailing = (ts.getTrailingCommentRanges(text, end) ?? []).map((r) => text.slice(r.pos, r.end));
  return [...commentsIn(text, start, end), ...trailing].some((comment) => !PENDING_WORK.test(comment));
}

function isEmptyLiteral(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (node.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(node) && node.text === 'undefined') return true;
  if (ts.isVoidExpression(node)) return true;
  if (ts.isArrayLiteralExpression(node)) return node.elements.length === 0;
  if (ts.isObjectLiteralExpression(node)) return node.properties.length === 0;
  return ts.isStringLiteralLike(node) && node.text === '';
}

/** A value that says nothing about the failure: an empty literal, a boolean or number, or a fallback variable. */
function isSilentDefault(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (isEmptyLiteral(node) || ts.isNumericLiteral(node) || node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isIdentifier(node)) return true;
  return ts.isPropertyAccessExpression(node) && (node.expression.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(node.expression));
}

/** `return`, `return null`, `continue`, `result = []`: statements that end the handler without a trace. */
function isSilentStatement(statement: ts.Statement): boolean {
  if (ts.isEmptyStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isReturnStatement(statement)) return !statement.expression || isSilentDefault(statement.expression);
  if (ts.isBlock(statement)) return statement.statements.every(isSilentStatement);
  if (!ts.isExpressionStatement(statement)) return false;
  const expr = unwrap(statement.expression);
  return ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && isEmptyLiteral(expr.right);
}

/** A boolean computed from the outcome: `res.ok`, `!x`, a comparison. */
function isComputedBoolean(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'ok') return true;
  const comparisons = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken];
  return ts.isBinaryExpression(node) && comparisons.includes(node.operatorToken.kind);
}

/** Functions named as a question (`isReachable`, `checkHealth`, `pingServer`): their `false` is the answer. */
const QUESTION_NAME = /^(is|has|can|should|check|ping|probe|verify|validate|test|exists?)([A-Z_]|$)|reachable|available|alive|online|health/i;

function booleanValue(expr: ts.Expression): boolean | undefined {
  const node = unwrap(expr);
  return node.kind === ts.SyntaxKind.TrueKeyword ? true : node.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
}

/**
 * A probe: the function returns a boolean computed from the outcome (`res.ok`), or it is named as a
 * question and returns the opposite literal on success. Its silent `false` answers the question; a
 * boolean flag from `saveChunk()` only hides the cause.
 */
function isProbe(fn: FunctionLike | undefined, name: string | undefined, silent: boolean): boolean {
  const returned = fn ? returnedExpressions(fn) : [];
  if (returned.some(isComputedBoolean)) return true;
  return !!name && QUESTION_NAME.test(name) && returned.some((expr) => booleanValue(expr) === !silent);
}

/** The boolean a handler returns, when its silent value is one. */
function silentBoolean(statements: readonly ts.Statement[]): boolean | undefined {
  for (const s of statements) if (ts.isReturnStatement(s) && s.expression && booleanValue(s.expression) !== undefined) return booleanValue(s.expression);
  return undefined;
}

/** Does the block (or expression) mention the error binding at all? Then it looks at the failure. */
function mentions(node: ts.Node, name: ts.BindingName | undefined): boolean {
  if (!name) return false;
  if (!ts.isIdentifier(name)) return true;
  return someDescendant(node, (child) => ts.isIdentifier(child) && child.text === name.text && child !== name);
}

const isNothing = (expr: ts.Expression | undefined): boolean => !expr || isNullish(expr);

/** The catch answers `null`/`undefined` (or returns nothing), a value meaning "not known". */
function returnsNothing(statements: readonly ts.Statement[]): boolean {
  return statements.some((s) => ts.isReturnStatement(s) && isNothing(s.expression));
}

/**
 * The try block already answers "not known" when the upstream fails (`if (!res.ok) return null`): the
 * function's contract is a value or nothing (a latest-version lookup, an avatar, a count for display),
 * its callers handle the nothing, and the catch gives the same answer for a network failure.
 */
function nothingIsTheAnswer(tryStatement: ts.TryStatement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isIfStatement(node) && mentionsFailureCheck(node.expression)) {
      const branch = node.thenStatement;
      const returns = ts.isReturnStatement(branch) ? [branch] : ts.isBlock(branch) ? branch.statements.filter(ts.isReturnStatement) : [];
      if (returns.some((r) => isNothing(r.expression))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(tryStatement.tryBlock);
  return found;
}

const STATUS_MEMBERS = new Set(['ok', 'status', 'statusCode']);

/** `!res.ok`, `res.status !== 200`: the condition looks at the response's status. */
function mentionsFailureCheck(condition: ts.Expression): boolean {
  const isStatus = (n: ts.Node): boolean => ts.isPropertyAccessExpression(n) && STATUS_MEMBERS.has(n.name.text);
  return isStatus(condition) || someDescendant(condition, isStatus);
}

/** A `catch` clause: silent when its block holds only silent statements and never reads the error. */
export function catchDisposal(tryStatement: ts.TryStatement, clause: ts.CatchClause, facts: FileFacts): Disposal {
  const statements = clause.block.statements;
  if (mentions(clause.block, clause.variableDeclaration?.name) || !statements.every(isSilentStatement)) return 'handles';
  const fn = enclosingFunction(tryStatement);
  const silent = silentBoolean(statements);
  if (silent !== undefined && isProbe(fn, fn && functionName(fn), silent)) return 'handles';
  if (returnsNothing(statements) && nothingIsTheAnswer(tryStatement)) return 'answers-nothing';
  return hasReasonComment(facts.sourceFile, clause.getStart(facts.sourceFile), clause.end) ? 'documented' : 'swallows';
}

function handlerBodyDisposal(fn: FunctionLike): Disposal | undefined {
  if (!fn.body) return 'handles';
  const param = fn.parameters[0]?.name;
  if (mentions(fn.body, param)) return 'handles';
  if (!ts.isBlock(fn.body)) return isSilentDefault(fn.body) ? undefined : 'handles';
  return fn.body.statements.every(isSilentStatement) ? undefined : 'handles';
}

/** The `.then(cb)` callbacks of the chain return a boolean: `.then(() => true).catch(() => false)` is a probe. */
function chainReturnsBoolean(handlerCall: ts.CallExpression, silent: boolean): boolean {
  const outer = enclosingFunction(handlerCall);
  // From the handler call itself: `.then((res) => res.ok, () => false)` holds the probe in its first argument.
  for (let node: ts.Expression = handlerCall; ts.isPropertyAccessExpression(node) || ts.isCallExpression(node); node = node.expression) {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'then') {
      const callback = node.arguments[0];
      if (callback && isFunctionLike(callback) && isProbe(callback, outer && functionName(outer), silent)) return true;
    }
  }
  return false;
}

/** A promise rejection handler: `.catch(() => {})`, `.catch(() => null)`, `.then(ok, () => [])`, or a local no-op function. */
export function promiseHandlerDisposal(handler: ts.Expression, handlerCall: ts.CallExpression, facts: FileFacts): Disposal {
  const target = unwrap(handler);
  const fn = isFunctionLike(target) ? target : facts.localFunction(target);
  // An imported or unknown function (console.error, reject, logError) receives the error.
  if (!fn) return 'handles';
  const verdict = handlerBodyDisposal(fn);
  if (verdict) return verdict;
  const silent = !fn.body ? undefined : ts.isBlock(fn.body) ? silentBoolean(fn.body.statements) : booleanValue(fn.body);
  if (silent !== undefined && chainReturnsBoolean(handlerCall, silent)) return 'handles';
  // From `.catch` on: a comment inside the call, its handler, or after it on the same line.
  const ranges: [number, number][] = [[handlerCall.expression.end, handlerCall.end]];
  if (fn !== target && fn.body) ranges.push([fn.body.getStart(facts.sourceFile), fn.body.end]);
  ranges.push([handlerCall.end, handlerCall.end]);
  const statement = enclosingStatement(handlerCall);
  if (statement) ranges.push([statement.end, statement.end]);
  return ranges.some(([start, end]) => hasReasonComment(facts.sourceFile, start, end)) ? 'documented' : 'swallows';
}
