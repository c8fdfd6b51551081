import { assignmentGuard, contains, enclosingFunction, isFunctionLike, isNullish, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isAppendAssignment } from '../../../src/domain/messages/message-history.js';
import type { Declaration } from '../../../src/model/scope.js';

/** A change, inside some function, to a module-level variable or to an object path in it. */
export interface ModuleStateChange {
  /** The variable; undefined for a property of the global object (`global.messages`). */
  readonly decl: Declaration | undefined;
  /**
   * For a variable of a function rather than the module: that function, whose callbacks capture it
   * (`function setupSocket(io) { const history = []; io.on('connection', …) }`).
   */
  readonly setup?: FunctionLike;
  /** `messages`, `state.history`: the variable and the property path that changes. */
  readonly name: string;
  /** The append or assignment. */
  readonly node: ts.Node;
  /** What it puts there. */
  readonly values: readonly ts.Expression[];
}

const GROW_METHODS = new Set(['push', 'unshift']);

/**
 * `[]`, `{}`, `''`, `null`, `undefined`, `new Map()`: resetting, not storing anything. A function is
 * an implementation swapped in, not data.
 */
function storesNothing(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (isFunctionLike(node)) return true;
  if (ts.isArrayLiteralExpression(node)) return node.elements.length === 0;
  if (ts.isObjectLiteralExpression(node)) return node.properties.length === 0;
  if (ts.isStringLiteralLike(node)) return node.text === '';
  if (ts.isNewExpression(node)) return (node.arguments?.length ?? 0) === 0;
  return isNullish(node);
}

/**
 * `state.history` → the root `state` and the path [history]. Element accesses and calls on the way
 * (`store[sessionId]`, `sessions.get(id)`) pick one entry of a keyed store: the root is that access.
 */
export function memberPath(target: ts.Expression): { root: ts.Expression; path: string[] } {
  const path: string[] = [];
  let node = unwrap(target);
  while (ts.isPropertyAccessExpression(node)) {
    path.unshift(node.name.text);
    node = unwrap(node.expression);
  }
  return { root: node, path };
}

/** `if (!client) client = …`, `if (client === undefined) { client = … }`: made on first use. */
function isLazyInit(assignment: ts.BinaryExpression): boolean {
  const guard = assignmentGuard(assignment);
  if (!guard) return false;
  const { condition, target } = guard;
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) return unwrap(condition.operand).getText() === target;
  return ts.isBinaryExpression(condition) && unwrap(condition.left).getText() === target && /^(undefined|null)$/.test(condition.right.getText());
}

/** The change a node makes, if it is one: appends, `+=`, and assignments of a value (not resets). */
export function changeOf(node: ts.Node): { target: ts.Expression; values: readonly ts.Expression[] } | undefined {
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    return ts.isPropertyAccessExpression(callee) && GROW_METHODS.has(callee.name.text) ? { target: callee.expression, values: node.arguments } : undefined;
  }
  if (!ts.isBinaryExpression(node)) return undefined;
  const op = node.operatorToken.kind;
  if (op === ts.SyntaxKind.PlusEqualsToken) return { target: node.left, values: [node.right] };
  if (op !== ts.SyntaxKind.EqualsToken) return undefined;
  if (isAppendAssignment(node.left, node.right)) {
    const value = unwrap(node.right);
    return { target: node.left, values: ts.isArrayLiteralExpression(value) ? value.elements.slice(1) : (value as ts.CallExpression).arguments };
  }
  // `if (!client) client = new Client()`: made once on first use, the same for everyone by design.
  return storesNothing(node.right) || isLazyInit(node) ? undefined : { target: node.left, values: [node.right] };
}

export function isModuleLevel(decl: Declaration | undefined): decl is Declaration {
  return decl?.kind === 'variable' && ts.isVariableDeclaration(decl.node) && !enclosingFunction(decl.node);
}

const GLOBAL_OBJECTS = new Set(['global', 'globalThis']);

/** The function a variable belongs to, when a callback nested in it (where `node` is) captures it. */
function capturingSetup(decl: Declaration | undefined, node: ts.Node, fn: FunctionLike): FunctionLike | undefined {
  if (decl?.kind !== 'variable' || !ts.isVariableDeclaration(decl.node)) return undefined;
  const owner = enclosingFunction(decl.node);
  return owner && owner !== fn && contains(owner, node) ? owner : undefined;
}

/**
 * Changes made inside functions to module-level variables, to properties of the global object, and
 * to variables of an enclosing function captured by a nested callback, in source order.
 */
export function moduleStateChanges(facts: FileFacts): ModuleStateChange[] {
  const changes: ModuleStateChange[] = [];
  const visit = (node: ts.Node): void => {
    const change = changeOf(node);
    const fn = change && enclosingFunction(node);
    const target = change && fn ? memberPath(change.target) : undefined;
    const root = target && ts.isIdentifier(target.root) ? target.root : undefined;
    if (change && fn && target && root) {
      const name = [root.text, ...target.path].join('.');
      const decl = facts.resolve(root.text, root);
      const setup = capturingSetup(decl, node, fn);
      if (isModuleLevel(decl) && !isFrozen(decl)) changes.push({ decl, name, node, values: change.values });
      else if (decl && setup && !isFrozen(decl)) changes.push({ decl, name, node, values: change.values, setup });
      else if (!decl && GLOBAL_OBJECTS.has(root.text) && target.path.length > 0) changes.push({ decl: undefined, name, node, values: change.values });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(facts.sourceFile, visit);
  return changes;
}

/** `Object.freeze([...])`: cannot change, so whatever looks like a change fails at run time. */
function isFrozen(decl: Declaration): boolean {
  const init = ts.isVariableDeclaration(decl.node) ? decl.node.initializer : undefined;
  const node = init && unwrap(init);
  return !!node && ts.isCallExpression(node) && node.expression.getText() === 'Object.freeze';
}
