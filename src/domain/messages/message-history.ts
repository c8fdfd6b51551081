import { assignmentGuard, calleeLastName, contains, enclosingFunction, isRelational, staticName, ts, unwrap, valueCarrier, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { callsOneOf, feedsLlmCall, hasMessageArrayType, isMessageValue } from './message-shape.js';
import { isOpenEndedConversationLoop, isRepeatedCallback, runsOnce } from './repetition.js';
import type { Declaration } from '../../model/scope.js';
import { camelWords } from '../../model/name-words.js';
import { returnedExpressions } from '../../model/value-flow.js';
import { savedBackToStore } from './stored-round-trip.js';

/**
 * An array that outlives one turn and keeps growing: a module-level variable, a class field, a local
 * captured by a callback that runs per event, a local appended to on every pass of an open-ended loop,
 * or a local read from a key-value store and written back under the same key.
 */
export interface GrowingHistory {
  readonly name: string;
  readonly lifetime: 'module' | 'field' | 'closure' | 'loop' | 'session' | 'stored';
  /** First append that happens on a repeated path: where the finding points. */
  readonly growth: ts.Node;
  /** Is it a conversation (message-shaped appends, a message type, or it feeds an LLM call)? */
  readonly isConversation: boolean;
  /** Is there a trim, window, reset, length check or summary on the path that matters? */
  readonly bounded: boolean;
}

type Holder =
  | { readonly kind: 'binding'; readonly decl: Declaration; readonly name: string }
  | { readonly kind: 'field'; readonly cls: ts.ClassLikeDeclaration; readonly name: string }
  /** `histories[sessionId]`, `sessions.get(id)`: one entry of a long-lived per-session container. */
  | { readonly kind: 'entry'; readonly fn: FunctionLike; readonly name: string; readonly store: 'module' | 'field' };

const GROW_METHODS = new Set(['push', 'unshift']);
const TRIM_METHODS = new Set(['splice', 'shift']);

/** The class whose `this` a node sees: arrow functions keep it, function declarations and expressions rebind it. */
function classOfThis(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** A module-level variable or a class field: a container that outlives every call. */
function longLivedKind(expr: ts.Expression, file: FileFacts): 'module' | 'field' | undefined {
  const node = unwrap(expr);
  if (ts.isIdentifier(node)) {
    const decl = file.resolve(node.text, node);
    return decl?.kind === 'variable' && ts.isVariableDeclaration(decl.node) && !enclosingFunction(decl.node) ? 'module' : undefined;
  }
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && classOfThis(node) !== undefined ? 'field' : undefined;
}

/**
 * `store[key]`, `store.get(key)` (with `?? []` or `|| []`) where `store` is long-lived: the kind of `store`.
 * Also a call of a same-file helper whose every return is one (`getHistory(id)` returning `histories.get(id)!`).
 */
function sessionStoreKind(expr: ts.Expression, file: FileFacts, throughHelper = true): 'module' | 'field' | undefined {
  let node = unwrap(expr);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) node = unwrap(node.left);
  if (ts.isElementAccessExpression(node)) return ts.isNumericLiteral(node.argumentExpression) ? undefined : longLivedKind(node.expression, file);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'get' && node.arguments.length === 1) return longLivedKind(node.expression.expression, file);
  const helper = throughHelper && ts.isCallExpression(node) ? file.localFunction(node.expression) : undefined;
  if (!helper) return undefined;
  const kinds = new Set(returnedExpressions(helper).map((returned) => sessionStoreKind(returned, file, false)));
  const [kind] = kinds;
  return kinds.size === 1 ? kind : undefined;
}

function holderOf(receiver: ts.Expression, file: FileFacts): Holder | undefined {
  const node = unwrap(receiver);
  const fn = enclosingFunction(node);
  const store = fn ? sessionStoreKind(node, file) : undefined;
  if (fn && store) return { kind: 'entry', fn, name: node.getText(), store };
  if (ts.isIdentifier(node)) {
    const decl = file.resolve(node.text, node);
    return decl?.kind === 'variable' && ts.isVariableDeclaration(decl.node) ? { kind: 'binding', decl, name: node.text } : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = classOfThis(node);
    return cls ? { kind: 'field', cls, name: node.name.text } : undefined;
  }
  return undefined;
}

