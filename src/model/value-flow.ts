import { enclosingFunction, isFunctionLike, staticName, ts, valueCarrier, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';
import type { Declaration } from './scope.js';

/** Where a value goes right after it is produced. */
export type Destination =
  | { readonly kind: 'binding'; readonly declarations: readonly Declaration[] }
  | { readonly kind: 'member'; readonly name: string; readonly value: ts.Expression; readonly called: boolean }
  | { readonly kind: 'then'; readonly callback: FunctionLike | undefined; readonly thenCall: ts.CallExpression }
  | { readonly kind: 'returned'; readonly fn: FunctionLike | undefined }
  | { readonly kind: 'argument'; readonly call: ts.CallExpression | ts.NewExpression }
  | { readonly kind: 'shape-check' }
  | { readonly kind: 'discarded' }
  | { readonly kind: 'other' };

function bindingNames(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  return out;
}

function declarationsOf(facts: FileFacts, ids: readonly ts.Identifier[]): Declaration[] {
  return ids.map((id) => facts.resolve(id.text, id)).filter((d): d is Declaration => d !== undefined);
}

export function destinationOf(expr: ts.Expression, facts: FileFacts): Destination {
  const carrier = valueCarrier(expr);
  const parent = carrier.parent;
  if (!parent) return { kind: 'other' };
  if (ts.isVariableDeclaration(parent) && parent.initializer === carrier) {
    return { kind: 'binding', declarations: declarationsOf(facts, bindingNames(parent.name)) };
  }
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken && parent.right === carrier && ts.isIdentifier(parent.left)) {
      return { kind: 'binding', declarations: declarationsOf(facts, [parent.left]) };
    }
    if (op === ts.SyntaxKind.InstanceOfKeyword || op === ts.SyntaxKind.InKeyword) return { kind: 'shape-check' };
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return destinationOf(parent, facts);
    }
    return { kind: 'other' };
  }
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === carrier) {
    const name = ts.isPropertyAccessExpression(parent) ? parent.name.text : staticName(parent.argumentExpression);
    if (name === undefined) return { kind: 'other' };
    const call = parent.parent;
    const called = !!call && ts.isCallExpression(call) && call.expression === parent;
    if (called && (name === 'then' || name === 'catch' || name === 'finally')) {
      const callback = (call as ts.CallExpression).arguments[0];
      if (name !== 'then') return destinationOf(call as ts.CallExpression, facts);
      return { kind: 'then', callback: callback && isFunctionLike(callback) ? callback : undefined, thenCall: call as ts.CallExpression };
    }
    return { kind: 'member', name, value: called ? (call as ts.CallExpression) : parent, called };
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(carrier)) {
    return { kind: 'argument', call: parent };
  }
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === carrier)) {
    return { kind: 'returned', fn: ts.isArrowFunction(parent) ? parent : enclosingFunction(parent) };
  }
  if (ts.isTypeOfExpression(parent)) return { kind: 'shape-check' };
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return { kind: 'discarded' };
  if (ts.isConditionalExpression(parent) && parent.condition !== carrier) return destinationOf(parent, facts);
  return { kind: 'other' };
}

/** `=`, and the assignments that keep a value already there (`client ??= new OpenAI()`). */
const ASSIGNING: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** What is assigned to a variable after its declaration (`current = { ...current, url }`, `client ??= make()`), in source order. */
export function assignedValues(decl: Declaration, facts: Pick<FileFacts, 'references'>): ts.Expression[] {
  const values: ts.Expression[] = [];
  for (const ref of facts.references(decl)) {
    const parent = ref.parent;
    if (parent && ts.isBinaryExpression(parent) && parent.left === ref && ASSIGNING.has(parent.operatorToken.kind)) values.push(parent.right);
  }
  return values;
}

/** Declarations made by a binding name or destructuring pattern (a parameter, a loop variable). */
export function bindingDeclarations(name: ts.BindingName, facts: FileFacts): Declaration[] {
  return declarationsOf(facts, bindingNames(name));
}

/** Callback parameter that receives the value of a `.then(callback)`. */
export function thenParameter(callback: FunctionLike, facts: FileFacts): Declaration[] {
  const param = callback.parameters[0];
  return param ? declarationsOf(facts, bindingNames(param.name)) : [];
}

const returnedByFunction = new WeakMap<FunctionLike, readonly ts.Expression[]>();

/**
 * Values a function returns (expressions of its return statements, or an arrow's expression body), in
 * source order. Remembered per function: every trace that reaches a callback asks again.
 */
export function returnedExpressions(fn: FunctionLike): readonly ts.Expression[] {
  let found = returnedByFunction.get(fn);
  if (!found) returnedByFunction.set(fn, (found = collectReturned(fn)));
  return found;
}

function collectReturned(fn: FunctionLike): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  // A return statement is written `return` (or, escaped, with `\u`): a body with neither has none to walk for.
  const written = fn.getSourceFile().text.slice(fn.body.pos, fn.body.end);
  if (!written.includes('return') && !written.includes('\\u')) return [];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}
