import { calleeLastName, contains, isFunctionLike, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import { moduleMatcher } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isReference } from '../../../src/model/scope.js';
import { nodesWithin } from '../../../src/model/file-index.js';
import type { FlowStep } from './tool-path-flow.js';
import { untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';
import { keepsOnlySafeCharacters } from '../../../src/domain/untrusted/sink-flows.js';
import { destinationOf } from '../../../src/model/value-flow.js';
import { mayRunBefore } from './run-order.js';

/** Methods that compare a path against a root or a list: only inside a guard that leaves do they contain it. */
const ROOT_CHECKS = new Set(['startsWith']);
const TRAVERSAL_CHECKS = new Set(['includes', 'indexOf', 'test', 'match']);
const LIST_CHECKS = new Set(['includes', 'has', 'indexOf']);
const STRIPPING_CALLS = new Set(['replace', 'replaceAll']);
/** Variables derived from the traced value this many assignments later still count as the value. */
const DERIVED_HOPS = 2;

/** Does `node` read the traced value: its source, a variable it passed through, or one derived from those? */
function mentionsValue(node: ts.Node, step: FlowStep, facts: FileFacts, hops = 0): boolean {
  if (node === step.flow.source) return true;
  if (ts.isIdentifier(node)) {
    const decl = isReference(node) ? facts.resolve(node.text, node) : undefined;
    if (!decl) return false;
    if (step.flow.via.has(decl)) return true;
    return hops < DERIVED_HOPS && decl.kind === 'variable' && decl.init !== undefined && mentionsValue(decl.init.expression, step, facts, hops + 1);
  }
  return ts.forEachChild(node, (child) => mentionsValue(child, step, facts, hops) || undefined) ?? false;
}

function exits(statement: ts.Statement | undefined): boolean {
  if (!statement) return false;
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((s) => ts.isThrowStatement(s) || ts.isReturnStatement(s));
}

/** The check decides an `if` that throws or returns, an `assert(…)`, or the helper's boolean result. */
function isGuard(check: ts.Expression, facts: FileFacts, viaVariable = true): boolean {
  let node: ts.Node = check;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isPrefixUnaryExpression(node.parent) || ts.isBinaryExpression(node.parent))) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isIfStatement(parent) && parent.expression === node) return exits(parent.thenStatement) || exits(parent.elseStatement);
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  // `const inside = full.startsWith(root); if (!inside) return …`
  if (viaVariable && ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const decl = facts.resolve(parent.name.text, parent.name);
    return decl !== undefined && facts.references(decl).some((ref) => ref !== parent.name && isGuard(ref, facts, false));
  }
  return ts.isCallExpression(parent) && /^(assert|invariant|ok)$/i.test(calleeLastName(parent.expression) ?? '');
}

function isContainmentHelperName(name: string, helpers: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return helpers.some((helper) => lower.startsWith(helper.toLowerCase()) && (name.length === helper.length || /[A-Z_0-9]/.test(name[helper.length] ?? '')));
}

/** A call that contains a path by what it is: a safePath()-style helper, basename, is-path-inside. */
function isContainmentCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const { containmentHelpers, containmentModules, pathContainment, neutralisingCalls } = facts.classifier.filesystem;
  const name = calleeLastName(call.expression);
  if (name && (isContainmentHelperName(name, containmentHelpers) || neutralisingCalls.includes(name))) return true;
  // `title.replace(/[^a-z0-9]+/g, '_')`: letters, digits, `_` and `-` left, no separator and no dot.
  if (keepsOnlySafeCharacters(call, { dots: false })) return true;
  const origin = facts.originOf(call.expression);
  if (!origin || origin.module === 'globalThis') return false;
  return moduleMatcher(containmentModules)(origin.module) || facts.classifier.matches(pathContainment, origin);
}

const mentionsDotDot = (node: ts.Node | undefined): boolean => node !== undefined && /\.\.|\\\.\\\./.test(node.getText());

/**
 * `x.startsWith(root)` / `rel.startsWith('..')` / `x.includes('..')` / `ALLOWED.has(x)` deciding a guard,
 * or `x.replace(/^(\.\.[/\\])+/, '')` stripping parent segments, where x is the value.
 */
function isGuardingCheck(call: ts.CallExpression, facts: FileFacts, reads: (node: ts.Node) => boolean, isAllowList?: (list: ts.Expression) => boolean): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  const receiverReads = reads(callee.expression);
  const [first] = call.arguments;
  if (STRIPPING_CALLS.has(method)) return receiverReads && mentionsDotDot(first);
  if (!isGuard(call, facts)) return false;
  // startsWith('/') or startsWith('~') tells what kind of path it is; only a root variable bounds it.
  if (ROOT_CHECKS.has(method) && receiverReads && call.arguments.some((arg) => !ts.isStringLiteralLike(unwrap(arg)) || mentionsDotDot(arg))) return true;
  const pattern = method === 'test' ? callee.expression : first;
  if (TRAVERSAL_CHECKS.has(method) && mentionsDotDot(pattern)) return receiverReads || call.arguments.some(reads);
  // The trace counts a method's receiver as carrying the value, so an allow-list is told apart by its own origin.
  return LIST_CHECKS.has(method) && isAllowList !== undefined && isAllowList(callee.expression) && call.arguments.some(reads);
}

