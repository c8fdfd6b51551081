import { calleeLastName, contains, isStringLike, rootIdentifier, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import { middlewareVerdict } from './endpoint-auth.js';
import { commonJsExport } from '../../model/syntax.js';

/** A router or app on the way from a route to the server: where the route sits on it, and under which path. */
interface Level {
  readonly app: Declaration;
  /** Middleware registered on `app` after this position does not run before the route (express, koa, hono order). */
  readonly position: number;
  readonly path: string;
}

/** What runs before a route on the apps it is registered and mounted on, when the whole chain is set up in this file. */
export interface RouteSetup {
  readonly middleware: readonly ts.Expression[];
}

const MAX_MOUNT_DEPTH = 4;

/** The value an app reference flows into: climbs `app.callback()`, `router.routes()`, `app.fetch`. */
function climb(ref: ts.Node): ts.Node {
  let node = ref;
  while (node.parent && ((ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) || (ts.isCallExpression(node.parent) && node.parent.expression === node))) node = node.parent;
  return node;
}

type Use = { kind: 'served' } | { kind: 'loopback' } | { kind: 'mounted'; call: ts.CallExpression; into: Declaration };

/** `app.listen(3000, '127.0.0.1')`, `listen({ port, host: 'localhost' })`: reachable from this machine only. */
function listensOnLoopback(call: ts.CallExpression, facts: FileFacts): boolean {
  const hosts = facts.classifier.endpointAuth.loopbackHosts;
  return call.arguments.map(unwrap).some((arg) => {
    if (isStringLike(arg)) return hosts.includes(arg.text);
    if (!ts.isObjectLiteralExpression(arg)) return false;
    const host = arg.properties.find((p) => ts.isPropertyAssignment(p) && staticName(p.name) === 'host');
    const value = host && ts.isPropertyAssignment(host) ? unwrap(host.initializer) : undefined;
    return !!value && isStringLike(value) && hosts.includes(value.text);
  });
}

/** How one reference to an app is used: served (`app.listen()`, `serve({ fetch: app.fetch })`, `handle(app)`) or mounted (`app.use('/api', router)`). */
function referenceUse(ref: ts.Identifier, facts: FileFacts): Use | undefined {
  const { serveCalls, mountCalls } = facts.classifier.endpointAuth;
  const member = ref.parent;
  if (member && ts.isPropertyAccessExpression(member) && member.expression === ref) {
    if (member.name.text === 'fetch') return { kind: 'served' };
    if (serveCalls.includes(member.name.text) && member.parent && ts.isCallExpression(member.parent) && member.parent.expression === member) return listensOnLoopback(member.parent, facts) ? { kind: 'loopback' } : { kind: 'served' };
  }
  const value = climb(ref);
  // `serve({ fetch: app.fetch, port })`, `http.createServer(app.callback())`
  let node: ts.Node = value;
  while (node.parent && (ts.isPropertyAssignment(node.parent) || ts.isObjectLiteralExpression(node.parent))) node = node.parent;
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return undefined;
  const name = calleeLastName(call.expression);
  if (name && serveCalls.includes(name)) return listensOnLoopback(call, facts) ? { kind: 'loopback' } : { kind: 'served' };
  if (!name || !mountCalls.includes(name) || node !== value) return undefined;
  const parent = rootIdentifier(call.expression);
  const into = parent && facts.resolve(parent.text, parent);
  return into && !contains(call, into.node) ? { kind: 'mounted', call, into } : undefined;
}

/** A router or app made in this file (not a parameter or an import): only then is its whole setup visible here. */
function localApp(id: ts.Identifier | undefined, facts: FileFacts): Declaration | undefined {
  const decl = id && facts.resolve(id.text, id);
  return decl && decl.kind !== 'parameter' && !decl.importFrom && decl.init ? decl : undefined;
}

/** The levels from the route's router up to a served app; undefined when the chain leaves this file. */
function levelsToServer(first: Level, facts: FileFacts): Level[] | undefined {
  const levels = [first];
  for (let depth = 0; depth < MAX_MOUNT_DEPTH; depth += 1) {
    const current = levels[levels.length - 1]!;
    const uses = facts.references(current.app).map((ref) => referenceUse(ref, facts)).filter((use): use is Use => use !== undefined);
    if (uses.some((use) => use.kind === 'served')) return levels;
    const mount = uses.find((use): use is Extract<Use, { kind: 'mounted' }> => use.kind === 'mounted');
    if (!mount) return undefined;
    const prefix = mount.call.arguments[0] && unwrap(mount.call.arguments[0]);
    const path = prefix && isStringLike(prefix) ? joinPath(prefix.text, current.path) : current.path;
    levels.push({ app: mount.into, position: mount.call.getStart(), path });
  }
  return undefined;
}

const joinPath = (prefix: string, path: string): string => `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/** `app.use('/api/*', auth)` covers `/api/chat`; a use without a path covers everything. */
function coversPath(use: ts.CallExpression, path: string): boolean {
  const first = use.arguments[0] && unwrap(use.arguments[0]);
  if (!first || !isStringLike(first)) return true;
  const prefix = first.text.replace(/\*.*$/, '').replace(/\/+$/, '');
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/** `...mw.stack` in `app.use(json(), ...mw.stack)`: the list is the middleware, whatever it holds. */
const spreadValue = (arg: ts.Expression): ts.Expression => (ts.isSpreadElement(arg) ? unwrap(arg.expression) : arg);

/**
 * Middleware registered on one level before the route: `use` calls, fastify hooks (which apply wherever
 * they are added) and plugins (`app.register(plugins)`, which may add hooks), and functions the app is
 * handed to (`configure(app)`), which may add either: each is judged as middleware by its name and origin.
 */
function levelMiddleware(level: Level, facts: FileFacts): ts.Expression[] {
  const { hookCalls, hookOptions, serveCalls } = facts.classifier.endpointAuth;
  const found: ts.Expression[] = [];
  for (const ref of facts.references(level.app)) {
    const handedTo = ref.parent && ts.isCallExpression(ref.parent) && ref.parent.arguments.includes(ref) ? ref.parent : undefined;
    if (handedTo && !serveCalls.includes(calleeLastName(handedTo.expression) ?? '')) found.push(handedTo.expression);
    const call = climbToCall(ref);
    if (!call) continue;
    const name = calleeLastName(call.expression);
    const args = call.arguments.map(unwrap).map(spreadValue);
    if (name === 'use' && call.getStart() < level.position && coversPath(call, level.path)) found.push(...args.filter((arg) => !isStringLike(arg)));
    if (name === 'register') found.push(...args.filter((arg) => !ts.isObjectLiteralExpression(arg)));
    const hook = args[0];
    if (name && hookCalls.includes(name) && hook && isStringLike(hook) && hookOptions.includes(hook.text)) found.push(...args.slice(1));
  }
  return found;
}

/** `app.use(x)`: the call whose receiver the reference is (directly, or through chained calls like `app.use(a).use(b)`). */
function climbToCall(ref: ts.Identifier): ts.CallExpression | undefined {
  const member = ref.parent;
  return member && ts.isPropertyAccessExpression(member) && member.expression === ref && member.parent && ts.isCallExpression(member.parent) && member.parent.expression === member ? member.parent : undefined;
}

/** `app.use(auth).post('/chat', h)`: middleware chained onto the receiver expression itself. */
function chainedMiddleware(receiver: ts.Expression): ts.Expression[] {
  const found: ts.Expression[] = [];
  let node = unwrap(receiver);
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) {
    if (ts.isCallExpression(node) && calleeLastName(node.expression) === 'use') found.push(...node.arguments.filter((arg) => !isStringLike(unwrap(arg))));
    node = unwrap(node.expression);
  }
  return found;
}

/**
 * The middleware in front of a router registration, or undefined when the router or app is not both
 * made and served (listen/serve/handle/fetch) in this file, directly or mounted on one that is: then
 * its middleware may be set up in another file, and the route is not judged.
 */
export function routeSetup(registration: ts.CallExpression, path: string, facts: FileFacts): RouteSetup | undefined {
  const callee = unwrap(registration.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const app = localApp(rootIdentifier(callee.expression), facts);
  if (!app) return undefined;
  const levels = levelsToServer({ app, position: registration.getStart(), path }, facts);
  if (!levels) return undefined;
  const mountArguments = levels.slice(1).flatMap((level, i) => mountMiddleware(level, levels[i]!, facts));
  return { middleware: [...chainedMiddleware(callee.expression), ...levels.flatMap((level) => levelMiddleware(level, facts)), ...mountArguments] };
}

/** `app.use('/api', requireAuth, router)`: the arguments of the mount call that come before the mounted router. */
function mountMiddleware(level: Level, mounted: Level, facts: FileFacts): ts.Expression[] {
  const call = facts.index.calls.find((c) => c.getStart() === level.position);
  if (!call) return [];
  const index = call.arguments.findIndex((arg) => facts.references(mounted.app).some((ref) => contains(arg, ref)));
  return call.arguments.slice(0, Math.max(index, 0)).filter((arg) => !isStringLike(unwrap(arg)));
}

/**
 * A router this file makes and hands to other files, with no chain to a server here (`export const
 * agentRouter = Router()` in routes/agent.ts): the middleware it puts in front of a route itself, and the
 * names other files import it by (its local name, and `default`/`*` when it is the module's default or
 * whole export). Whoever mounts it decides the rest (routerMounts).
 */
export function exportedRouterSetup(registration: ts.CallExpression, path: string, facts: FileFacts): (RouteSetup & { readonly names: readonly string[] }) | undefined {
  const callee = unwrap(registration.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const app = localApp(rootIdentifier(callee.expression), facts);
  if (!app || !app.isConst || levelsToServer({ app, position: registration.getStart(), path }, facts)) return undefined;
  const names = [app.name, ...(isWholeExport(app, facts) ? ['default', '*'] : [])];
  return { middleware: [...chainedMiddleware(callee.expression), ...levelMiddleware({ app, position: registration.getStart(), path }, facts)], names };
}

/** `export default router` or `module.exports = router`: the module's default or whole export is the router. */
function isWholeExport(app: Declaration, facts: FileFacts): boolean {
  return facts.references(app).some((ref) => {
    const parent = ref.parent;
    if (parent && ts.isExportAssignment(parent)) return true;
    return !!parent && ts.isBinaryExpression(parent) && parent.right === ref && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && commonJsExport(parent.left) === 'default';
  });
}

/** A router another file made, mounted here on an app this file serves: by the local name it is imported as, and whether nothing in front of it authenticates or may. */
export interface RouterMount {
  readonly local: string;
  readonly open: boolean;
}

/** An identifier bound by an import or a `require` of another module. */
function importedName(arg: ts.Expression, facts: FileFacts): string | undefined {
  const node = unwrap(arg);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl) return undefined;
  if (decl.importFrom) return node.text;
  const init = decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' ? node.text : undefined;
}

/**
 * Routers imported from other files and mounted on an app served here (`app.use('/api/agent',
 * agentRouter)` before `app.listen()`): open when every middleware in front of the mount, on the app and
 * in the mount call, is known not to authenticate (`express.json()`, `cors()`), not one that does or
 * may (a project module's `middleware`).
 */
export function routerMounts(facts: FileFacts): RouterMount[] {
  const { mountCalls } = facts.classifier.endpointAuth;
  const mounts: RouterMount[] = [];
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !mountCalls.includes(callee.name.text)) continue;
    const routerAt = call.arguments.findIndex((arg) => importedName(arg, facts) !== undefined);
    const local = routerAt >= 0 ? importedName(call.arguments[routerAt]!, facts) : undefined;
    if (local === undefined) continue;
    const app = localApp(rootIdentifier(callee.expression), facts);
    const prefix = call.arguments[0] && unwrap(call.arguments[0]);
    const path = prefix && isStringLike(prefix) ? prefix.text : '/';
    const levels = app && levelsToServer({ app, position: call.getStart(), path }, facts);
    if (!levels) continue;
    const inFront = [
      ...chainedMiddleware(callee.expression),
      ...levels.flatMap((level) => levelMiddleware(level, facts)),
      ...levels.slice(1).flatMap((level, i) => mountMiddleware(level, levels[i]!, facts)),
      ...call.arguments.slice(0, routerAt).filter((arg) => !isStringLike(unwrap(arg))),
    ];
    mounts.push({ local, open: inFront.every((middleware) => middlewareVerdict(middleware, facts) === 'none') });
  }
  return mounts;
}
