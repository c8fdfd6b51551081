import { calleeLastName, ts } from '../../model/ast.js';

/** Tests that a caught error is the HTTP client's own (`axios.isAxiosError(error)`, ky's `isHTTPError(error)`). */
const CLIENT_ERROR_TESTS: ReadonlySet<string> = new Set(['isAxiosError', 'isHTTPError', 'isHttpError']);
/** Error classes HTTP clients throw for a failed request (`error instanceof AxiosError`). */
const CLIENT_ERROR_CLASSES: ReadonlySet<string> = new Set(['AxiosError', 'HTTPError', 'HttpError', 'FetchError']);

const isName = (node: ts.Expression, name: string): boolean => ts.isIdentifier(node) && node.text === name;

/** `isAxiosError(error)` or `error instanceof AxiosError` on the catch's own binding, alone or first in an `&&`. */
function testsClientError(condition: ts.Expression, binding: string): boolean {
  const test = ts.isParenthesizedExpression(condition) ? condition.expression : condition;
  if (ts.isBinaryExpression(test) && test.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return testsClientError(test.left, binding);
  if (ts.isCallExpression(test)) return CLIENT_ERROR_TESTS.has(calleeLastName(test.expression) ?? '') && test.arguments.some((arg) => isName(arg, binding));
  if (!ts.isBinaryExpression(test) || test.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword || !isName(test.left, binding)) return false;
  const cls = ts.isPropertyAccessExpression(test.right) ? test.right.name.text : ts.isIdentifier(test.right) ? test.right.text : '';
  return CLIENT_ERROR_CLASSES.has(cls);
}

/** The statement always ends in a return (`return x;`, or a block whose last statement does). */
function endsInReturn(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement)) return true;
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : undefined;
  return last !== undefined && endsInReturn(last);
}

/**
 * A catch that stops the failure of an HTTP request: it throws nothing again, or it first answers the
 * HTTP client's errors and rethrows only other kinds (`if (axios.isAxiosError(error)) return { isError:
 * true, … }; throw error;`, the MCP servers' template), which a failed request does not raise.
 */
export function catchStopsRequestFailure(clause: ts.CatchClause): boolean {
  const statements = clause.block.statements;
  const firstThrow = statements.findIndex(ts.isThrowStatement);
  if (firstThrow < 0) return true;
  const binding = clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name) ? clause.variableDeclaration.name.text : undefined;
  if (binding === undefined) return false;
  return statements.slice(0, firstThrow).some((statement) => ts.isIfStatement(statement) && !statement.elseStatement && testsClientError(statement.expression, binding) && endsInReturn(statement.thenStatement));
}
