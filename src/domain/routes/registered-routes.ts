import { calleeLastName, isFunctionLike, isStringLike, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import { lastSegment, pathMatchesAnyGlob, pathMatches } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { EndpointAuthCatalog } from '../../catalog/types.js';
import { reachesInFile } from '../../model/reaches.js';
import { hasExportModifier, leadingDirectives, propertyValue } from '../../model/syntax.js';
import { conventionHandlers } from './event-handlers.js';

/** An HTTP route handler found in a file: a router registration or a Next.js route module export. */
export interface RouteHandler {
  /** Where a finding points: the registration call, or the exported handler. */
  readonly node: ts.Node;
  readonly framework: string;
  readonly method: string;
  readonly route: string;
  readonly handler: FunctionLike | undefined;
  /** What runs before the handler in its own chain: middleware arguments, fastify hooks, wrapper calls. */
  readonly chain: readonly ts.Expression[];
  /** Router registrations: the call, whose receiver decides whether the app is set up in this file. */
  readonly registration?: ts.CallExpression;
  /** Next.js route handlers and pages API routes are entry points of their own (only middleware.ts sits in front). */
  readonly kind: 'router' | 'next' | 'file';
  /** Next.js route handlers: the request path the file serves (a server action has none of its own). */
  readonly path?: string;
  /** File-convention routes (SvelteKit, Remix, Astro, Nuxt): the framework's files that run before every route. */
  readonly middlewareFiles?: readonly string[];
}

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Router methods that add middleware rather than a route. */
const NON_ROUTE_METHODS = new Set(['use']);

function handlerFunction(expr: ts.Expression | undefined, facts: FileFacts): FunctionLike | undefined {
  const node = expr && unwrap(expr);
  if (!node) return undefined;
  if (isFunctionLike(node)) return node;
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) ? facts.localFunction(node) : undefined;
}

/** `{ preHandler: [auth], onRequest: verify }`: the hook values of fastify route options. */
function hookValues(obj: ts.ObjectLiteralExpression, facts: FileFacts): ts.Expression[] {
  const keys = facts.classifier.endpointAuth.hookOptions;
  return obj.properties.flatMap((p) => (ts.isPropertyAssignment(p) && keys.includes(staticName(p.name) ?? '') ? [p.initializer] : ts.isShorthandPropertyAssignment(p) && keys.includes(p.name.text) ? [p.name] : []));
}

/** fastify's `app.route({ method, url, preHandler, handler })`. */
function routeObject(call: ts.CallExpression, framework: string, facts: FileFacts): RouteHandler | undefined {
  const options = call.arguments[0] && unwrap(call.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const url = propertyValue(options, 'url') ?? propertyValue(options, 'path');
  const method = propertyValue(options, 'method');
  return {
    node: call,
    framework,
    method: method && isStringLike(unwrap(method)) ? (unwrap(method) as ts.StringLiteral).text.toUpperCase() : 'ROUTE',
    route: url && isStringLike(unwrap(url)) ? (unwrap(url) as ts.StringLiteral).text : '?',
    handler: handlerFunction(propertyValue(options, 'handler'), facts),
    chain: hookValues(options, facts),
    registration: call,
    kind: 'router',
  };
}

/** `app.post('/chat', auth, limit, handler)`, hono's `app.on('POST', '/chat', handler)`, fastify's options argument. */
function registration(call: ts.CallExpression, facts: FileFacts): RouteHandler | undefined {
  const method = calleeLastName(call.expression);
  if (!method || NON_ROUTE_METHODS.has(method) || !ts.isPropertyAccessExpression(unwrap(call.expression))) return undefined;
  const { httpServers } = facts.classifier.agents;
  if (!httpServers.some((server) => server.calls.includes(method))) return undefined;
  const origin = facts.originOf(call.expression);
  if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(httpServers, origin)) return undefined;
  if (method === 'route') return routeObject(call, origin.module, facts);
  const args = call.arguments.map(unwrap);
  const paths = args.findIndex((arg) => !isStringLike(arg));
  const first = args[0];
  if (paths < 1 || !first || !isStringLike(first)) return undefined;
  const route = (args[paths - 1] as ts.StringLiteral).text;
  const rest = args.slice(paths);
  const last = rest[rest.length - 1];
  const chain = rest.slice(0, -1).flatMap((arg) => (ts.isObjectLiteralExpression(arg) ? hookValues(arg, facts) : ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg]));
  return { node: call, framework: origin.module, method: method === 'on' ? first.text.toUpperCase() : method.toUpperCase(), route, handler: handlerFunction(last, facts), chain, registration: call, kind: 'router' };
}

