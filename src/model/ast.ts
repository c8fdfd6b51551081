import { ts } from '../typescript.cjs';

export { ts };

// Read once: every `ts.X` is a getter on the bundled compiler's namespace, which hot loops feel.
const { SyntaxKind } = ts;

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  // A switch on kind: this runs for every ancestor of every node the analyses look up.
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/**
 * Pushes `node`'s children so that popping yields them in source order. Walks keep their own stack:
 * a 3,000-term `??` chain or a long `.then()` chain is as deep as it is long, and recursion on the
 * call stack would end the whole audit with "Maximum call stack size exceeded".
 */
export function pushChildren(stack: ts.Node[], node: ts.Node): void {
  const first = stack.length;
  ts.forEachChild(node, (child) => {
    stack.push(child);
  });
  for (let i = first, j = stack.length - 1; i < j; i++, j--) {
    const swap = stack[i] as ts.Node;
    stack[i] = stack[j] as ts.Node;
    stack[j] = swap;
  }
}

/** Pre-order walk over compilerNode children (ts-morph's wrapped traversal is far slower); `false` skips a node's children. */
export function walk(node: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  pushChildren(stack, node);
  for (let child = stack.pop(); child; child = stack.pop()) {
    if (visit(child) !== false) pushChildren(stack, child);
  }
}

const RELATIONAL: ReadonlySet<ts.SyntaxKind> = new Set([SyntaxKind.LessThanToken, SyntaxKind.LessThanEqualsToken, SyntaxKind.GreaterThanToken, SyntaxKind.GreaterThanEqualsToken]);

/** `a < b`, `steps >= max`: the comparisons that cap a loop, a list or a wait. */
export function isRelational(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && RELATIONAL.has(node.operatorToken.kind);
}

/** `req` of `req.headers.authorization`, `app` of `app.use(auth).post`: the identifier a member/call chain starts from. */
export function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let node = unwrap(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) node = unwrap(node.expression);
  return ts.isIdentifier(node) ? node : undefined;
}

/** True when `visit` returns true for some descendant of `node` (not `node` itself). */
export function someDescendant(node: ts.Node, predicate: (node: ts.Node) => boolean): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (predicate(child)) found = true;
    return !found;
  });
  return found;
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/**
 * A class's name: its own, or for a class expression the const or var it initialises (`var Exporter =
 * class { … }`, how bundlers write every class). Undefined for an anonymous class used in place.
 */
export function nameOfClass(cls: ts.ClassLikeDeclaration): string | undefined {
  if (cls.name) return cls.name.text;
  const holder = cls.parent;
  return holder && ts.isVariableDeclaration(holder) && holder.initializer === cls && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

/** The statement a node is written in, inside its function: none for a node in an arrow's expression body. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let current = node.parent; current && !isFunctionLike(current); current = current.parent) if (ts.isStatement(current)) return current;
  return undefined;
}

/** The nearest class (declaration or expression) around a node. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isClassLike(current)) return current;
  return undefined;
}

export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Parentheses, await, casts, `!` and `satisfies`: wrappers that carry the same value. */
type ValueWrapper =
  | ts.ParenthesizedExpression
  | ts.AwaitExpression
  | ts.AsExpression
  | ts.NonNullExpression
  | ts.TypeAssertion
  | ts.SatisfiesExpression;

function isValueWrapper(node: ts.Node): node is ValueWrapper {
  switch (node.kind) {
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AwaitExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.TypeAssertionExpression:
    case SyntaxKind.SatisfiesExpression:
      return true;
    default:
      return false;
  }
}

/** Strips wrappers that do not change a value. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** `null` or `undefined`, through wrappers that do not change a value. */
export function isNullish(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  return node.kind === SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

/** The outermost expression that still carries the same value as `expr` (the inverse of unwrap). */
export function valueCarrier(expr: ts.Expression): ts.Expression {
  let current: ts.Expression = expr;
  while (current.parent && isValueWrapper(current.parent)) current = current.parent;
  return current;
}

/** Name of a property, member or binding when it is statically known. */
export function staticName(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return node.text;
  if (ts.isComputedPropertyName(node)) return staticName(node.expression);
  return undefined;
}

/** The name a function is known by: its own, the variable or property it is assigned to, or its method name. */
export function functionName(fn: FunctionLike): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) {
    return staticName(fn.name);
  }
  if (ts.isConstructorDeclaration(fn)) return 'constructor';
  if ((ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) && fn.name) return staticName(fn.name);
  // `const run = __name(async () => …, "run")` in a bundle: named where the wrapper stands.
  const parent = writtenAt(fn).parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    return staticName(parent.name);
  }
  return undefined;
}

/** Object literal property by name (shorthand included). */
export function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => staticName(p.name) === name);
}

/**
 * `{ text: answer, filename }`: each property's value by its name, a shorthand's being its identifier.
 * Undefined for no object literal, or one with a key the code does not spell out (a spread, a method, an
 * accessor, a computed name): then any property may hold anything.
 */
export function literalPropertyValues(node: ts.Node): Map<string, ts.Expression> | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const values = new Map<string, ts.Expression>();
  for (const property of node.properties) {
    if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return undefined;
    values.set(property.name.text, ts.isPropertyAssignment(property) ? property.initializer : property.name);
  }
  return values;
}

export function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** The last name of a callee: `b` of `a.b()`, `f` of `f()`, `g` of CommonJS `(0, m.g)()`. */
export function calleeLastName(expression: ts.Expression): string | undefined {
  let callee = unwrap(expression);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = unwrap(callee.right);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee)) return staticName(callee.argumentExpression);
  return undefined;
}

