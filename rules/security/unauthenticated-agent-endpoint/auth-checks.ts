import { calleeLastName, isFunctionLike, isStringLike, rootIdentifier, staticName, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { reachesInFile } from '../../../src/model/reaches.js';
import type { EndpointAuthCatalog } from '../../../src/catalog/types.js';

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
  if (namesAuth(node, catalog)) return true;
  const callee = ts.isCallExpression(node) ? node.expression : node;
  const origin = facts.originOf(callee);
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

/** Members of a request that carry who is calling, beyond the catalog's identity members. */
const CALLER_MEMBERS = new Set(['headers', 'cookies', 'signedCookies']);

/**
 * Does the call hand on the caller's request or identity: a handler parameter itself (`req`, `c`,
 * `ctx`), its headers, cookies or identity members (`req.headers`, `req.user`)? What it is handed it
 * may authenticate, out of sight; `req.body.query` or a string made from it carries no identity.
 */
export function passesCaller(call: ts.CallExpression, handler: FunctionLike, facts: FileFacts): boolean {
  const params = new Set(handler.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  const identity = facts.classifier.endpointAuth.authContextMembers;
  return call.arguments.some((arg) => {
    const value = unwrap(arg);
    const root = rootIdentifier(value);
    if (!root || !params.has(root.text)) return false;
    const members = chainMembers(value);
    return members.length === 0 || members.some((name) => CALLER_MEMBERS.has(name) || identity.includes(name));
  });
}
