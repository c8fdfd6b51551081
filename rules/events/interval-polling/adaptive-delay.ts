import { contains, someDescendant, ts, unwrap } from '../../../src/model/ast.js';
import { evaluateNumber } from '../../../src/model/constant-evaluation.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

function identifiersIn(node: ts.Node): ts.Identifier[] {
  const found: ts.Identifier[] = ts.isIdentifier(node) ? [node] : [];
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) found.push(child);
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

function assignedName(target: ts.Expression): string | undefined {
  const node = unwrap(target);
  return ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}

/** Does `scope` reassign one of these names (`delay = …`, `delay *= 2`, `misses++`)? */
function reassignsAny(scope: ts.Node, names: ReadonlySet<string>): boolean {
  return someDescendant(scope, (node) => {
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const name = op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment ? assignedName(node.left) : undefined;
      return name !== undefined && names.has(name);
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      const name = assignedName(node.operand);
      return name !== undefined && names.has(name);
    }
    return false;
  });
}

/** A value declared inside the tick: it is computed from this tick's result (`const changed = …`). */
function declaredIn(scope: ts.Node, id: ts.Identifier, facts: FileFacts): boolean {
  const decl = facts.resolve(id.text, id);
  return decl !== undefined && decl.kind === 'variable' && contains(scope, decl.node);
}

/**
 * The delay varies with what the tick saw: it depends on a variable the loop or tick reassigns
 * (`delay = Math.min(delay * 2, max)`, `misses++`), or picks between rates on a value the tick
 * computed (`changed ? FAST_MS : SLOW_MS`). A delay read from config or the environment is fixed,
 * just unknown.
 */
export function isAdaptiveDelay(delayExpression: ts.Expression, scope: ts.Node, facts: FileFacts): boolean {
  const delay = unwrap(delayExpression);
  if (evaluateNumber(delay, facts) !== undefined) return false;
  let computed: ts.Expression = delay;
  if (ts.isIdentifier(delay)) {
    const decl = facts.resolve(delay.text, delay);
    if (decl?.init && decl.init.path.length === 0 && contains(scope, decl.node)) computed = unwrap(decl.init.expression);
  }
  const names = new Set([...identifiersIn(delay), ...identifiersIn(computed)].map((id) => id.text));
  if (reassignsAny(scope, names)) return true;
  const choosesOnTickResult = (node: ts.Node): boolean => ts.isConditionalExpression(node) && identifiersIn(node.condition).some((id) => declaredIn(scope, id, facts));
  return choosesOnTickResult(computed) || someDescendant(computed, choosesOnTickResult);
}
