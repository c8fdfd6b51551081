import { staticName, ts, unwrap } from './ast.js';
import type { FileFacts } from './file-facts.js';

/**
 * Statically known number: literals, consts (through identifiers and `CONFIG.pollMs`-style
 * properties of const object literals), and + - * / % ** arithmetic. Anything else is unknown.
 */
export function evaluateNumber(expr: ts.Expression, facts: FileFacts, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  const node = unwrap(expr);
  if (ts.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    const value = evaluateNumber(node.operand, facts, depth + 1);
    return value === undefined ? undefined : -value;
  }
  if (ts.isBinaryExpression(node)) {
    const left = evaluateNumber(node.left, facts, depth + 1);
    const right = evaluateNumber(node.right, facts, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return left + right;
      case ts.SyntaxKind.MinusToken: return left - right;
      case ts.SyntaxKind.AsteriskToken: return left * right;
      case ts.SyntaxKind.SlashToken: return right === 0 ? undefined : left / right;
      case ts.SyntaxKind.PercentToken: return right === 0 ? undefined : left % right;
      case ts.SyntaxKind.AsteriskAsteriskToken: return left ** right;
      default: return undefined;
    }
  }
  if (ts.isIdentifier(node)) {
    const decl = facts.resolve(node.text, node);
    if (!decl || !decl.isConst || !decl.init) return undefined;
    let value: ts.Expression | undefined = decl.init.expression;
    for (const key of decl.init.path) value = value ? constProperty(value, key) : undefined;
    return value ? evaluateNumber(value, facts, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const value = constMember(node, facts, depth);
    return value ? evaluateNumber(value, facts, depth + 1) : undefined;
  }
  return undefined;
}

/** `CONFIG.polling.everyMs` → the initializer of that property in a const object literal. */
function constMember(node: ts.Expression, facts: FileFacts, depth: number): ts.Expression | undefined {
  if (depth > 8) return undefined;
  const target = unwrap(node);
  if (ts.isIdentifier(target)) {
    const decl = facts.resolve(target.text, target);
    if (!decl || !decl.isConst || !decl.init) return undefined;
    let value: ts.Expression | undefined = decl.init.expression;
    for (const key of decl.init.path) value = value ? constProperty(value, key) : undefined;
    return value;
  }
  if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
    const key = ts.isPropertyAccessExpression(target) ? target.name.text : staticName(target.argumentExpression);
    const owner = constMember(target.expression, facts, depth + 1);
    return key === undefined || !owner ? undefined : constProperty(owner, key);
  }
  return undefined;
}

function constProperty(expr: ts.Expression, key: string): ts.Expression | undefined {
  const obj = unwrap(expr);
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  const prop = obj.properties.find((p) => staticName(p.name) === key);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/** 90000 → "90 s", 300000 → "5 min". */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${ms} ms`;
}
