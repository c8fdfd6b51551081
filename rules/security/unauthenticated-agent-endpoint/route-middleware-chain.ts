import { calleeLastName, contains, isStringLike, rootIdentifier, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';

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
