import { isFunctionLike, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';

const MAX_STEPS = 4;

/**
 * The member of a named object a value reads, by the object's declaration: `message.content`,
 * `message.content ?? ''` (a literal fallback adds no text), or a const holding it (`const { role,
 * content } = entry`, `const role = delta.role ?? 'user'`).
 */
function memberRead(expr: ts.Expression, facts: FileFacts, steps = 0): { object: Declaration; member: string } | undefined {
  if (steps > MAX_STEPS) return undefined;
  const node = unwrap(expr);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return ts.isLiteralExpression(unwrap(node.right)) ? memberRead(node.left, facts, steps + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const receiver = unwrap(node.expression);
    const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
    const object = ts.isIdentifier(receiver) ? facts.resolve(receiver.text, receiver) : undefined;
    return member === undefined || object === undefined ? undefined : { object, member };
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl?.isConst || !decl.init) return undefined;
  const [member, ...deeper] = decl.init.path;
  const source = unwrap(decl.init.expression);
  if (member === undefined) return memberRead(source, facts, steps + 1);
  const object = deeper.length === 0 && ts.isIdentifier(source) ? facts.resolve(source.text, source) : undefined;
  return object ? { object, member } : undefined;
}

const isSystemLiteral = (expr: ts.Expression): boolean => ts.isStringLiteralLike(unwrap(expr)) && (unwrap(expr) as ts.StringLiteralLike).text === 'system';

/** `role === 'system'` (or the other way round) on the role of `object`. */
function testsSystemRole(condition: ts.Expression, object: Declaration, facts: FileFacts): boolean {
  const test = unwrap(condition);
  if (!ts.isBinaryExpression(test) || (test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && test.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return false;
  const [literal, other] = isSystemLiteral(test.right) ? [test.right, test.left] : [test.left, test.right];
  if (!isSystemLiteral(literal)) return false;
  const read = memberRead(other, facts);
  return read?.object === object && read.member === 'role';
}

/**
 * `switch (message.role) { case 'system': return new SystemMessage(message.content) }`, `if (role ===
 * 'system') return { role: 'system', content }` with both read off one message: a converter between
 * message formats. The text was the system's in the message it came from, and keeps that role; it
 * gains no authority on the way, whoever handed the message over.
 */
export function keepsItsSystemRole(value: ts.Expression, facts: FileFacts): boolean {
  const content = memberRead(value, facts);
  if (!content) return false;
  for (let child: ts.Node = value, node = value.parent; node && !isFunctionLike(node); child = node, node = node.parent) {
    if (ts.isCaseClause(node) && isSystemLiteral(node.expression)) {
      const read = memberRead(node.parent.parent.expression, facts);
      if (read?.object === content.object && read.member === 'role') return true;
    }
    if (ts.isIfStatement(node) && node.thenStatement === child && testsSystemRole(node.expression, content.object, facts)) return true;
  }
  return false;
}