const isDefaultExport = (node: ts.Node): boolean => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

/** `withAuth(async (req) => …)`: the wrapper callee joins the chain, the wrapped function is the handler. */
function unwrapHandler(expr: ts.Expression, facts: FileFacts): { handler: FunctionLike | undefined; chain: ts.Expression[] } {
  const node = unwrap(expr);
  if (!ts.isCallExpression(node)) return { handler: handlerFunction(node, facts), chain: [] };
  const inner = node.arguments.map((arg) => unwrapHandler(arg, facts)).find((found) => found.handler);
  return { handler: inner?.handler, chain: [node.expression, ...(inner?.chain ?? [])] };
}

/** `handler(req: NextApiRequest, res)`: a pages API handler wherever the file sits. */
function takesNextApiRequest(expr: ts.Node, facts: FileFacts): boolean {
  const fn = isFunctionLike(expr) ? expr : ts.isExpression(expr) ? unwrapHandler(expr, facts).handler : undefined;
  const type = fn?.parameters[0]?.type;
  return !!type && ts.isTypeReferenceNode(type) && facts.classifier.endpointAuth.nextApiRequestTypes.includes(lastSegment(type.typeName.getText(facts.sourceFile)));
}

/** The route a Next.js file serves: app/api/chat/route.ts → /api/chat, pages/api/ask.ts → /api/ask. */
const nextRoute = (path: string): string => `/${path.replace(/^(?:.*\/)?(?:app|pages)\//, '').replace(/(?:^|\/)route\.[^/]+$|\.[^/.]+$/, '')}`;

/** `export async function POST(req)` / `export const POST = …` in a route.ts; the default export of a pages API route. */
function nextHandlers(facts: FileFacts): RouteHandler[] {
  const { nextRouteFiles, nextPagesApiFiles } = facts.classifier.endpointAuth;
  const appRoute = pathMatchesAnyGlob(facts.path, nextRouteFiles);
  const pagesApi = !appRoute && pathMatchesAnyGlob(facts.path, nextPagesApiFiles);
  const found: RouteHandler[] = [];
  const add = (node: ts.Node, method: string, expr: ts.Expression | FunctionLike): void => {
    const { handler, chain } = isFunctionLike(expr) ? { handler: expr, chain: [] } : unwrapHandler(expr, facts);
    const route = nextRoute(facts.path);
    found.push({ node, framework: 'next', method, route, path: route, handler, chain, kind: 'next' });
  };
  const isPagesHandler = (expr: ts.Node): boolean => !appRoute && (pagesApi || takesNextApiRequest(expr, facts));
  for (const statement of facts.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement)) {
      const name = statement.name?.text ?? '';
      if (appRoute && HTTP_METHODS.has(name)) add(statement, name, statement);
      else if (isDefaultExport(statement) && isPagesHandler(statement)) add(statement, 'ANY', statement);
    } else if (appRoute && ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && HTTP_METHODS.has(decl.name.text) && decl.initializer) add(statement, decl.name.text, decl.initializer);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && isPagesHandler(statement.expression)) {
      add(statement, 'ANY', statement.expression);
    }
  }
  return found;
}

const EVENT_METHODS: Readonly<Record<string, string>> = { load: 'GET', loader: 'GET', actions: 'POST', action: 'POST', default: 'ANY', fallback: 'ANY', ALL: 'ANY' };

/** The route a convention file serves: src/routes/api/chat/+server.ts → /api/chat, server/api/ask.post.ts → /api/ask.post. */
const fileRoute = (path: string): string => `/${path.replace(/^(?:.*\/)?(?:src\/routes|src\/pages|app\/routes|server\/routes|server)\//, '').replace(/(?:^|\/)\+[^/]+$|\.[^/.]+$/, '')}`;

/** SvelteKit, Remix, Astro and Nuxt handlers exported under the framework's file conventions. */
function conventionRoutes(facts: FileFacts): RouteHandler[] {
  return conventionHandlers(facts).map((found) => ({
    node: found.node,
    framework: found.framework,
    method: EVENT_METHODS[found.exportName] ?? found.exportName,
    route: fileRoute(facts.path),
    handler: found.handler,
    chain: [],
    kind: 'file',
    middlewareFiles: found.middlewareFiles,
  }));
}

