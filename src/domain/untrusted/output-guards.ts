import { contains, isStringLike, ts, unwrap, walk } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { isReference, type Declaration } from '../../model/scope.js';
import type { HeldValue } from './untrusted-flows.js';

/**
 * The variables a model value went through, and the member reads (`args.command`) that carry it to
 * the sink. Asked only about what a check or guard names, so each answer is worked out when asked.
 */
export interface FlowValue extends HeldValue {
  /** Is this the source text of a member read on the way (outside conditions), e.g. `args.command`? */
  readonly readsMember: (text: string) => boolean;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

const declarationOf = (node: ts.Expression, facts: FileFacts): Declaration | undefined =>
  ts.isIdentifier(node) && isReference(node) ? facts.resolve(node.text, node) : undefined;

/** Member reads in `node` that carry a value, skipping the tests of conditionals (`block.type === 'text' ? …`). */
export function memberReadsIn(node: ts.Node, facts: FileFacts, into: Set<string>): void {
  if (ts.isConditionalExpression(node)) {
    memberReadsIn(node.whenTrue, facts, into);
    memberReadsIn(node.whenFalse, facts, into);
    return;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) into.add(node.getText(facts.sourceFile));
  ts.forEachChild(node, (child) => memberReadsIn(child, facts, into));
}

/**
 * Is `expr` the model value itself: a variable it went through, one computed from such a variable by a
 * call (`const rel = relative(root, full)`), or a member read that carries it to the sink (`args.command`)?
 */
function isFlowValue(expr: ts.Expression, value: FlowValue, facts: FileFacts): boolean {
  const node = unwrap(expr);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return value.readsMember(node.getText(facts.sourceFile));
  const decl = declarationOf(node, facts);
  if (!decl) return false;
  if (value.holds(decl)) return true;
  const init = decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return !!init && ts.isCallExpression(init) && init.arguments.some((arg) => {
    const argDecl = declarationOf(unwrap(arg), facts);
    return argDecl !== undefined && value.holds(argDecl);
  });
}

/** `/^[\w-]+$/`: a pattern that must match the whole value. */
function isAnchoredRegex(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  return ts.isRegularExpressionLiteral(node) && /^\/\^.*\$\/[a-z]*$/s.test(node.text);
}

/** A call that tests the value against a fixed set, a prefix or an anchored pattern. */
function isGuardCall(call: ts.CallExpression, value: FlowValue, facts: FileFacts): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const { allowListMethods, containmentMethods } = facts.classifier.modelOutputExecution;
  const method = callee.name.text;
  const onArgument = call.arguments.some((arg) => isFlowValue(arg, value, facts));
  if (allowListMethods.includes(method)) return onArgument;
  if (containmentMethods.includes(method)) return isFlowValue(callee.expression, value, facts);
  return method === 'test' && isAnchoredRegex(callee.expression) && onArgument;
}

/** `cmd === 'status'`, `name in COMMANDS`: the value compared with a constant or looked up in a fixed map. */
function isGuardComparison(node: ts.BinaryExpression, value: FlowValue, facts: FileFacts): boolean {
  if (node.operatorToken.kind === ts.SyntaxKind.InKeyword) return isFlowValue(node.left, value, facts);
  if (!EQUALITY.has(node.operatorToken.kind)) return false;
  const [compared, other] = isStringLike(unwrap(node.right)) ? [node.left, unwrap(node.right)] : [node.right, unwrap(node.left)];
  // `x === ''` tests emptiness, not which value it is.
  return isStringLike(other) && other.text !== '' && isFlowValue(compared, value, facts);
}

/** Could this node be a guard of some value: a call of a guard method, an `in` or equality test, a switch? */
function isGuardShaped(node: ts.Node, guardMethods: ReadonlySet<string>): boolean {
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    return ts.isPropertyAccessExpression(callee) && guardMethods.has(callee.name.text);
  }
  if (ts.isBinaryExpression(node)) return node.operatorToken.kind === ts.SyntaxKind.InKeyword || EQUALITY.has(node.operatorToken.kind);
  return ts.isSwitchStatement(node);
}

/** The last file asked about (files are analysed one at a time per thread) and its guard-shaped nodes. */
let guardShapedNodes: { readonly facts: FileFacts; readonly nodes: readonly ts.Node[] } | undefined;

/** The file's guard-shaped nodes, found in one walk: every sink of a file asks, and walking the file per sink was the cost. */
function guardShapedIn(facts: FileFacts): readonly ts.Node[] {
  let found = guardShapedNodes?.facts === facts ? guardShapedNodes.nodes : undefined;
  if (!found) {
    const { allowListMethods, containmentMethods } = facts.classifier.modelOutputExecution;
    const guardMethods = new Set([...allowListMethods, ...containmentMethods, 'test']);
    const nodes: ts.Node[] = [];
    walk(facts.sourceFile, (node) => {
      if (isGuardShaped(node, guardMethods)) nodes.push(node);
    });
    guardShapedNodes = { facts, nodes: (found = nodes) };
  }
  return found;
}

/**
 * Is the model value allow-listed or contained anywhere in the file: tested with `ALLOWED.includes(x)`,
 * `set.has(x)`, `x in MAP`, `x === 'literal'`, `full.startsWith(root)` or an anchored regex, or switched
 * on with the sink inside a case. The check must name the value itself, not a sibling field or a constant.
 */
export function isGuarded(sink: ts.Node, value: FlowValue, facts: FileFacts): boolean {
  return guardShapedIn(facts).some((node) => {
    if (ts.isCallExpression(node)) return isGuardCall(node, value, facts);
    if (ts.isBinaryExpression(node)) return isGuardComparison(node, value, facts);
    return ts.isSwitchStatement(node) && contains(node.caseBlock, sink) && isFlowValue(node.expression, value, facts);
  });
}
