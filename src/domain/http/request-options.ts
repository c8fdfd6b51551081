import { lastSegment } from '../../catalog/matcher.js';
import { enclosingFunction, functionName, objectProperty, staticName, ts, unwrap, valueCarrier, type FunctionLike } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { destinationOf } from '../../model/value-flow.js';

/** Object-literal options passed to the call itself or to the constructor/factory that made its client. */
export function optionObjects(site: CallSite): ts.ObjectLiteralExpression[] {
  const calls = [...site.origin.calls, site.node];
  return calls.flatMap((call) => (call.arguments ?? []).map((arg) => unwrap(arg)).filter(ts.isObjectLiteralExpression));
}

function literalValue(expr: ts.Expression): number | string | boolean | undefined {
  const node = unwrap(expr);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Does an option object set `name` to one of `values`? "limit: 0" matches `{ name: { limit: 0 } }`. */
export function hasOptionValue(site: CallSite, name: string, values: readonly (number | string | boolean)[]): boolean {
  return optionObjects(site).some((obj) => {
    const prop = objectProperty(obj, name);
    if (!prop || !ts.isPropertyAssignment(prop)) return false;
    const value = unwrap(prop.initializer);
    return values.some((expected) => {
      if (typeof expected === 'string' && expected.includes(':')) {
        const [key, raw] = expected.split(':').map((s) => s.trim());
        if (!ts.isObjectLiteralExpression(value) || !key) return false;
        const inner = objectProperty(value, key);
        return !!inner && ts.isPropertyAssignment(inner) && String(literalValue(inner.initializer)) === raw;
      }
      return literalValue(value) === expected;
    });
  });
}

export function hasOption(site: CallSite, names: readonly string[]): boolean {
  return optionObjects(site).some((obj) => names.some((name) => objectProperty(obj, name) !== undefined));
}

/** fetch('/api/chat') from a browser: same-origin calls to the app's own backend, not a connector. */
export function isSameOriginRequest(site: CallSite): boolean {
  const first = site.node.arguments[0];
  // A client instance (axios.create({ baseURL })) resolves relative paths against its base URL.
  if (!first || site.origin.calls.length > 0) return false;
  const target = unwrap(first);
  if (isLocalResource(target)) return true;
  const text = ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target) ? target.text : ts.isTemplateExpression(target) ? target.head.text : undefined;
  return text !== undefined && /^\/(?!\/)|^\.\.?\/|^(data|blob|file):/.test(text);
}

/** A resource packaged with the code: chrome.runtime.getURL(...), URL.createObjectURL(...), new URL('./x', import.meta.url). */
const LOCAL_RESOURCE_NAME = /blob|objectUrl|dataUrl/i;

function isLocalResource(target: ts.Expression): boolean {
  // fetch(blobUrl): reading a blob: or data: URL the page made itself (convertBlobUrlToDataUrl).
  if (ts.isIdentifier(target) && LOCAL_RESOURCE_NAME.test(target.text)) return true;
  const fn = enclosingFunction(target);
  const fnName = fn ? functionName(fn) : undefined;
  if (ts.isIdentifier(target) && fnName && /^convertBlob|blobTo|fromBlob/i.test(fnName)) return true;
  if (ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)) {
    const callee = target.expression;
    const name = callee.name.text;
    const receiver = callee.expression;
    if (name === 'getURL' && ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'runtime') return true;
    if (name === 'createObjectURL' && ts.isIdentifier(receiver) && receiver.text === 'URL') return true;
  }
  if (ts.isNewExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'URL') {
    const base = target.arguments?.[1];
    return base !== undefined && ts.isPropertyAccessExpression(base) && ts.isMetaProperty(base.expression);
  }
  return false;
}

/**
 * `(input, init) => fetch(input, init)` or `(...args) => fetch(...args)`: a transport wrapper forwarding
 * its caller's request; the caller is the site. A spread of the caller's whole argument list passes it on
 * wherever it sits (`fetch(...args) { return this.call(() => fetch(...args).then(check)) }`).
 */
