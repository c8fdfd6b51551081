import { calleeLastName, isFunctionLike, isStringLike, rootIdentifier, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { reachesInFile } from '../../model/reaches.js';
import type { EndpointAuthCatalog } from '../../catalog/types.js';

/** `requireAuth`, `passport`, `verifyToken`, `currentUser`, `express-basic-auth`: a name that says it authenticates. */
export function isAuthName(name: string, catalog: EndpointAuthCatalog): boolean {
  const lower = name.toLowerCase();
  if (catalog.authNameParts.some((part) => lower.includes(part)) || catalog.authFunctionNames.includes(name)) return true;
  const words = name.split(/(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+/).map((word) => word.toLowerCase());
  return words.some((word) => catalog.authNameWords.includes(word));
}

/** Member names between the root and the end of a chain (`headers`, `authorization` of `req.headers.authorization`). */
function chainMembers(expr: ts.Expression): string[] {
  const names: string[] = [];
  let node = unwrap(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) {
    if (ts.isPropertyAccessExpression(node)) names.push(node.name.text);
    else if (ts.isElementAccessExpression(node)) names.push(staticName(node.argumentExpression) ?? '');
    node = unwrap(node.expression);
  }
  return names.reverse();
}

/** `req.user`, `ctx.state.user`, `const { auth } = req` — identity set by authentication middleware, not `req.body.userId`. */
function readsIdentity(chainRoot: ts.Expression, member: string, context: ReadonlySet<string>, facts: FileFacts): boolean {
  const root = rootIdentifier(chainRoot);
  if (!root || !context.has(root.text) || !facts.classifier.endpointAuth.authContextMembers.includes(member)) return false;
  const clientInput = facts.classifier.httpRequests.members;
  return !chainMembers(chainRoot).some((name) => clientInput.includes(name));
}

function isAuthCall(call: ts.CallExpression, context: ReadonlySet<string>, facts: FileFacts): boolean {
  const catalog = facts.classifier.endpointAuth;
  const name = calleeLastName(call.expression);
  if (!name) return false;
  if (isAuthName(name, catalog)) return true;
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  if (!first || !isStringLike(first)) return false;
  if (catalog.headerReaders.includes(name) && catalog.authHeaders.includes(first.text.toLowerCase())) return true;
  // hono: c.get('jwtPayload'), c.get('user')
  const callee = unwrap(call.expression);
  return name === 'get' && ts.isPropertyAccessExpression(callee) && readsIdentity(callee.expression, first.text, context, facts);
}

/** One node of a handler or middleware that checks who is calling. */
function isAuthCheck(node: ts.Node, context: ReadonlySet<string>, facts: FileFacts): boolean {
  const catalog = facts.classifier.endpointAuth;
  if (ts.isCallExpression(node)) return isAuthCall(node, context, facts);
  if (ts.isNumericLiteral(node)) return catalog.deniedStatuses.includes(Number(node.text));
  if (isStringLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
    const text = node.text.toLowerCase();
    return catalog.deniedTexts.some((denied) => text.includes(denied));
  }
  if (ts.isElementAccessExpression(node)) {
    const key = staticName(node.argumentExpression)?.toLowerCase();
    return (key !== undefined && catalog.authHeaders.includes(key) && chainMembers(node.expression).includes('headers')) || (key !== undefined && readsIdentity(node.expression, key, context, facts));
  }
  if (ts.isPropertyAccessExpression(node)) {
    const name = node.name.text;
    if (catalog.authHeaders.includes(name.toLowerCase()) && chainMembers(node.expression).includes('headers')) return true;
    return readsIdentity(node.expression, name, context, facts);
  }
  if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
    const init = node.initializer;
    return node.name.elements.some((element) => readsIdentity(init, staticName(element.propertyName ?? element.name) ?? '', context, facts));
  }
  return false;
}

/** Does a handler or middleware function (or a same-file helper it calls) check the caller's identity? */
export function functionAuthenticates(fn: FunctionLike | undefined, facts: FileFacts): boolean {
  if (!fn) return false;
  const context = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  return reachesInFile(fn, facts, (node) => isAuthCheck(node, context, facts));
}

/** Auth-sounding names in a middleware expression, outside option objects and nested functions (`cors({ credentials })` is not auth). */
function namesAuth(node: ts.Node, catalog: EndpointAuthCatalog): boolean {
  if (isFunctionLike(node) || ts.isObjectLiteralExpression(node)) return false;
  if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && isAuthName(node.text, catalog)) return true;
  return ts.forEachChild(node, (child) => namesAuth(child, catalog) || undefined) ?? false;
}

/** Does a middleware, hook or wrapper (`requireAuth`, `passport.authenticate('jwt')`, `bearerAuth({ token })`, an inline key check) authenticate? */
export function middlewareAuthenticates(expr: ts.Expression, facts: FileFacts): boolean {
  const catalog = facts.classifier.endpointAuth;
  const node = unwrap(expr);
  if (isFunctionLike(node)) return functionAuthenticates(node, facts);
  const callee = ts.isCallExpression(node) ? node.expression : node;
  const origin = facts.originOf(callee);
  // `app.register(fastifyJwt, { secret })`, `app.use(session(…))`: loads a session or adds a verify helper, denies no one.
  if (origin && facts.classifier.matches(catalog.loadOnlyMiddleware, origin)) return false;
  if (namesAuth(node, catalog)) return true;
  if (origin && origin.module !== 'globalThis' && isAuthName(origin.module, catalog)) return true;
  // A same-file middleware (or factory of one) whose body checks the caller.
  return functionAuthenticates(facts.localFunction(callee), facts);
}

