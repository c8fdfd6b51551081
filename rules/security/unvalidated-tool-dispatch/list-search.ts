import { ts, unwrap } from '../../../src/model/ast.js';

/** `(t) => t.name === key` (either side, also with a block returning it): the key a list search compares its items' member with. */
export function searchedKey(callback: ts.Expression | undefined): ts.Expression | undefined {
  const fn = callback && unwrap(callback);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length !== 1) return undefined;
  const param = fn.parameters[0]!.name;
  if (!ts.isIdentifier(param)) return undefined;
  const [only] = ts.isBlock(fn.body) && fn.body.statements.length === 1 ? fn.body.statements : [];
  const body = ts.isBlock(fn.body) ? (only && ts.isReturnStatement(only) ? only.expression : undefined) : fn.body;
  const test = body && unwrap(body);
  if (!test || !ts.isBinaryExpression(test) || (test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return undefined;
  const readsItem = (side: ts.Expression): boolean => {
    let node = unwrap(side);
    while (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression);
    return ts.isIdentifier(node) && node.text === param.text && unwrap(side) !== node;
  };
  if (readsItem(test.left) && !readsItem(test.right)) return test.right;
  if (readsItem(test.right) && !readsItem(test.left)) return test.left;
  return undefined;
}
