import { isFunctionLike, ts, unwrap } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import type { ProjectCondition } from '../../model/project-conditions.js';
import type { Declaration } from '../../model/scope.js';
import { isCalledOnlyInFile } from '../../model/file-private-functions.js';

const MAX_HOPS = 2;
/** Names followed from the URL back to its value: variables, and parameters to what the file's callers pass (`start()` → `pollLoop(url)` → `forward(url)`). */
const MAX_URL_HOPS = 6;

/** A literal piece of a URL: `http://…`, `//host`, or nothing (a computed base) decides whose server it is. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:|^\/\//i;

/** `/trpc/lambda/` followed by a computed part → `/trpc/lambda/*`; the query and fragment are dropped. */
function pathPattern(literal: string, computedAfter: boolean): string | undefined {
  if (!literal.startsWith('/') || literal.startsWith('//')) return undefined;
  const cut = literal.search(/[?#]/);
  const path = cut >= 0 ? literal.slice(0, cut) : literal;
  if (!computedAfter || cut >= 0) return path;
  return path.endsWith('/') ? `${path}*` : `${path.slice(0, path.lastIndexOf('/') + 1)}*`;
}

/** A base nobody wrote as a literal host: the configured server (`serverUrl`, `this.baseUrl`, an env var). */
function computedBase(expr: ts.Expression, facts: FileFacts, hops = 0): boolean {
  const node = unwrap(expr);
  if (ts.isStringLiteralLike(node)) return false;
  // `process.env.API_URL ?? 'https://api.example.com'`: a written host says whose server it is.
  if (ts.isBinaryExpression(node)) return computedBase(node.left, facts, hops) && computedBase(node.right, facts, hops);
  if (ts.isConditionalExpression(node)) return computedBase(node.whenTrue, facts, hops) && computedBase(node.whenFalse, facts, hops);
  if (ts.isTemplateExpression(node)) return node.head.text === '' && computedBase(node.templateSpans[0]?.expression as ts.Expression, facts, hops);
  if (ts.isIdentifier(node) && hops < MAX_HOPS) {
    const init = facts.resolve(node.text, node)?.init;
    if (init && init.path.length === 0) return computedBase(init.expression, facts, hops + 1);
  }
  return true;
}

/** The request path of a URL written as `${base}/path…` or `new URL('/path…', base)` with a computed base. */
function requestPath(expr: ts.Expression, facts: FileFacts, hops = 0): string | undefined {
  const node = unwrap(expr);
  if (ts.isTemplateExpression(node) && node.head.text === '') {
    const [base, ...rest] = node.templateSpans;
    if (!base || !computedBase(base.expression, facts) || ABSOLUTE.test(base.literal.text)) return undefined;
    return pathPattern(base.literal.text, rest.length > 0);
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
    const [path, base] = node.arguments ?? [];
    if (!path || !base || !computedBase(base, facts)) return undefined;
    const target = unwrap(path);
    if (ts.isStringLiteralLike(target)) return pathPattern(target.text, false);
    if (ts.isTemplateExpression(target)) return pathPattern(target.head.text, true);
    return undefined;
  }
  if (ts.isIdentifier(node) && hops < MAX_URL_HOPS) {
    const decl = facts.resolve(node.text, node);
    if (decl?.kind === 'parameter') return parameterPath(decl, facts, hops);
    const init = decl?.init;
    if (init && init.path.length === 0) return requestPath(init.expression, facts, hops + 1);
  }
  return undefined;
}

/**
 * `forward(url)` where `url` is a parameter of a function only this file calls: the path every call
 * passes (`this.forward(\`${appUrl}/api/hooks/${id}\`)`), when all of them pass the same one.
 */
function parameterPath(decl: Declaration, facts: FileFacts, hops: number): string | undefined {
  const param = decl.node;
  const fn = param.parent;
  if (!ts.isParameter(param) || !fn || !isFunctionLike(fn) || !isCalledOnlyInFile(fn, facts)) return undefined;
  const index = fn.parameters.indexOf(param);
  const calls = facts.callersOf(fn);
  if (index < 0 || param.dotDotDotToken || calls.length === 0) return undefined;
  let path: string | undefined;
  for (const call of calls) {
    const arg = call.arguments[index];
    const passed = arg && !ts.isSpreadElement(arg) ? requestPath(arg, facts, hops + 1) : undefined;
    if (passed === undefined || (path !== undefined && passed !== path)) return undefined;
    path = passed;
  }
  return path;
}

/**
 * A request to a path that a route handler of the project serves, on a base URL the code computes
 * (the user's configured server, the app's own URL): a client of the project's own backend, like a
 * page calling `/api/…`. Decided once every file was seen; the condition holds when some route of the
 * workspace serves the path (see model/served-routes.ts). A literal host is never the project's own.
 */
export function ownBackendCondition(site: CallSite, facts: FileFacts): ProjectCondition | undefined {
  const first = site.node.arguments[0];
  if (site.entry.kind !== 'http' || !first || site.origin.calls.length > 0) return undefined;
  const path = requestPath(first, facts);
  return path === undefined ? undefined : { inWorkspace: { servedByProject: path } };
}
