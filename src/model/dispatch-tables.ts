import { isFunctionLike, ts, unwrap, type FunctionLike } from './ast.js';
import type { Declaration } from './scope.js';

type Resolve = (name: string, at: ts.Node) => Declaration | undefined;
type LocalFunction = (callee: ts.Expression) => FunctionLike | undefined;

/** The key a table's dispatch is summarised under: `handlers.[]`, any function `handlers[key]` may be. */
export const TABLE_DISPATCH = '[]';

/** A const this file initialises with an object literal (`const handlers = { … }`), by its name at `id`. */
function tableLiteral(id: ts.Expression, resolve: Resolve): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(id);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = resolve(node.text, node);
  if (!decl || decl.kind !== 'variable' || !decl.isConst || !decl.init || decl.init.path.length > 0 || decl.importFrom) return undefined;
  const value = unwrap(decl.init.expression);
  return ts.isObjectLiteralExpression(value) ? value : undefined;
}

/** `table[key]` with a key only known at run time (not a literal), or a const holding one (`const handler = table[key]`). */
function dynamicLookup(callee: ts.Expression, resolve: Resolve): ts.ElementAccessExpression | undefined {
  let node = unwrap(callee);
  if (ts.isIdentifier(node)) {
    const decl = resolve(node.text, node);
    if (!decl || !decl.isConst || !decl.init || decl.init.path.length > 0) return undefined;
    node = unwrap(decl.init.expression);
  }
  if (!ts.isElementAccessExpression(node)) return undefined;
  const key = unwrap(node.argumentExpression);
  return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? undefined : node;
}

/** The functions an object literal holds: inline (`run: (args) => …`, `run(args) { … }`) or same-file functions it names (`{ run }`, `{ run: runCommand }`). */
function tableMembers(table: ts.ObjectLiteralExpression, localFunction: LocalFunction): FunctionLike[] {
  const found: FunctionLike[] = [];
  for (const property of table.properties) {
    if (ts.isMethodDeclaration(property)) found.push(property);
    else if (ts.isShorthandPropertyAssignment(property)) {
      const fn = localFunction(property.name);
      if (fn) found.push(fn);
    } else if (ts.isPropertyAssignment(property)) {
      const value = unwrap(property.initializer);
      const fn = isFunctionLike(value) ? value : ts.isIdentifier(value) ? localFunction(value) : undefined;
      if (fn) found.push(fn);
    }
  }
  return found;
}

/**
 * `handlers[name](args)`, or `const handler = handlers[name]; handler(args)`: a call through a table of
 * functions looked up by a key known only at run time (a tool name the model chose, a command, an event
 * type) may reach any function the table holds. The table is a const of this file initialised with an
 * object literal.
 */
export function dispatchedFunctions(callee: ts.Expression, resolve: Resolve, localFunction: LocalFunction): FunctionLike[] {
  const lookup = dynamicLookup(callee, resolve);
  const table = lookup && tableLiteral(lookup.expression, resolve);
  return table ? tableMembers(table, localFunction) : [];
}

/**
 * A run-time lookup into a table by name (`handlers[name]`, or a const holding one), for the function
 * summaries: the table's name, whichever file makes the table.
 */
export function dispatchedTableName(callee: ts.Expression, resolve: Resolve): string | undefined {
  const table = dynamicLookup(callee, resolve)?.expression;
  const node = table && unwrap(table);
  return node && ts.isIdentifier(node) ? node.text : undefined;
}

/** The consts of a file that hold a table of functions (`const handlers = { run: (args) => … }`, `{ getWeather }`), with the functions. */
export function functionTables(objectLiterals: readonly ts.ObjectLiteralExpression[], resolve: Resolve, localFunction: LocalFunction): Map<string, FunctionLike[]> {
  const tables = new Map<string, FunctionLike[]>();
  for (const literal of objectLiterals) {
    const holder = literal.parent;
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || tableLiteral(holder.name, resolve) !== literal) continue;
    const members = tableMembers(literal, localFunction);
    if (members.length > 0) tables.set(holder.name.text, members);
  }
  return tables;
}