export function isPassthroughWrapper(site: CallSite, facts: FileFacts): boolean {
  // An LLM call that passes its caller's prompt on is an agent step, not a transport wrapper.
  if (site.entry.kind !== 'http') return false;
  const given = site.node.arguments[0];
  const first = given ? unwrap(ts.isSpreadElement(given) ? given.expression : given) : undefined;
  if (!first || !ts.isIdentifier(first)) return false;
  const decl = facts.resolve(first.text, first);
  if (decl?.kind !== 'parameter') return false;
  // `fetch(...args)` with a rest parameter of an enclosing function: every argument, the init too, is the caller's.
  if (given && ts.isSpreadElement(given) && site.node.arguments.length === 1 && ts.isParameter(decl.node) && decl.node.dotDotDotToken) return true;
  return decl.scope === enclosingFunction(site.node) && destinationOf(site.node, facts).kind === 'returned';
}

/** `{ fetch: fn }` or `{ fetch }` handed straight to a call or constructor (an SDK factory's options). */
function isTransportHookSlot(node: ts.Node, keys: readonly string[]): boolean {
  const slot = node.parent;
  const holds = !!slot && ((ts.isPropertyAssignment(slot) && slot.initializer === node) || ts.isShorthandPropertyAssignment(slot));
  if (!holds || !keys.includes(staticName((slot as ts.PropertyAssignment | ts.ShorthandPropertyAssignment).name) ?? '')) return false;
  const options = slot.parent;
  const owner = options.parent;
  return !!owner && (ts.isCallExpression(owner) || ts.isNewExpression(owner)) && (owner.arguments ?? []).some((arg) => arg === options);
}

/** The declaration a function is known by in this file: its own name, or the const it initialises. */
function functionBinding(fn: FunctionLike, facts: FileFacts): ReturnType<FileFacts['resolve']> {
  if (ts.isFunctionDeclaration(fn) && fn.name) return facts.resolve(fn.name.text, fn);
  const holder = valueCarrier(fn as ts.Expression).parent;
  return holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? facts.resolve(holder.name.text, holder.name) : undefined;
}

/**
 * A request made by a function an SDK takes as its HTTP transport (`createOpenAI({ fetch: (url, init) =>
 * fetch(url, init) })`), passing on the URL the SDK gave it: the SDK retries and times out around it.
 */
export function isSdkTransportHook(site: CallSite, facts: FileFacts): boolean {
  const fn = enclosingFunction(site.node);
  const first = site.node.arguments[0] ? unwrap(site.node.arguments[0]) : undefined;
  if (!fn || !first || !ts.isIdentifier(first)) return false;
  // The URL is the function's own: its parameter, or a local it keeps (the hop of a redirect loop).
  const target = facts.resolve(first.text, first);
  if (!target || (target.scope !== fn && enclosingFunction(target.node) !== fn)) return false;
  const keys = facts.classifier.transportHooks;
  if (isTransportHookSlot(valueCarrier(fn as ts.Expression), keys)) return true;
  const binding = functionBinding(fn, facts);
  if (binding && facts.references(binding).some((ref) => isTransportHookSlot(ref, keys))) return true;
  // `{ fetch: this.makeGuardedFetch(opts) }`: a factory builds the transport and the SDK gets what it returns.
  const factory = returnedBy(fn);
  return !!factory && facts.callersOf(factory).some((call) => isTransportHookSlot(valueCarrier(call), keys));
}

/** The function that hands `fn` back to its caller (`return async function guarded(input, init) {…}`, `() => (input, init) => …`). */
function returnedBy(fn: FunctionLike): FunctionLike | undefined {
  const carrier = valueCarrier(fn as ts.Expression);
  const holder = carrier.parent;
  if (holder && ts.isReturnStatement(holder) && holder.expression === carrier) return enclosingFunction(holder);
  return holder && ts.isArrowFunction(holder) && holder.body === carrier ? holder : undefined;
}

