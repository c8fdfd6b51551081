import { contains, enclosingFunction, isFunctionLike, ts } from '../../../src/model/ast.js';

/**
 * Can `node` run before `target` in one call of the function that holds them both, on a way that still
 * reaches `target`? No when `node` sits in a branch that returns or throws before it gets there, in the
 * other arm of an `if` or `?:`, or after `target` in straight-line code. Anything this cannot tell
 * (a callback, a loop, code of another function) may run before.
 */
export function mayRunBefore(node: ts.Node, target: ts.Node): boolean {
  if (contains(target, node) || contains(node, target)) return true;
  const fn = enclosingFunction(node);
  const lifted = liftInto(target, fn);
  if (!lifted) return true;
  const common = commonAncestor(node, lifted);
  if (!common) return true;
  if (insideLoop(common, fn)) return !leavesBefore(node, common);
  // A callback defined here may be called later; only code of the function itself runs in text order.
  if (lifted === target && node.getStart() >= target.end) return false;
  return !leavesBefore(node, common) && !otherArm(node, lifted, common);
}

/** The ancestor of `target` that is code of `fn` itself (not of a callback nested in it). */
function liftInto(target: ts.Node, fn: ts.Node | undefined): ts.Node | undefined {
  let current: ts.Node = target;
  while (enclosingFunction(current) !== fn) {
    const outer = enclosingFunction(current);
    if (!outer) return undefined;
    current = outer;
  }
  return current;
}

function commonAncestor(a: ts.Node, b: ts.Node): ts.Node | undefined {
  for (let current: ts.Node | undefined = a; current; current = current.parent) {
    if (contains(current, b)) return current;
  }
  return undefined;
}

function insideLoop(node: ts.Node, fn: ts.Node | undefined): boolean {
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (ts.isIterationStatement(current, false)) return true;
  }
  return false;
}

const leavesFunction = (statement: ts.Statement): boolean => ts.isReturnStatement(statement) || ts.isThrowStatement(statement);

/** Between `node` and `common`: a return or throw around it, or one later in a block it shares with no `target`. */
function leavesBefore(node: ts.Node, common: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent && parent !== common; child = parent, parent = parent.parent) {
    if (isFunctionLike(parent)) return false;
    if (ts.isReturnStatement(parent) || ts.isThrowStatement(parent)) return true;
    const statements = statementList(parent);
    if (statements && statements.slice(statements.indexOf(child as ts.Statement)).some(leavesFunction)) return true;
  }
  return false;
}

function statementList(node: ts.Node): ts.NodeArray<ts.Statement> | undefined {
  if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isModuleBlock(node) || ts.isSourceFile(node)) return node.statements;
  return undefined;
}

/** `if (a) node; else target` and `a ? node : target`: one call takes only one of the two arms. */
function otherArm(node: ts.Node, target: ts.Node, common: ts.Node): boolean {
  const apart = (x: ts.Node | undefined, y: ts.Node | undefined): boolean =>
    x !== undefined && y !== undefined && ((contains(x, node) && contains(y, target)) || (contains(y, node) && contains(x, target)));
  if (ts.isIfStatement(common)) return apart(common.thenStatement, common.elseStatement);
  if (ts.isConditionalExpression(common)) return apart(common.whenTrue, common.whenFalse);
  return false;
}