/** Every read of the holder: identifiers of a binding, `this.name` accesses of a field. */
function accessesOf(holder: Holder, file: FileFacts): readonly ts.Expression[] {
  if (holder.kind === 'binding') return file.references(holder.decl);
  const found: ts.Expression[] = [];
  const matches = holder.kind === 'field'
    ? (node: ts.Node): boolean => ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === holder.name
    : (node: ts.Node): boolean => (ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.getText() === holder.name;
  const visit = (node: ts.Node): void => {
    if (matches(node)) found.push(valueCarrier(node as ts.Expression));
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(holder.kind === 'field' ? holder.cls : holder.fn, visit);
  return found;
}

function sameTarget(a: ts.Expression, b: ts.Expression): boolean {
  return unwrap(a).getText() === unwrap(b).getText();
}

/** `x = [...x, m]` and `x = x.concat(m)`: appends written as a reassignment. */
export function isAppendAssignment(left: ts.Expression, right: ts.Expression): boolean {
  const value = unwrap(right);
  if (ts.isArrayLiteralExpression(value)) {
    const first = value.elements[0];
    return first !== undefined && ts.isSpreadElement(first) && sameTarget(first.expression, left);
  }
  return ts.isCallExpression(value) && calleeLastName(value.expression) === 'concat' && ts.isPropertyAccessExpression(value.expression) && sameTarget(value.expression.expression, left);
}

function isBoundingCall(call: ts.CallExpression, file: FileFacts): boolean {
  if (callsOneOf(file, file.classifier.history.trimmers, call.expression)) return true;
  const name = calleeLastName(call.expression);
  const words = file.classifier.history.boundingWords;
  return name !== undefined && camelWords(name).some((word) => words.includes(word));
}

/** `if (!store[id]) store[id] = [];`, `if (!sessions.has(id)) …`: creating the array, not resetting it. */
function isInitIfMissing(assignment: ts.BinaryExpression): boolean {
  const guard = assignmentGuard(assignment);
  if (!guard) return false;
  const { condition, target } = guard;
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) return true;
  return ts.isBinaryExpression(condition) && condition.left.getText() === target && /^(undefined|null)$/.test(condition.right.getText());
}

function isNonNegativeLiteral(expr: ts.Expression | undefined): boolean {
  return expr !== undefined && ts.isNumericLiteral(unwrap(expr));
}

function isNegativeLiteral(expr: ts.Expression | undefined): boolean {
  const node = expr && unwrap(expr);
  return node !== undefined && ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand);
}

/**
 * `slice(-20)`, `slice(len - 20)`, `slice(0, MAX)`: a window. `slice()`, `slice(1)` (skip the system
 * prompt) and `slice(0, -1)` / `slice(0, len - 1)` (drop the last) copy nearly everything.
 */
function isWindowSlice(call: ts.CallExpression): boolean {
  const [start, end] = call.arguments;
  if (!start) return false;
  if (!end) return !isNonNegativeLiteral(start);
  return !isNegativeLiteral(end) && !/\.length\b/.test(end.getText());
}

/** `history.length > 0`, `history.length < 1`: is it empty, not is it too long. */
function isEmptinessCheck(comparison: ts.BinaryExpression): boolean {
  return [comparison.left, comparison.right].some((side) => ts.isNumericLiteral(side) && Number(side.text) <= 1);
}

type Use = { readonly kind: 'grow'; readonly node: ts.Node; readonly values: readonly ts.Expression[] } | { readonly kind: 'bound' | 'reset' | 'other' };

/** What one access does to the array. */
function useOf(access: ts.Expression, file: FileFacts): Use {
  const parent = access.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === access) {
    const method = parent.name.text;
    const call = ts.isCallExpression(parent.parent) && parent.parent.expression === parent ? parent.parent : undefined;
    if (call && GROW_METHODS.has(method)) return { kind: 'grow', node: call, values: call.arguments };
    if (call && TRIM_METHODS.has(method)) return { kind: 'bound' };
    if (call && method === 'slice') return isWindowSlice(call) ? { kind: 'bound' } : { kind: 'other' };
    if (method === 'length') {
      const use = parent.parent;
      if (ts.isBinaryExpression(use) && ((isRelational(use) && !isEmptinessCheck(use)) || (use.operatorToken.kind === ts.SyntaxKind.EqualsToken && use.left === parent))) return { kind: 'bound' };
    }
    return { kind: 'other' };
  }
  if (ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (isAppendAssignment(access, parent.right)) {
      const value = unwrap(parent.right);
      const values = ts.isArrayLiteralExpression(value) ? value.elements.slice(1) : (value as ts.CallExpression).arguments;
      return { kind: 'grow', node: parent, values };
    }
    return isInitIfMissing(parent) ? { kind: 'other' } : { kind: 'reset' };
  }
  for (let node: ts.Node = access, up = parent; up; node = up, up = up.parent) {
    if (ts.isSpreadElement(up) || ts.isArrayLiteralExpression(up) || ts.isParenthesizedExpression(up) || ts.isAwaitExpression(up) || ts.isAsExpression(up)) continue;
    return ts.isCallExpression(up) && up.arguments.includes(node as ts.Expression) && isBoundingCall(up, file) ? { kind: 'bound' } : { kind: 'other' };
  }
  return { kind: 'other' };
}

function declaredAsMessages(holder: Holder, file: FileFacts): boolean {
  if (holder.kind === 'entry') return false;
  if (holder.kind === 'binding') {
    const decl = holder.decl.node as ts.VariableDeclaration;
    return hasMessageArrayType(decl.type, decl.initializer, file);
  }
  return holder.cls.members.some((m) => ts.isPropertyDeclaration(m) && staticName(m.name) === holder.name && hasMessageArrayType(m.type, m.initializer, file));
}

function isInConstructor(node: ts.Node): boolean {
  for (let current = node.parent; current && !ts.isClassLike(current); current = current.parent) {
    if (ts.isConstructorDeclaration(current)) return true;
  }
  return false;
}