/**
 * `fetch(upstream, { body: req.body, duplex: 'half' })` in a handler: a proxy that streams the incoming
 * request on. Its body can be read once, so the request cannot be retried here; the client retries.
 */
export function forwardsIncomingBody(site: CallSite, facts: FileFacts): boolean {
  const requestTypes = facts.classifier.httpRequests.types;
  const isIncomingBody = (expr: ts.Expression): boolean => {
    const value = unwrap(expr);
    if (ts.isConditionalExpression(value)) return isIncomingBody(value.whenTrue) || isIncomingBody(value.whenFalse);
    if (!ts.isPropertyAccessExpression(value) || value.name.text !== 'body' || !ts.isIdentifier(value.expression)) return false;
    const decl = facts.resolve(value.expression.text, value.expression);
    const type = decl?.kind === 'parameter' && ts.isParameter(decl.node) ? decl.node.type : undefined;
    return !!type && ts.isTypeReferenceNode(type) && requestTypes.includes(lastSegment(type.typeName.getText()));
  };
  return resolvedOptions(site, facts).objects.some((options) => {
    const body = objectProperty(options, 'body');
    return !!body && ts.isPropertyAssignment(body) && isIncomingBody(body.initializer);
  });
}

/**
 * Where a method that sends a body takes its options (`axios.post(url, data, config)`: 2), from the
 * catalog's `argumentByMethod`; undefined when the options follow the URL (or are the only argument).
 * The arguments between the URL and the options are the request's body, not its options.
 */
export function optionsArgumentByMethod(site: CallSite): number | undefined {
  const byMethod = site.entry.timeout?.fix?.argumentByMethod;
  const callee = unwrap(site.node.expression);
  return byMethod && ts.isPropertyAccessExpression(callee) ? byMethod[callee.name.text] : undefined;
}

/**
 * Option objects of a call and of its client's factory, following identifiers to const object
 * literals; `unknown` when some options come from elsewhere (a parameter, a spread of one).
 */
export function resolvedOptions(site: CallSite, facts: FileFacts): { objects: ts.ObjectLiteralExpression[]; unknown: boolean } {
  const objects: ts.ObjectLiteralExpression[] = [];
  let unknown = false;
  const consider = (expr: ts.Expression, depth: number): void => {
    const node = unwrap(expr);
    if (ts.isObjectLiteralExpression(node)) {
      objects.push(node);
      for (const prop of node.properties) if (ts.isSpreadAssignment(prop)) depth < 3 ? consider(prop.expression, depth + 1) : (unknown = true);
      return;
    }
    if (ts.isIdentifier(node)) {
      const decl = facts.resolve(node.text, node);
      // A parameter's default is only the fallback: the caller may pass the signal.
      const followable = decl?.kind === 'variable' && decl.init && decl.init.path.length === 0 && depth < 3;
      if (followable) consider(decl.init!.expression, depth + 1);
      if (!followable || !decl.isConst) unknown = true;
      return;
    }
    // `...(controller ? { signal: controller.signal } : {})`, `...(ms && { timeout: ms })`: options set on one branch.
    if (ts.isConditionalExpression(node)) {
      consider(node.whenTrue, depth + 1);
      consider(node.whenFalse, depth + 1);
      return;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return consider(node.right, depth + 1);
    // fetch(new Request(url, init)): the request's init carries the options.
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Request') {
      const init = node.arguments?.[1];
      if (init) consider(init, depth + 1);
      else if (node.arguments?.[0] && !ts.isStringLiteralLike(unwrap(node.arguments[0])) && !ts.isTemplateExpression(unwrap(node.arguments[0]))) unknown = true;
      return;
    }
    if (!ts.isStringLiteralLike(node) && !ts.isTemplateExpression(node) && !ts.isNewExpression(node) && !ts.isBinaryExpression(node)) unknown = true;
  };
  const isObjectLike = (expr: ts.Expression): boolean => {
    const node = unwrap(expr);
    if (ts.isObjectLiteralExpression(node)) return true;
    if (!ts.isIdentifier(node)) return false;
    const decl = facts.resolve(node.text, node);
    return !!decl?.init && decl.init.path.length === 0 && ts.isObjectLiteralExpression(unwrap(decl.init.expression));
  };
  const isRequestObject = (expr: ts.Expression): boolean => {
    const node = unwrap(expr);
    return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Request';
  };
  const bodyBefore = optionsArgumentByMethod(site) ?? 0;
  for (const call of [...site.origin.calls, site.node]) {
    (call.arguments ?? []).forEach((arg, i) => {
      // A request's first argument is its URL unless it is a config object (axios(config), got({ url })) or a Request.
      if (call === site.node && i === 0 && !isObjectLike(arg) && !isRequestObject(arg)) return;
      // `axios.post(url, data, config)`: the data is the body.
      if (call === site.node && i > 0 && i < bodyBefore) return;
      consider(arg, 0);
    });
  }
  return { objects, unknown };
}

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** The request's HTTP method when it is visible: `axios.post(...)`, or a literal `method` option. */
export function requestMethod(site: CallSite, facts: FileFacts): string | undefined {
  const callee = site.node.expression;
  const verb = ts.isPropertyAccessExpression(callee) ? callee.name.text.toLowerCase() : undefined;
  if (verb && HTTP_VERBS.has(verb)) return verb.toUpperCase();
  for (const obj of resolvedOptions(site, facts).objects) {
    const prop = objectProperty(obj, 'method');
    if (prop && ts.isPropertyAssignment(prop)) {
      const value = unwrap(prop.initializer);
      return ts.isStringLiteralLike(value) ? value.text.toUpperCase() : undefined;
    }
  }
  return site.entry.kind === 'http' ? 'GET' : undefined;
}

