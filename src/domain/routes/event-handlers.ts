import picomatch from 'picomatch';
import { calleeLastName, isFunctionLike, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { hasExportModifier } from '../../model/syntax.js';

/**
 * Request handlers that take one event argument instead of (req, res): SvelteKit `+server.ts` and
 * `load`/`actions`, Remix / React Router `loader`/`action`, Astro endpoints, h3/Nitro/Nuxt
 * `defineEventHandler`, and functions typed as such a handler. Conventions are catalog data
 * (httpRequests.conventions, handlerTypes, eventHandlerCalls).
 */
const cache = new WeakMap<FileFacts, ReadonlySet<FunctionLike>>();
const globCache = new Map<string, (path: string) => boolean>();

function matchesGlobs(path: string, globs: readonly string[]): boolean {
  const key = globs.join('\0');
  let matcher = globCache.get(key);
  if (!matcher) globCache.set(key, (matcher = picomatch([...globs], { dot: true })));
  return matcher(path);
}

const typeNameOf = (type: ts.TypeNode | undefined): string | undefined => {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
};

/** The handler functions an exported value holds: a function, or an object of functions (SvelteKit `actions`). */
function handlersIn(expr: ts.Expression | undefined): FunctionLike[] {
  let node = expr && unwrap(expr);
  while (node && ts.isSatisfiesExpression(node)) node = unwrap(node.expression);
  if (!node) return [];
  if (isFunctionLike(node)) return [node];
  if (!ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((p) => (ts.isMethodDeclaration(p) ? [p] : ts.isPropertyAssignment(p) ? handlersIn(p.initializer).filter(isFunctionLike) : []));
}

function conventionHandlers(facts: FileFacts, found: Set<FunctionLike>): void {
  const exportsHere = new Set(facts.classifier.httpRequests.conventions.filter((c) => matchesGlobs(facts.path, c.globs)).flatMap((c) => c.exports));
  if (exportsHere.size === 0) return;
  for (const statement of facts.sourceFile.statements) {
    if (!hasExportModifier(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name && exportsHere.has(statement.name.text)) found.add(statement);
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && exportsHere.has(decl.name.text)) for (const fn of handlersIn(decl.initializer)) found.add(fn);
    }
  }
}

/** `export const POST: RequestHandler = async (event) => …`, `… satisfies PageServerLoad`. */
function typedHandlers(facts: FileFacts, found: Set<FunctionLike>): void {
  const types = facts.classifier.httpRequests.handlerTypes;
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer && unwrap(decl.initializer);
      const declared = typeNameOf(decl.type) ?? (init && ts.isSatisfiesExpression(init) ? typeNameOf(init.type) : undefined);
      if (declared !== undefined && types.includes(declared)) for (const fn of handlersIn(decl.initializer)) found.add(fn);
    }
  }
}

/** `defineEventHandler(async (event) => …)` and `defineEventHandler({ handler })`. */
function wrappedHandlers(facts: FileFacts, found: Set<FunctionLike>): void {
  const calls = facts.classifier.httpRequests.eventHandlerCalls;
  const names = new Set(calls.flatMap((c) => c.calls));
  for (const call of facts.index.calls) {
    const name = calleeLastName(call.expression);
    if (!name || !names.has(name)) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || !facts.classifier.matches(calls, origin)) continue;
    for (const arg of call.arguments) {
      const node = unwrap(arg);
      if (isFunctionLike(node)) found.add(node);
      else if (ts.isObjectLiteralExpression(node)) {
        const handler = node.properties.find((p) => staticName(p.name) === 'handler');
        if (handler && ts.isMethodDeclaration(handler)) found.add(handler);
        else if (handler && ts.isPropertyAssignment(handler)) for (const fn of handlersIn(handler.initializer)) found.add(fn);
      }
    }
  }
}

/** The functions in this file that handle requests given as an event. */
export function eventHandlerFunctions(facts: FileFacts): ReadonlySet<FunctionLike> {
  let found = cache.get(facts);
  if (!found) {
    const set = new Set<FunctionLike>();
    conventionHandlers(facts, set);
    typedHandlers(facts, set);
    wrappedHandlers(facts, set);
    cache.set(facts, (found = set));
  }
  return found;
}

/** The event parameter of a handler: typed as a catalog event, or the first parameter of an event handler. */
export function isEventParameter(param: ts.ParameterDeclaration, facts: FileFacts): boolean {
  const fn = param.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== param) return false;
  const name = typeNameOf(param.type);
  if (name !== undefined && facts.classifier.httpRequests.eventTypes.includes(name)) return true;
  return eventHandlerFunctions(facts).has(fn);
}

/** `readBody(event)`, `getQuery(event)`: an h3 reader of what the client sent. */
export function isEventReaderCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const readers = facts.classifier.httpRequests.eventReaders;
  const name = calleeLastName(call.expression);
  if (!name || !readers.some((r) => r.calls.includes(name))) return false;
  const origin = facts.originOf(call.expression);
  return !!origin && facts.classifier.matches(readers, origin);
}
