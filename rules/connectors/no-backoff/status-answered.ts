import { enclosingFunction, isFunctionLike, someDescendant, staticName, throwsOutsideNestedFunctions, ts, unwrap, walk } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';

/** Reads of the awaited response's own variable (`const res = await fetch(url)`), not of a name that shadows it. */
type ResponseRead = (expr: ts.Expression, property: string) => boolean;

function responseReads(site: CallSite, facts: FileFacts): ResponseRead | undefined {
  let node: ts.Node = site.node;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name)) return undefined;
  const declared = facts.resolve(decl.name.text, decl.name);
  if (!declared) return undefined;
  return (expr, property) => {
    const read = unwrap(expr);
    return ts.isPropertyAccessExpression(read) && read.name.text === property && ts.isIdentifier(read.expression) && facts.resolve(read.expression.text, read.expression) === declared;
  };
}

/**
 * `res.status !== 200` (a 2xx literal), `res.status >= 400` (a bound at or below 429): the comparison holds
 * for a rate-limited answer. `res.status >= 500` lets a 429 through, and `!== 404` tests for something else.
 */
function comparesForFailure(node: ts.BinaryExpression): boolean {
  const bound = unwrap(node.right);
  if (!ts.isNumericLiteral(bound)) return false;
  const code = Number(bound.text);
  switch (node.operatorToken.kind) {
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return code >= 200 && code < 300;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return code <= 429;
    case ts.SyntaxKind.GreaterThanToken:
      return code < 429;
    default:
      return false;
  }
}

/** `!res.ok`, `res.status !== 200`, `res.status >= 400`: the branch taken when the upstream answered with an error, a 429 among them. */
function testsForFailure(condition: ts.Expression, reads: ResponseRead, statusProperties: ReadonlySet<string>): boolean {
  const node = unwrap(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return reads(node.operand, 'ok');
  if (!ts.isBinaryExpression(node)) return false;
  if (node.operatorToken.kind === ts.SyntaxKind.BarBarToken) return testsForFailure(node.left, reads, statusProperties) || testsForFailure(node.right, reads, statusProperties);
  return [...statusProperties].some((property) => property !== 'ok' && reads(node.left, property)) && comparesForFailure(node);
}

/** `{ status: res.status }`: the upstream's status passed on as the answer's. */
const relaysStatus = (expr: ts.Expression): boolean => {
  const node = unwrap(expr);
  return ts.isPropertyAccessExpression(node) && (node.name.text === 'status' || node.name.text === 'statusCode');
};

const isErrorCode = (node: ts.Node): boolean => ts.isNumericLiteral(node) && Number(node.text) >= 400;

/** Methods that write the answer to the request being served: `c.json(body, 502)`, `NextResponse.json(body, init)`, `res.send(body)`. */
const RESPONSE_WRITERS = new Set(['json', 'text', 'html', 'body', 'send', 'newResponse']);

/** `{ status: 502 }`, `{ status: upstream.status }` among a response call's arguments. */
const statusOption = (arg: ts.Expression): boolean =>
  ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => ts.isPropertyAssignment(p) && staticName(p.name) === 'status' && (isErrorCode(unwrap(p.initializer)) || relaysStatus(p.initializer)));

/**
 * An HTTP error answer to the request being served (`new Response(body, { status: 502 })`,
 * `NextResponse.json(body, { status: 502 })`, `res.status(502).json(body)`, `c.json(body, 502)`): the
 * request, and the agent work it was for, fails. A value for the caller (`{ ok: false, status: res.status }`,
 * `text.slice(0, 500)`) is none.
 */
function buildsErrorResponse(answer: ts.Expression): boolean {
  const isErrorAnswer = (node: ts.Node): boolean => {
    if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text.endsWith('Response');
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
    const method = node.expression.name.text;
    if (method === 'status') return true;
    return RESPONSE_WRITERS.has(method) && node.arguments.slice(1).some((arg) => isErrorCode(unwrap(arg)) || statusOption(unwrap(arg)));
  };
  return isErrorAnswer(answer) || isErrorCode(unwrap(answer)) || someDescendant(answer, (node) => !isFunctionLike(node) && isErrorAnswer(node));
}

/** `Promise.reject(err)`: a rejection handed back, a throw by another name. */
const rejects = (expr: ts.Expression): boolean => {
  const node = unwrap(expr);
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'reject';
};

/** The branch ends in a `return` with a value that is no HTTP error answer and no rejection, and throws nothing. */
function answersWithValue(branch: ts.Statement): boolean {
  const last = ts.isBlock(branch) ? branch.statements[branch.statements.length - 1] : branch;
  const value = last && ts.isReturnStatement(last) ? last.expression : undefined;
  return !!value && !rejects(value) && !buildsErrorResponse(value) && !throwsOutsideNestedFunctions(branch);
}

/**
 * The function answers its caller with a value when the upstream fails (`if (!res.ok) return { error:
 * `HTTP ${res.status}` }`): a 429 or 5xx does not fail the run, it is handed on as data (to the model, by a
 * tool), as a catch returning a placeholder does.
 */
export function answersFailedStatus(site: CallSite, facts: FileFacts): boolean {
  const reads = responseReads(site, facts);
  const fn = enclosingFunction(site.node);
  const statusProperties = new Set(site.entry.statusProperties ?? []);
  // A client that throws on an error status (axios, got) never reaches the check with a 429.
  if (site.entry.throwsOnHttpError || !reads || !fn?.body || statusProperties.size === 0) return false;
  let answered = false;
  walk(fn.body, (node) => {
    if (answered || isFunctionLike(node)) return false;
    if (ts.isIfStatement(node) && node.pos > site.node.end && testsForFailure(node.expression, reads, statusProperties) && answersWithValue(node.thenStatement)) answered = true;
    return !answered;
  });
  return answered;
}