export type MiddlewareVerdict = 'auth' | 'none' | 'unknown';

/**
 * Authenticates, does not, or cannot be told: middleware imported from the project's own files whose
 * name does not say what it does (`app.use(middleware)`) may well authenticate, out of sight.
 */
export function middlewareVerdict(expr: ts.Expression, facts: FileFacts): MiddlewareVerdict {
  if (middlewareAuthenticates(expr, facts)) return 'auth';
  const node = unwrap(expr);
  const callee = ts.isCallExpression(node) ? node.expression : node;
  if (isFunctionLike(node) || facts.localFunction(callee)) return 'none';
  const origin = facts.originOf(callee);
  const prefixes = facts.classifier.endpointAuth.projectModulePrefixes;
  return origin && prefixes.some((prefix) => origin.module.startsWith(prefix)) ? 'unknown' : 'none';
}

/**
 * Does the handler (or a same-file helper it calls) rate-limit its caller (`await ratelimit.limit(ip)`,
 * `checkRateLimit(req)`)? An anonymous endpoint that meters each caller is public on purpose: a docs
 * site's playground, a demo open to visitors.
 */
export function rateLimitsCaller(fn: FunctionLike | undefined, facts: FileFacts): boolean {
  const parts = facts.classifier.endpointAuth.rateLimitNameParts;
  if (!fn || parts.length === 0) return false;
  return reachesInFile(fn, facts, (node) => {
    if (!ts.isCallExpression(node)) return false;
    const callee = unwrap(node.expression);
    const text = (ts.isPropertyAccessExpression(callee) ? `${rootIdentifier(callee)?.text ?? ''}.${callee.name.text}` : ts.isIdentifier(callee) ? callee.text : '').toLowerCase();
    return parts.some((part) => text.includes(part));
  });
}

/**
 * The names under which a handler holds its caller: its first parameter (`req`, `request`, `c`, `ctx`;
 * the response or `next` after it know nothing of the caller), or what a destructuring of it binds
 * other than what the client sent (`{ headers }` of `({ body, headers }, res)`).
 */
function callerNames(handler: FunctionLike, clientInput: readonly string[]): Set<string> {
  const first = handler.parameters[0]?.name;
  if (!first) return new Set();
  if (ts.isIdentifier(first)) return new Set([first.text]);
  if (!ts.isObjectBindingPattern(first)) return new Set();
  return new Set(first.elements.flatMap((element) => {
    const member = staticName(element.propertyName ?? element.name);
    return ts.isIdentifier(element.name) && !(member && clientInput.includes(member)) ? [element.name.text] : [];
  }));
}

/** `x.req`, `{ req: value }`: the name of a member, not a use of a variable. */
const isMemberNameOf = (id: ts.Identifier): boolean => (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) || (ts.isPropertyAssignment(id.parent) && id.parent.name === id);

/** The members read and methods called on a value, outwards from it: `['body', 'q']` for `req.body.q`, `['json']` for `c.req.json()`. */
function readsOutwards(id: ts.Identifier): string[] {
  const names: string[] = [];
  let node: ts.Node = id;
  while (node.parent) {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) names.push(parent.name.text);
    else if (ts.isElementAccessExpression(parent) && parent.expression === node) names.push(staticName(parent.argumentExpression) ?? '');
    else if (!(ts.isCallExpression(parent) && parent.expression === node) && !ts.isParenthesizedExpression(parent) && !ts.isNonNullExpression(parent) && !ts.isAwaitExpression(parent) && !ts.isAsExpression(parent) && !ts.isTypeAssertionExpression(parent) && !ts.isSatisfiesExpression(parent)) break;
    node = parent;
  }
  return names;
}

/**
 * Does a call the handler makes hand on who is calling: the request or context itself, whole or inside
 * an object (`handleChat(req)`, `run({ req, input })`, `ask(c.req.raw)`), its headers
 * (`req.get('x-signature')`), cookies or identity (`req.user`), or all the client sent
 * (`answer(req.body)`, which may carry a token)? What it is handed it may authenticate, out of sight.
 * A field the client sent (`req.body.query`, `(await c.req.json()).q`, `req.body.userId`) says nothing
 * of who sent it. The handler's caller names are found once, for all its calls.
 */
export function callerPassedBy(handler: FunctionLike, facts: FileFacts): (call: ts.CallExpression) => boolean {
  const { members, readers } = facts.classifier.httpRequests;
  const names = callerNames(handler, members);
  if (names.size === 0) return () => false;
  const clientInput = (read: string): boolean => members.includes(read) || readers.includes(read);
  const visit = (node: ts.Node): boolean => {
    if (!ts.isIdentifier(node)) return ts.forEachChild(node, visit) ?? false;
    if (!names.has(node.text) || isMemberNameOf(node)) return false;
    const reads = readsOutwards(node);
    const input = reads.findIndex(clientInput);
    return input < 0 || input === reads.length - 1;
  };
  return (call) => call.arguments.some(visit);
}
