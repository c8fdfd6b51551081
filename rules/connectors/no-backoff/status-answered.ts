import { enclosingFunction, isFunctionLike, staticName, throwsOutsideNestedFunctions, ts, unwrap, walk } from '../../../src/model/ast.js';
import type { CallSite } from '../../../src/model/file-facts.js';

/** The name the awaited response is held in: `const res = await fetch(url)`. */
function responseName(site: CallSite): string | undefined {
  let node: ts.Node = site.node;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const decl = node.parent;
  return ts.isVariableDeclaration(decl) && decl.initializer === node && ts.isIdentifier(decl.name) ? decl.name.text : undefined;
}

const isStatusRead = (expr: ts.Expression, response: string, property: string): boolean => {
  const node = unwrap(expr);
  return ts.isPropertyAccessExpression(node) && node.name.text === property && ts.isIdentifier(node.expression) && node.expression.text === response;
};

const FAILURE_COMPARISONS = new Set([ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.GreaterThanToken]);

/** `!res.ok`, `res.status !== 200`, `res.status >= 400`: the branch taken when the upstream answered with an error. */
function testsForFailure(condition: ts.Expression, response: string, statusProperties: ReadonlySet<string>): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return isStatusRead(node.operand, response, 'ok');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return testsForFailure(node.left, response, statusProperties) || testsForFailure(node.right, response, statusProperties);
  if (!ts.isBinaryExpression(node) || !FAILURE_COMPARISONS.has(node.operatorToken.kind)) return false;
  return [...statusProperties].some((property) => property !== 'ok' && isStatusRead(node.left, response, property)) && ts.isNumericLiteral(unwrap(node.right));
}

/** `{ status: res.status }`: the upstream's status passed on as the answer's. */
const relaysStatus = (expr: ts.Expression): boolean => {
  const node = unwrap(expr);
  return ts.isPropertyAccessExpression(node) && (node.name.text === 'status' || node.name.text === 'statusCode');
};

const isErrorCode = (node: ts.Node): boolean => ts.isNumericLiteral(node) && Number(node.text) >= 400;

/**
 * An HTTP error answer to the request being served (`NextResponse.json(body, { status: 502 })`,
 * `res.status(502).json(body)`, `c.json(body, 502)`): the request, and the agent work it was for, fails.
 */
function buildsErrorResponse(answer: ts.ReturnStatement): boolean {
  let found = false;
  walk(answer, (node) => {
    if (found || isFunctionLike(node)) return false;
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text.endsWith('Response')) found = true;
    if (ts.isCallExpression(node) && (node.arguments.some(isErrorCode) || (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'status'))) found = true;
    if (ts.isPropertyAssignment(node) && staticName(node.name) === 'status' && (isErrorCode(unwrap(node.initializer)) || relaysStatus(node.initializer))) found = true;
    return !found;
  });
  return found || (answer.expression !== undefined && isErrorCode(unwrap(answer.expression)));
}

/** The branch ends in a `return` with a value that is no HTTP error answer, and throws nothing. */
function answersWithValue(branch: ts.Statement): boolean {
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  return !!last && ts.isReturnStatement(last) && last.expression !== undefined && !buildsErrorResponse(last) && !throwsOutsideNestedFunctions(branch);
}

/**
 * The function answers its caller with a value when the upstream fails (`if (!res.ok) return { error:
 * `HTTP ${res.status}` }`): a 429 or 5xx does not fail the run, it is handed on as data (to the model, by a
 * tool), as a catch returning a placeholder does.
 */
export function answersFailedStatus(site: CallSite): boolean {
  const response = responseName(site);
  const fn = enclosingFunction(site.node);
  const statusProperties = new Set(site.entry.statusProperties ?? []);
  // A client that throws on an error status (axios, got) never reaches the check with a 429.
  if (site.entry.throwsOnHttpError || !response || !fn?.body || statusProperties.size === 0) return false;
  let answered = false;
  walk(fn.body, (node) => {
    if (answered || isFunctionLike(node)) return false;
    if (ts.isIfStatement(node) && node.pos > site.node.end && testsForFailure(node.expression, response, statusProperties) && answersWithValue(node.thenStatement)) answered = true;
    return !answered;
  });
  return answered;
}
