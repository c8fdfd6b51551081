import { enclosingFunction, isFunctionLike, objectProperty, ts, unwrap, valueCarrier, type FunctionLike } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { destinationOf } from '../../model/value-flow.js';

const MAX_DEPTH = 4;

/** Does the value come from the function's own parameters: a parameter, a local initialised from one, a member of one, or an object spreading one (`{ ...init, redirect: 'manual' }`)? */
function fromParameters(expr: ts.Expression, fn: FunctionLike, facts: FileFacts, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const value = unwrap(expr);
  if (ts.isIdentifier(value)) {
    const decl = facts.resolve(value.text, value);
    if (!decl || (decl.scope !== fn && enclosingFunction(decl.node) !== fn && decl.node.parent !== fn)) return false;
    if (decl.kind === 'parameter') return true;
    return decl.kind === 'variable' && !!decl.init && decl.init.path.length === 0 && fromParameters(decl.init.expression, fn, facts, depth + 1);
  }
  if (ts.isPropertyAccessExpression(value)) return fromParameters(value.expression, fn, facts, depth + 1);
  if (ts.isObjectLiteralExpression(value)) return value.properties.some((p) => ts.isSpreadAssignment(p) && fromParameters(p.expression, fn, facts, depth + 1));
  return false;
}

/** The response goes back to the caller: returned as it is, or held in a local that some `return` hands back. */
function returnsResponse(site: CallSite, fn: FunctionLike, facts: FileFacts): boolean {
  const destination = destinationOf(site.node, facts);
  if (destination.kind === 'returned') return true;
  if (destination.kind !== 'binding') return false;
  const names = new Set(destination.declarations.map((d) => d.name));
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || (isFunctionLike(node) && node !== fn)) return;
    if (ts.isReturnStatement(node) && node.expression && ts.isIdentifier(unwrap(node.expression)) && names.has((unwrap(node.expression) as ts.Identifier).text)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/**
 * A wrapper that forwards its caller's request (an SSRF or redirect guard that validates each hop,
 * a header-adding helper): the URL or config it sends is its parameter, or built from one, and so are
 * the options when it passes any (`fetch(currentUrl, { ...init, redirect: 'manual' })`,
 * `axios({ ...config, url })`), and it hands the response back. Retry and timeout policy belong to
 * the callers, which pass their own options through it.
 */
export function forwardsCallerRequest(site: CallSite, facts: FileFacts): boolean {
  if (site.entry.kind !== 'http') return false;
  const inner = enclosingFunction(site.node);
  // The request may sit in a callback the wrapper hands on (`return withErrorContext(() => fetch(…))`).
  const fn = inner && (handingOnFunction(inner, facts) ?? inner);
  const [target, options] = site.node.arguments;
  if (!inner || !fn || !target || !(fromParameters(target, fn, facts) || isCallerPathOnBase(target, fn, facts))) return false;
  // With options, they must carry the caller's too: `fetch(url, { method: 'POST' })` is the wrapper's own request.
  if (options && !fromParameters(options, fn, facts) && !sendsCallersBody(options, fn, facts)) return false;
  // With only a URL, the caller gave no options to forward: a `config` object carries them all.
  if (!options && !ts.isObjectLiteralExpression(unwrap(target)) && !isConfigParameter(target, facts)) return false;
  return returnsResponse(site, inner, facts);
}

/**
 * `return await withErrorContext('worker', async () => await fetch(…))`: the function that hands a
 * callback to a call and returns that call's result, so what the callback returns goes back to its
 * caller. Its parameters are what the callback forwards.
 */
function handingOnFunction(callback: FunctionLike, facts: FileFacts): FunctionLike | undefined {
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  const carrier = valueCarrier(callback);
  const call = carrier.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(carrier)) return undefined;
  const destination = destinationOf(call, facts);
  return destination.kind === 'returned' ? destination.fn : undefined;
}

/**
 * `{ method: 'POST', body: JSON.stringify(payload), headers }`: the payload is the caller's, and so is the
 * URL (checked by the caller of this): a `post(path, payload)` transport shared by every operation of a
 * client, reads and commands alike, which hands the raw response back for each caller to judge.
 */
function sendsCallersBody(options: ts.Expression, fn: FunctionLike, facts: FileFacts): boolean {
  const value = unwrap(options);
  if (!ts.isObjectLiteralExpression(value)) return false;
  const body = objectProperty(value, 'body');
  if (!body) return false;
  const sent = ts.isShorthandPropertyAssignment(body) ? body.name : ts.isPropertyAssignment(body) ? unwrap(body.initializer) : undefined;
  if (!sent) return false;
  // `JSON.stringify(payload)`, `new URLSearchParams(form)`: the caller's payload, encoded.
  const encoded = ts.isCallExpression(sent) || ts.isNewExpression(sent) ? (sent.arguments ?? [])[0] : sent;
  return !!encoded && fromParameters(encoded, fn, facts);
}

/** `this.baseUrl`, `this.config.endpoint`: where the client instance was pointed when it was made. */
function isInstanceSetting(expr: ts.Expression): boolean {
  let value = unwrap(expr);
  while (ts.isPropertyAccessExpression(value)) value = unwrap(value.expression);
  return value.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * `${this.baseUrl}${path}` (also held in a local, or joined with `+`): the caller's path on the base URL
 * the client was configured with, and nothing of the wrapper's own but a slash. The wrapper names no
 * endpoint; which request it sends, and whether it may be repeated, is its caller's.
 */
function isCallerPathOnBase(expr: ts.Expression, fn: FunctionLike, facts: FileFacts, depth = 0): boolean {
  const value = unwrap(expr);
  if (ts.isIdentifier(value) && depth < MAX_DEPTH) {
    const decl = facts.resolve(value.text, value);
    return decl?.kind === 'variable' && decl.isConst && !!decl.init && decl.init.path.length === 0 && enclosingFunction(decl.node) === fn && isCallerPathOnBase(decl.init.expression, fn, facts, depth + 1);
  }
  let parts: ts.Expression[];
  if (ts.isTemplateExpression(value)) {
    const literals = [value.head.text, ...value.templateSpans.map((span) => span.literal.text)];
    if (!literals.every((text) => text === '' || text === '/')) return false;
    parts = value.templateSpans.map((span) => span.expression);
  } else if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) parts = [value.left, value.right];
  else return false;
  const [base, ...rest] = parts;
  return !!base && isInstanceSetting(base) && rest.length > 0 && rest.every((part) => fromParameters(part, fn, facts));
}

/** `axios(config)`: a single argument that is (or spreads) an options object from the caller, not a bare URL string. */
function isConfigParameter(target: ts.Expression, facts: FileFacts): boolean {
  const value = unwrap(target);
  if (!ts.isIdentifier(value)) return false;
  const decl = facts.resolve(value.text, value);
  if (decl?.kind === 'variable' && decl.init) return ts.isObjectLiteralExpression(unwrap(decl.init.expression));
  if (decl?.kind !== 'parameter' || !ts.isParameter(decl.node)) return false;
  const type = decl.node.type;
  return !!type && !(type.kind === ts.SyntaxKind.StringKeyword) && !(ts.isTypeReferenceNode(type) && type.typeName.getText() === 'URL');
}