/** The method a call names on its receiver, as written: `get` of `kv.get(…)`; undefined for a plain function call. */
export function methodName(call: ts.CallExpression): string | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : undefined;
}

/** A node's source text without whitespace, to tell the same expression written twice (`env.HISTORY`, `state.handle`). */
export function compactText(node: ts.Node, sourceFile: ts.SourceFile): string {
  return node.getText(sourceFile).replace(/\s+/g, '');
}

/** `JSON.parse(…)`. */
export function isJsonParseCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'parse' && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON';
}

/** The name of what a method is called on: `logger` of `logger.info()`, `caller` of `this.caller.call()`. */
export function calleeReceiverName(expression: ts.Expression): string | undefined {
  const callee = unwrap(expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = unwrap(callee.expression);
  if (ts.isIdentifier(receiver)) return receiver.text;
  if (ts.isPropertyAccessExpression(receiver)) return receiver.name.text;
  return undefined;
}

/**
 * `if (cond) x = …;` or `if (cond) { x = …; }`: the condition of the if whose branch is this assignment
 * statement, and the assigned target's text, for "is it only made when missing?" checks.
 */
export function assignmentGuard(assignment: ts.BinaryExpression): { condition: ts.Expression; target: string } | undefined {
  let node: ts.Node = assignment.parent;
  if (ts.isExpressionStatement(node)) node = node.parent;
  if (ts.isBlock(node)) node = node.parent;
  if (!ts.isIfStatement(node)) return undefined;
  return { condition: unwrap(node.expression), target: unwrap(assignment.left).getText() };
}

/** The node with the parentheses written around it: `(async () => …)` for the arrow inside. */
export function withParentheses(node: ts.Node): ts.Node {
  let outer = node;
  while (outer.parent && ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  return outer;
}

/** `(async () => { … })()`: the call that invokes a function where it is written, if it is one. */
export function inPlaceInvocation(fn: ts.Node): ts.CallExpression | undefined {
  const node = withParentheses(fn);
  const call = node.parent;
  return call && ts.isCallExpression(call) && call.expression === node ? call : undefined;
}

/**
 * The call a node is handed to: as an argument, or as an option of an object argument (`execute: async
 * () => …`, `{ execute }`, the method form `{ async execute(input) { … } }`). For a function literal,
 * or a reference to a function handed on by name.
 */
export function receivingCall(node: ts.Node): ts.CallExpression | ts.NewExpression | undefined {
  let at = node;
  while (at.parent && (ts.isParenthesizedExpression(at.parent) || ts.isAsExpression(at.parent))) at = at.parent;
  const parent = at.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(at as ts.Expression)) return parent;
  const options = parent && (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) ? parent.parent : ts.isMethodDeclaration(at) ? parent : undefined;
  const call = options && ts.isObjectLiteralExpression(options) ? options.parent : undefined;
  return call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.includes(options as ts.Expression) ? call : undefined;
}

/** `app.post('/chat', async (req, res) => …)`: the call a function is handed to as an argument itself (through parentheses and casts), not inside an options object. */
export function callTakingFunction(fn: FunctionLike): ts.CallExpression | undefined {
  const call = receivingCall(fn);
  return call && ts.isCallExpression(call) && call.arguments.some((arg) => unwrap(arg) === fn) ? call : undefined;
}

/** `observe('search', () => fetch(url))`: the call that takes the node as an argument, and the argument as written. */
export function callTakingArgument(node: ts.Node): { readonly call: ts.CallExpression; readonly argument: ts.Node } | undefined {
  const argument = withParentheses(node);
  const call = argument.parent;
  return call && ts.isCallExpression(call) && call.arguments.some((arg) => arg === argument) ? { call, argument } : undefined;
}

/**
 * Does the node throw, itself or anywhere inside it, other than in the functions it defines (they run
 * later, if at all)? `alsoThrows` counts other nodes as a throw (a promise's `reject(…)`).
 */
export function throwsOutsideNestedFunctions(node: ts.Node, alsoThrows: (node: ts.Node) => boolean = () => false): boolean {
  const visit = (current: ts.Node): boolean => ts.isThrowStatement(current) || alsoThrows(current) || (!isFunctionLike(current) && ts.forEachChild(current, visit) === true);
  return visit(node);
}

/** A statement after which the code below it does not run: `return`, `throw`, `break`, or a block ending in one. */
export function leavesBlock(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakStatement(statement)) return true;
  const last = ts.isBlock(statement) ? statement.statements[statement.statements.length - 1] : undefined;
  return last !== undefined && leavesBlock(last);
}

/** The condition a `for`, `while` or `do` loop tests each round (undefined for `for (;;)`, `for … of` and `for … in`). */
export function loopCondition(loop: ts.IterationStatement): ts.Expression | undefined {
  if (ts.isForStatement(loop)) return loop.condition;
  return ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
}

/** esbuild keeps function names with `__name(fn, "name")`: a call of that helper stands where `fn` was written. */
export function isNamingHelperCall(node: ts.Node | undefined): node is ts.CallExpression {
  return !!node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === '__name' && node.arguments.length > 0;
}

/** Where a function stands in its code: the `__name(fn, "name")` call wrapping it in a bundle, else the function itself. */
export function writtenAt(fn: FunctionLike): ts.Node {
  return isNamingHelperCall(fn.parent) && fn.parent.arguments[0] === fn ? fn.parent : fn;
}