/** An `Idempotency-Key` header (or an idempotencyKey option) in the request's options. */
export function sendsIdempotencyKey(site: CallSite, facts: FileFacts): boolean {
  const { objects, unknown } = resolvedOptions(site, facts);
  return unknown || /idempotenc/i.test(site.node.getText()) || objects.some((obj) => /idempotenc/i.test(obj.getText()));
}

/**
 * `export const fetcher = (url) => fetch(url).then(…)`: an exported request helper whose URL is its
 * caller's. Data-fetching hooks (SWR, React Query) and the helper's callers own the retry policy.
 */
export function isGenericRequestHelper(site: CallSite, facts: FileFacts): boolean {
  const first = site.node.arguments[0] ? unwrap(site.node.arguments[0]) : undefined;
  if (site.entry.kind !== 'http' || !first || !ts.isIdentifier(first)) return false;
  const fn = enclosingFunction(site.node);
  const decl = facts.resolve(first.text, first);
  if (!fn || decl?.kind !== 'parameter' || decl.scope !== fn) return false;
  // fn is `export function f(url)` or the initializer of `export const f = (url) => …`.
  const holder = ts.isFunctionDeclaration(fn) ? fn : fn.parent?.parent?.parent;
  if (!holder || holder.parent !== site.node.getSourceFile() || !ts.canHaveModifiers(holder)) return false;
  return (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/**
 * `fetch(url, { headers: { Upgrade: 'websocket' } })`: the request opens a session (a realtime or voice
 * socket) for the caller's connect(). Reconnecting is the session owner's policy, and a retry inside the
 * transport would fight it; a timeout on the whole request would cut the session it opens, not the handshake.
 */
export function opensWebSocketSession(site: CallSite, facts: FileFacts): boolean {
  return resolvedOptions(site, facts).objects.some((options) => {
    const headers = objectProperty(options, 'headers');
    const value = headers && ts.isPropertyAssignment(headers) ? unwrap(headers.initializer) : undefined;
    if (!value || !ts.isObjectLiteralExpression(value)) return false;
    return value.properties.some((p) => ts.isPropertyAssignment(p) && staticName(p.name)?.toLowerCase() === 'upgrade' && ts.isStringLiteralLike(unwrap(p.initializer)) && (unwrap(p.initializer) as ts.StringLiteral).text.toLowerCase() === 'websocket');
  });
}