interface Lifetime {
  readonly lifetime: GrowingHistory['lifetime'];
  /**
   * Class fields and captured arrays are everywhere in framework code (message lists, stores, buffers):
   * they are judged only when the code that holds them also sends them to a model.
   */
  readonly needsModelCall?: boolean;
  /** Accesses outside this node do not bound the growth (a reset before an open loop does not cap it). */
  readonly boundScope?: ts.Node;
}

/** Does this append happen repeatedly on an array that survives between repetitions? */
function lifetimeOf(holder: Holder, growth: ts.Node, file: FileFacts): Lifetime | undefined {
  if (holder.kind === 'field') return isInConstructor(growth) || !enclosingFunction(growth) ? undefined : { lifetime: 'field', needsModelCall: true };
  if (holder.kind === 'entry') return { lifetime: 'session', needsModelCall: holder.store === 'field' };
  const declScope = enclosingFunction(holder.decl.node);
  const growthFn = enclosingFunction(growth);
  if (!declScope && growthFn && !runsOnce(growthFn, file)) return { lifetime: 'module' };
  const init = (holder.decl.node as ts.VariableDeclaration).initializer;
  const store = declScope && init ? sessionStoreKind(init, file) : undefined;
  if (store) return { lifetime: 'session', needsModelCall: store === 'field' };
  // Read from a key-value store and written back under the same key: it lives as long as the key.
  if (declScope && init && savedBackToStore(holder.decl, init, declScope, file)) return { lifetime: 'stored', needsModelCall: true };
  for (let fn = growthFn; fn && fn !== declScope; fn = enclosingFunction(fn)) {
    if (isRepeatedCallback(fn, file)) return { lifetime: 'closure', needsModelCall: true };
  }
  for (const loop of file.index.loops) {
    if (!contains(loop, growth) || contains(loop, holder.decl.node) || enclosingFunction(loop) !== growthFn) continue;
    if (declScope && !contains(declScope, loop)) continue;
    if (isOpenEndedConversationLoop(loop, file)) return { lifetime: declScope ? 'loop' : 'module', boundScope: loop };
  }
  return undefined;
}

function holderKey(holder: Holder): ts.Node {
  if (holder.kind === 'binding') return holder.decl.node;
  return holder.kind === 'field' ? holder.cls : holder.fn;
}

/** Receivers of `x.push(…)`, `x.unshift(…)`, `x = [...x, …]` and `x = x.concat(…)`, in source order. */
function appendedArrays(file: FileFacts): ts.Expression[] {
  const appends: { at: ts.Node; receiver: ts.Expression }[] = [];
  for (const call of file.index.calls) {
    if (ts.isPropertyAccessExpression(call.expression) && GROW_METHODS.has(call.expression.name.text)) appends.push({ at: call, receiver: call.expression.expression });
  }
  for (const assignment of file.index.assignments) {
    if (isAppendAssignment(assignment.left, assignment.right)) appends.push({ at: assignment, receiver: assignment.left });
  }
  // Source order, outer before inner: the order one walk of the file would meet them.
  return appends.sort((a, b) => a.at.pos - b.at.pos || b.at.end - a.at.end).map((append) => append.receiver);
}

/** Arrays appended to in this file on a repeated path, with what is known about their content and bounds. */
export function growingHistories(file: FileFacts): GrowingHistory[] {
  const seen = new Map<ts.Node, Set<string>>();
  const result: GrowingHistory[] = [];
  for (const receiver of appendedArrays(file)) {
    const holder = holderOf(receiver, file);
    if (!holder) continue;
    const names = seen.get(holderKey(holder)) ?? new Set<string>();
    if (names.has(holder.name)) continue;
    names.add(holder.name);
    seen.set(holderKey(holder), names);
    const history = judge(holder, file);
    if (history) result.push(history);
  }
  return result;
}

function judge(holder: Holder, file: FileFacts): GrowingHistory | undefined {
  const accesses = accessesOf(holder, file);
  const uses = accesses.map((access) => ({ access, use: useOf(access, file) }));
  let growth: { node: ts.Node; lifetime: Lifetime } | undefined;
  for (const { use } of uses) {
    if (use.kind !== 'grow') continue;
    const lifetime = lifetimeOf(holder, use.node, file);
    if (lifetime) {
      growth = { node: use.node, lifetime };
      break;
    }
  }
  if (!growth) return undefined;
  const { lifetime, boundScope, needsModelCall } = growth.lifetime;
  const feeds = accesses.some((access) => feedsLlmCall(access, file));
  const shaped = uses.some(({ use }) => use.kind === 'grow' && use.values.some((value) => isMessageValue(ts.isSpreadElement(value) ? value.expression : value, file)));
  const isConversation = needsModelCall ? feeds : feeds || shaped || declaredAsMessages(holder, file);
  const bounded = uses.some(({ access, use }) => {
    if (boundScope && !contains(boundScope, access)) return false;
    if (use.kind === 'bound') return true;
    return use.kind === 'reset' && !(holder.kind === 'field' && isInConstructor(access));
  });
  return { name: holder.name, lifetime, growth: growth.node, isConversation, bounded };
}