/**
 * A helper imported from another file of the project whose name speaks of paths or roots
 * (resolvePath, toWorkspacePath…): its body is out of sight, so it may well contain the path.
 */
function isOpaqueProjectHelper(call: ts.CallExpression, facts: FileFacts): boolean {
  const callee = unwrap(call.expression);
  const name = calleeLastName(callee);
  const root = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee;
  if (!name || !ts.isIdentifier(root)) return false;
  const decl = facts.resolve(root.text, root);
  if (decl?.kind !== 'import' || !decl.importFrom?.module.startsWith('.')) return false;
  const lower = name.toLowerCase();
  return facts.classifier.filesystem.projectHelperWords.some((word) => lower.includes(word.toLowerCase()));
}

/** Does a same-file helper check paths against a root at all (a startsWith or `..` guard, a safePath call)? */
function helperContains(fn: FunctionLike, facts: FileFacts): boolean {
  const calls = nodesWithin(facts.index.calls, fn);
  const anything = (): boolean => true;
  return calls.some((call) => isContainmentCall(call, facts) || isGuardingCheck(call, facts, anything));
}

/** `path` in `path.basename(x)`: a name bound by an import, not a value. */
function isModuleBinding(expr: ts.Expression, facts: FileFacts): boolean {
  const node = unwrap(expr);
  return ts.isIdentifier(node) && facts.resolve(node.text, node)?.kind === 'import';
}

/** Calls whose result this many levels out still counts as the call's own (`join(root, basename(x))`). */
const RESULT_HOPS = 3;

/**
 * Does the call bound the value the sink gets? Its result is part of what reaches the sink or is kept in a
 * variable the path passes through, it decides a guard, or it is dropped (an assert-style helper throws).
 * `const name = path.basename(abs)` beside `readFile(abs)`, or a result handed on and returned, bounds nothing.
 */
function feedsThePath(expr: ts.Expression, step: FlowStep, facts: FileFacts, hops = 0): boolean {
  if (contains(step.target, expr) || isGuard(expr, facts)) return true;
  const destination = destinationOf(expr, facts);
  switch (destination.kind) {
    case 'binding':
      return destination.declarations.some((decl) => step.flow.via.has(decl));
    case 'returned':
      return false;
    case 'argument':
      return hops < RESULT_HOPS && feedsThePath(destination.call, step, facts, hops + 1);
    case 'member':
      return hops < RESULT_HOPS && feedsThePath(destination.value, step, facts, hops + 1);
    default:
      return true;
  }
}

/**
 * Is the model-chosen path contained within this step's function: resolved under a root and checked
 * (`startsWith`, `relative` + `..`), reduced to its basename, checked against an allow-list, or passed
 * through a containment helper (by name, by library, or a same-file helper that checks a root)? Only on
 * the way the value takes to the sink: a check in a branch that returns first, or after the sink, bounds nothing.
 */
export function isPathContained(step: FlowStep, facts: FileFacts): boolean {
  const reads = (node: ts.Node): boolean => mentionsValue(node, step, facts);
  const isAllowList = (list: ts.Expression): boolean => !untrustedFlowsInto(list, facts).some((flow) => flow.kind === 'tool-input');
  for (const call of facts.index.calls) {
    if (!contains(step.scope, call) || !mayRunBefore(call, step.target)) continue;
    const callee = unwrap(call.expression);
    // A guard decides by itself; a stripped copy bounds only what is made of it.
    const strips = ts.isPropertyAccessExpression(callee) && STRIPPING_CALLS.has(callee.name.text);
    if (isGuardingCheck(call, facts, reads, isAllowList) && (!strips || feedsThePath(call, step, facts))) return true;
    // `createHash('sha1').update(name).digest('hex')`: the value reaches the hash through the receiver
    // (not `path.basename(x)`, whose receiver is the module the trace passed on the way to `path.resolve`).
    if (ts.isPropertyAccessExpression(callee) && !isModuleBinding(callee.expression, facts) && reads(callee.expression) && isContainmentCall(call, facts) && feedsThePath(call, step, facts)) return true;
    if (!call.arguments.some(reads) || !feedsThePath(call, step, facts)) continue;
    if (isContainmentCall(call, facts) || isOpaqueProjectHelper(call, facts)) return true;
    const helper = facts.localFunction(call.expression);
    if (helper && isFunctionLike(helper) && helper !== step.scope && helperContains(helper, facts)) return true;
  }
  return false;
}
