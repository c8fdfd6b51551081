import { calleeLastName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';

/**
 * Collections a file keeps in its own memory (a demo server's `const expenses = [{ … }]`, a
 * `new Map()` of drafts): a tool that only reads and changes one acts on nothing outside the process.
 */

/** Methods of arrays, maps and sets that read or change the collection they are called on. */
const COLLECTION_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'slice', 'sort', 'reverse', 'fill', 'concat', 'join', 'at',
  'find', 'findIndex', 'findLast', 'findLastIndex', 'filter', 'map', 'flatMap', 'forEach', 'some', 'every', 'includes', 'indexOf', 'reduce',
  'get', 'set', 'has', 'delete', 'clear', 'add', 'keys', 'values', 'entries',
]);

/** The methods among them that put values into the collection, with the first argument that is one (`splice(start, count, ...items)`, `set(key, value)`). */
const WRITE_METHODS = new Map([['push', 0], ['unshift', 0], ['add', 0], ['fill', 0], ['set', 1], ['splice', 2]]);

/** Globals whose results are plain values (`String(n)`, `Date.now()`). */
const VALUE_GLOBALS = new Set(['String', 'Number', 'Boolean', 'Date', 'JSON', 'Math', 'crypto']);

const KEYWORD_VALUES: ReadonlySet<ts.SyntaxKind> = new Set([ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword]);

/** How many variables a stored value is followed through (`const entry = { … }; items.push(entry)`). */
const MAX_HOPS = 2;

/**
 * `expenses.splice(i, 1)`, `drafts.find(…)`, `watchers.delete(id)`: a collection method called right on
 * a const collection the file creates from plain data and fills with data only. A call further down a
 * chain (`pools.get('main').query(…)`) reaches what the collection holds, and is not one.
 */
export function isInProcessStoreCall(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(callee) || !COLLECTION_METHODS.has(callee.name.text)) return false;
  const receiver = unwrap(callee.expression);
  if (!ts.isIdentifier(receiver)) return false;
  const decl = facts.resolve(receiver.text, receiver);
  return decl !== undefined && isInProcessStore(decl, facts);
}

/**
 * Each collection's answer, kept by its declaration (a weak key: it goes with its file). Every call on
 * one in a tool asks, for each rule that reads tools, and the answer looks at all its references.
 */
const storeAnswers = new WeakMap<Declaration, boolean>();

function isInProcessStore(decl: Declaration, facts: FileFacts): boolean {
  let answer = storeAnswers.get(decl);
  if (answer === undefined) storeAnswers.set(decl, (answer = isCollectionOfData(decl, facts)));
  return answer;
}

function isCollectionOfData(decl: Declaration, facts: FileFacts): boolean {
  if (decl.kind !== 'variable' || !decl.isConst || !decl.init || decl.init.path.length > 0) return false;
  const value = unwrap(decl.init.expression);
  const created = ts.isNewExpression(value)
    ? facts.classifier.humanApproval.inMemoryClasses.includes(calleeLastName(value.expression) ?? '') && (value.arguments ?? []).every((arg) => isData(arg, facts, MAX_HOPS))
    : (ts.isArrayLiteralExpression(value) || ts.isObjectLiteralExpression(value)) && isData(value, facts, MAX_HOPS);
  return created && !facts.references(decl).some((ref) => storesOtherThanData(ref, facts));
}

/** `pools.set('main', new Pool())`, `sockets.set(id, ws)`, `table[key] = client`: something other than data put into the collection. */
function storesOtherThanData(ref: ts.Identifier, facts: FileFacts): boolean {
  const access = ref.parent;
  if (!(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) || access.expression !== ref) return false;
  const user = access.parent;
  if (ts.isBinaryExpression(user) && user.left === access && user.operatorToken.kind === ts.SyntaxKind.EqualsToken) return !isData(user.right, facts, MAX_HOPS);
  const firstValue = ts.isPropertyAccessExpression(access) ? WRITE_METHODS.get(access.name.text) : undefined;
  if (firstValue === undefined || !ts.isCallExpression(user) || user.expression !== access) return false;
  return !user.arguments.slice(firstValue).every((arg) => isData(arg, facts, MAX_HOPS));
}

/**
 * Literals; arrays and objects of data, whose fields may also be named or computed values (`{ id:
 * randomUUID(), description }`, a record built from a tool's arguments); values computed from those; and
 * a const holding such a value. A new object, a call of anything but a value global, or a bare variable of
 * unknown origin (a client, a socket) stored whole is not data.
 */
function isData(expr: ts.Expression, facts: FileFacts, hops: number, inRecord = false): boolean {
  const value = unwrap(expr);
  if (ts.isLiteralExpression(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isTemplateExpression(value)) return true;
  if (KEYWORD_VALUES.has(value.kind)) return true;
  if (ts.isArrayLiteralExpression(value)) return value.elements.every((element) => isData(element, facts, hops, true));
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.every((p) => ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && isData(p.initializer, facts, hops, true)));
  }
  if (ts.isPrefixUnaryExpression(value)) return isData(value.operand, facts, hops, inRecord);
  if (ts.isBinaryExpression(value)) return isData(value.left, facts, hops, true) && isData(value.right, facts, hops, true);
  if (ts.isConditionalExpression(value)) return isData(value.whenTrue, facts, hops, inRecord) && isData(value.whenFalse, facts, hops, inRecord);
  // A record's field may be computed by any function (`id: randomUUID()`); a value stored whole must come from a value global.
  if (ts.isCallExpression(value)) return inRecord || VALUE_GLOBALS.has(rootOf(value.expression) ?? '');
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return inRecord;
  if (!ts.isIdentifier(value)) return false;
  const decl = facts.resolve(value.text, value);
  if (decl?.kind === 'variable' && decl.isConst && decl.init && decl.init.path.length === 0 && hops > 0 && isData(decl.init.expression, facts, hops - 1, inRecord)) return true;
  return inRecord;
}

function rootOf(expr: ts.Expression): string | undefined {
  let node = unwrap(expr);
  while (ts.isPropertyAccessExpression(node)) node = unwrap(node.expression);
  return ts.isIdentifier(node) ? node.text : undefined;
}
