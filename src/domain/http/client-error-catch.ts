import { calleeLastName, throwsOutsideNestedFunctions, ts } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';

/**
 * axios raises an AxiosError for every failed request, an error status and a network failure alike,
 * so a catch that answers `isAxiosError(error)` answers all of them. Other clients raise other classes
 * for a lost connection than for a status (ky's HTTPError is the status only), so no test of theirs does.
 */
const AXIOS = 'axios';
const isName = (node: ts.Expression, name: string): boolean => ts.isIdentifier(node) && node.text === name;

/** `axios.isAxiosError(error)` or `error instanceof AxiosError` on the catch's own binding, and nothing more. */
function testsAxiosError(condition: ts.Expression, binding: string): boolean {
  const test = ts.isParenthesizedExpression(condition) ? condition.expression : condition;
  if (ts.isCallExpression(test)) return calleeLastName(test.expression) === 'isAxiosError' && test.arguments.length === 1 && isName(test.arguments[0] as ts.Expression, binding);
  if (!ts.isBinaryExpression(test) || test.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword || !isName(test.left, binding)) return false;
  const cls = ts.isPropertyAccessExpression(test.right) ? test.right.name.text : ts.isIdentifier(test.right) ? test.right.text : '';
  return cls === 'AxiosError';
}

/** The branch throws nothing and always ends in a return (`return x;`, or a block whose last statement does). */
function answersWithoutThrowing(statement: ts.Statement): boolean {
  if (throwsOutsideNestedFunctions(statement)) return false;
  if (ts.isReturnStatement(statement)) return true;
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : undefined;
  return last !== undefined && answersWithoutThrowing(last);
}

/**
 * A catch that stops the failure of an HTTP request: it throws nothing again, or, in a file that uses
 * axios, it first answers every axios error and rethrows only other kinds (`if (axios.isAxiosError(error))
 * return { isError: true, … }; throw error;`, the MCP servers' template), which a failed request does not raise.
 */
export function catchStopsRequestFailure(clause: ts.CatchClause, facts: FileFacts): boolean {
  const statements = clause.block.statements;
  const firstThrow = statements.findIndex(ts.isThrowStatement);
  if (firstThrow < 0) return true;
  const binding = clause.variableDeclaration && ts.isIdentifier(clause.variableDeclaration.name) ? clause.variableDeclaration.name.text : undefined;
  if (binding === undefined || !facts.importedModules.has(AXIOS)) return false;
  return statements.slice(0, firstThrow).some((statement) => ts.isIfStatement(statement) && !statement.elseStatement && testsAxiosError(statement.expression, binding) && answersWithoutThrowing(statement.thenStatement));
}
