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

/** `export default defineEventHandler(fn)`: the function a wrapper call is given. */
function wrappedFunctions(expr: ts.Expression): FunctionLike[] {
  const node = unwrap(expr);
  if (!ts.isCallExpression(node)) return handlersIn(node);
  return node.arguments.flatMap((arg) => {
    const inner = unwrap(arg);
    if (isFunctionLike(inner)) return [inner];
    if (!ts.isObjectLiteralExpression(inner)) return [];
    const handler = inner.properties.find((p) => staticName(p.name) === 'handler');
    return handler && ts.isMethodDeclaration(handler) ? [handler] : handler && ts.isPropertyAssignment(handler) ? handlersIn(handler.initializer) : [];
  });
}

/** A request handler exported under a framework's file convention, with the export that names it. */
export interface ConventionHandler {
  readonly exportName: string;
  readonly node: ts.Node;
  readonly handler: FunctionLike;
  readonly framework: string;
  readonly middlewareFiles: readonly string[];
}

const conventionCache = new WeakMap<FileFacts, readonly ConventionHandler[]>();

/** The handlers this file exports under the catalog's file conventions (SvelteKit, Remix, Astro, Nuxt). */
export function conventionHandlers(facts: FileFacts): readonly ConventionHandler[] {
  const cached = conventionCache.get(facts);
  if (cached) return cached;
  const found: ConventionHandler[] = [];
  for (const convention of facts.classifier.httpRequests.conventions) {
    if (!matchesGlobs(facts.path, convention.globs)) continue;
    const wanted = new Set(convention.exports);
    const add = (exportName: string, node: ts.Node, handlers: readonly FunctionLike[]): void => {
      for (const handler of handlers) found.push({ exportName, node, handler, framework: convention.framework, middlewareFiles: convention.middlewareFiles ?? [] });
    };
    for (const statement of facts.sourceFile.statements) {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals && wanted.has('default')) add('default', statement, wrappedFunctions(statement.expression));
      if (!hasExportModifier(statement)) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name && wanted.has(statement.name.text)) add(statement.name.text, statement, [statement]);
      if (!ts.isVariableStatement(statement)) continue;
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && wanted.has(decl.name.text) && decl.initializer) add(decl.name.text, statement, handlersIn(decl.initializer));
      }
    }
  }
  conventionCache.set(facts, found);
  return found;
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
    for (const found of conventionHandlers(facts)) set.add(found.handler);
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