/** Route handlers of express, fastify, hono and koa routers (agents.httpServers), Next.js route modules and file-convention routes. */
export function httpRoutes(facts: FileFacts): RouteHandler[] {
  return [...routerRoutes(facts), ...nextHandlers(facts), ...conventionRoutes(facts)];
}

/** Routes registered on a router object (`app.post('/chat', …)`, fastify's `app.route({ url })`). */
export function routerRoutes(facts: FileFacts): RouteHandler[] {
  return facts.index.calls.map((call) => registration(call, facts)).filter((route): route is RouteHandler => route !== undefined);
}

const USE_SERVER = 'use server';

const isAsync = (fn: FunctionLike): boolean => !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);

/** The exported async functions of a `'use server'` file: `export async function f`, `export const f = async () => …`. */
function exportedAsyncFunctions(statements: readonly ts.Statement[]): { node: ts.Statement; name: string; fn: FunctionLike }[] {
  const found: { node: ts.Statement; name: string; fn: FunctionLike }[] = [];
  for (const statement of statements) {
    if (!hasExportModifier(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.body && isAsync(statement)) found.push({ node: statement, name: statement.name?.text ?? 'default', fn: statement });
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer && unwrap(decl.initializer);
      if (init && isFunctionLike(init) && ts.isIdentifier(decl.name) && isAsync(init)) found.push({ node: statement, name: decl.name.text, fn: init });
    }
  }
  return found;
}

/**
 * Next.js server actions: the exported async functions of a `'use server'` file, and functions whose
 * body starts with `'use server'`. Each is a POST endpoint that anyone who can load the app can call
 * directly, whatever page shows the form that uses it.
 */
export function serverActions(facts: FileFacts): RouteHandler[] {
  const action = (node: ts.Node, name: string, handler: FunctionLike): RouteHandler => ({ node, framework: 'next', method: 'POST', route: `server action ${name}`, handler, chain: [], kind: 'next' });
  const exported = leadingDirectives(facts.sourceFile.statements).includes(USE_SERVER) ? exportedAsyncFunctions(facts.sourceFile.statements) : [];
  const found = exported.map(({ node, name, fn }) => action(node, name, fn));
  const seen = new Set(exported.map(({ fn }) => fn));
  for (const fn of facts.index.functions) {
    if (seen.has(fn) || !fn.body || !ts.isBlock(fn.body) || !leadingDirectives(fn.body.statements).includes(USE_SERVER)) continue;
    const name = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : 'inline';
    found.push(action(fn, name, fn));
  }
  return found;
}

const runNames = new WeakMap<EndpointAuthCatalog['agentRuns'], ReadonlySet<string>>();

/** The method names agent runs end in (`invoke`, `run`): asked of every call of every function, so a set per catalog. */
function agentRunNames(agentRuns: EndpointAuthCatalog['agentRuns']): ReadonlySet<string> {
  let names = runNames.get(agentRuns);
  if (!names) runNames.set(agentRuns, (names = new Set(agentRuns.flatMap((run) => run.calls.map(lastSegment)))));
  return names;
}

/** Does a call run the agent: an LLM generation (not an embedding) or a catalog agent run (`run(agent, …)`, `graph.invoke`)? */
export function isAgentCall(node: ts.Node, facts: FileFacts): boolean {
  if (!ts.isCallExpression(node)) return false;
  const site = facts.callSiteOf(node);
  if (site) return site.entry.kind === 'llm' && !facts.classifier.memory.nonTextModelCalls.some((pattern) => pathMatches(site.origin.path, pattern));
  const { agentRuns } = facts.classifier.endpointAuth;
  const name = calleeLastName(node.expression);
  if (!name || !agentRunNames(agentRuns).has(name)) return false;
  const origin = facts.originOf(node.expression);
  return !!origin && facts.classifier.matches(agentRuns, origin);
}

/** Does the handler (or a same-file helper it calls) run the agent? */
export function drivesAgent(route: RouteHandler, facts: FileFacts): boolean {
  return reachesInFile(route.handler, facts, (node) => isAgentCall(node, facts));
}
