import { callMemberNames } from '../../../src/catalog/matcher.js';
import { calleeLastName, contains, enclosingFunction, isFunctionLike, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';

/**
 * Does a value reach an embedding call or a vector-store write in this file? Follows it through
 * bindings, `push` into an array, `map`/`forEach` callbacks and `for…of` bodies, local helper
 * functions and one return to the callers of its function. Only what the file shows counts.
 */
const MAX_HOPS = 4;
const ITERATORS = new Set(['map', 'flatMap', 'forEach', 'filter']);
const COLLECTORS = new Set(['push', 'unshift', 'concat']);

function embeddingNames(facts: FileFacts): ReadonlySet<string> {
  return callMemberNames(facts.classifier.embeddingCalls);
}

export function isEmbeddingOrVectorWrite(call: ts.CallExpression, facts: FileFacts): boolean {
  const site = facts.callSiteOf(call);
  if (site?.entry.kind === 'vector-store' && site.operation === 'write') return true;
  const name = calleeLastName(call.expression);
  if (name === undefined || !embeddingNames(facts).has(name)) return false;
  const origin = facts.originOf(call.expression);
  return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(facts.classifier.embeddingCalls, origin);
}

/** A call in `node` embeds or writes to a vector store, directly or through a local helper function. */
function containsEmbedding(node: ts.Node, facts: FileFacts, helperDepth = 0): boolean {
  for (const call of facts.index.calls) {
    if (!contains(node, call)) continue;
    if (isEmbeddingOrVectorWrite(call, facts)) return true;
    if (helperDepth > 0) continue;
    const helper = facts.localFunction(call.expression);
    if (helper && !contains(helper, node) && containsEmbedding(helper, facts, helperDepth + 1)) return true;
  }
  return false;
}

function callbackOf(call: ts.CallExpression): FunctionLike | undefined {
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  return first && isFunctionLike(first) ? first : undefined;
}

/** Each item of a loop or callback: does it reach an embedding? A destructured item counts when its body embeds at all. */
function bindingReaches(name: ts.BindingName, body: ts.Node, facts: FileFacts, hops: number): boolean {
  if (!ts.isIdentifier(name)) return containsEmbedding(body, facts);
  const decl = facts.resolve(name.text, name);
  return !!decl && declarationReaches(decl, facts, hops);
}

function declarationReaches(decl: Declaration, facts: FileFacts, hops: number): boolean {
  return facts.references(decl).some((ref) => reaches(ref, facts, hops + 1));
}

const MAPPERS = new Set(['from', 'map', 'flatMap']);

/** A returned value reaches what its function's result reaches: local callers, or the array `Array.from`/`map` builds. */
function returnReaches(fn: FunctionLike | undefined, facts: FileFacts, hops: number): boolean {
  if (!fn) return false;
  const outer = fn.parent;
  if (outer && ts.isCallExpression(outer) && outer.arguments.some((arg) => arg === fn) && MAPPERS.has(calleeLastName(outer.expression) ?? '')) {
    return reaches(outer, facts, hops + 1);
  }
  return facts.callersOf(fn).some((call) => reaches(call, facts, hops + 1));
}

/** One step up from `child` to `parent`: true/false when decided, undefined to keep climbing. */
function step(child: ts.Node, parent: ts.Node, facts: FileFacts, hops: number): boolean | undefined {
  if (ts.isCallExpression(parent) && parent.arguments.some((arg) => arg === child)) {
    if (isEmbeddingOrVectorWrite(parent, facts)) return true;
    const helper = facts.localFunction(parent.expression);
    if (helper && containsEmbedding(helper, facts)) return true;
    const callee = unwrap(parent.expression);
    if (ts.isPropertyAccessExpression(callee) && COLLECTORS.has(callee.name.text)) {
      const target = unwrap(callee.expression);
      const decl = ts.isIdentifier(target) ? facts.resolve(target.text, target) : undefined;
      return decl ? declarationReaches(decl, facts, hops) : false;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === child && ITERATORS.has(parent.name.text)) {
    const call = parent.parent;
    const callback = call && ts.isCallExpression(call) ? callbackOf(call) : undefined;
    const item = callback?.parameters[0]?.name;
    if (item && bindingReaches(item, callback, facts, hops)) return true;
    return undefined;
  }
  if (ts.isForOfStatement(parent) && parent.expression === child) {
    const list = parent.initializer;
    const item = ts.isVariableDeclarationList(list) ? list.declarations[0]?.name : undefined;
    return item ? bindingReaches(item, parent.statement, facts, hops) : false;
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === child) {
    if (!ts.isIdentifier(parent.name)) return false;
    const decl = facts.resolve(parent.name.text, parent.name);
    return decl ? declarationReaches(decl, facts, hops) : false;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child) {
    const target = unwrap(parent.left);
    const decl = ts.isIdentifier(target) ? facts.resolve(target.text, target) : undefined;
    return decl ? declarationReaches(decl, facts, hops) : false;
  }
  if (ts.isReturnStatement(parent)) return returnReaches(enclosingFunction(parent), facts, hops);
  if (ts.isArrowFunction(parent) && parent.body === child) return returnReaches(parent, facts, hops);
  if (ts.isStatement(parent) || isFunctionLike(parent) || ts.isSourceFile(parent)) return false;
  return undefined;
}

export function reaches(expr: ts.Node, facts: FileFacts, hops = 0): boolean {
  if (hops > MAX_HOPS) return false;
  for (let child = expr, parent = expr.parent; parent; child = parent, parent = parent.parent) {
    const decided = step(child, parent, facts, hops);
    if (decided !== undefined) return decided;
  }
  return false;
}
