import { isFunctionLike, staticName, ts, unwrap } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { camelWordsSplittingAcronyms } from '../../model/name-words.js';

/** How far to follow a URL through constants, `||` fallbacks and `this` members. */
const MAX_DEPTH = 4;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^/:?#\s]+)(?::(\d+))?/i;
const BARE_HOST = /^(\[[^\]]+\]|[a-z0-9.-]+):(\d+)(?:[/?#]|$)/i;
/** A URL held in a name that says it is local: `localTraceUrl`, `LOCALHOST_API_BASE`. */
const LOCAL_WORDS = new Set(['local', 'localhost', 'loopback']);
const URL_WORDS = new Set(['url', 'uri', 'host', 'endpoint', 'base', 'origin', 'server', 'address']);

interface Verdict {
  local: boolean;
  remote: boolean;
}

interface LocalServices {
  readonly hosts: ReadonlySet<string>;
  readonly ports: ReadonlySet<string>;
  readonly baseUrlOptions: ReadonlySet<string>;
  /** Catalog client ids whose SDK defaults to a daemon on this machine. */
  readonly clients: ReadonlySet<string>;
}

function localServices(facts: FileFacts): LocalServices {
  const data = facts.classifier.localServices;
  return { hosts: new Set((data?.hosts ?? []).map((h) => h.toLowerCase())), ports: new Set((data?.ports ?? []).map(String)), baseUrlOptions: new Set(data?.baseUrlOptions ?? []), clients: new Set(data?.clients ?? []) };
}

/** Classify one literal: a loopback host or a local daemon's default port, another absolute URL, or neither (a path). */
function classifyLiteral(text: string, services: LocalServices, verdict: Verdict): void {
  const match = ABSOLUTE_URL.exec(text) ?? BARE_HOST.exec(text);
  if (!match) return;
  const host = (match[1] ?? '').toLowerCase().replace(/^\[|\]$/g, '');
  const local = services.hosts.has(host) || host.endsWith('.localhost') || (match[2] !== undefined && services.ports.has(match[2]));
  if (local) verdict.local = true;
  else if (ABSOLUTE_URL.test(text)) verdict.remote = true;
}

function namesLocalUrl(name: string): boolean {
  const words = camelWordsSplittingAcronyms(name);
  return words.some((w) => LOCAL_WORDS.has(w)) && words.some((w) => URL_WORDS.has(w));
}

/** Initialisers of `this.member` in the class around `node`: a property declaration, `this.member = …`, or `member: …` in an object literal of the class (default options). */
function classMemberValues(node: ts.Node, member: string): ts.Expression[] {
  let cls: ts.Node | undefined = node.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls) return [];
  const values: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyDeclaration(n) && staticName(n.name) === member && n.initializer) values.push(n.initializer);
    else if (ts.isPropertyAssignment(n) && staticName(n.name) === member) values.push(n.initializer);
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && n.left.name.text === member) values.push(n.right);
    ts.forEachChild(n, visit);
  };
  visit(cls);
  return values;
}

/** The body of `this.method(…)`'s method in the class around the call. */
function classMethodBody(call: ts.CallExpression): ts.Node | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = call.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const method = cls && ts.isClassLike(cls) ? cls.members.find((m) => ts.isMethodDeclaration(m) && staticName(m.name) === callee.name.text) : undefined;
  return method && ts.isMethodDeclaration(method) ? method.body : undefined;
}

function inspect(node: ts.Node, facts: FileFacts, services: LocalServices, verdict: Verdict, depth: number, seen: Set<ts.Node>): void {
  if (seen.has(node) || depth > MAX_DEPTH) return;
  seen.add(node);
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n) && n !== node) return;
    if (ts.isStringLiteralLike(n)) return classifyLiteral(n.text, services, verdict);
    if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) return classifyLiteral(n.text, services, verdict);
    if (ts.isIdentifier(n)) {
      if (namesLocalUrl(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n && n.parent.expression.kind !== ts.SyntaxKind.ThisKeyword)) verdict.local = true;
      const decl = facts.resolve(n.text, n);
      if (decl?.init && decl.init.path.length === 0) inspect(decl.init.expression, facts, services, verdict, depth + 1, seen);
      return;
    }
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) {
      if (namesLocalUrl(n.name.text)) verdict.local = true;
      for (const value of classMemberValues(n, n.name.text)) inspect(value, facts, services, verdict, depth + 1, seen);
      return;
    }
    if (ts.isCallExpression(n)) {
      const body = classMethodBody(n);
      if (body) inspect(body, facts, services, verdict, depth + 1, seen);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Where the call's host is written: the URL argument, or the base-URL options of the client it was made from. */
function hostExpressions(site: CallSite, services: LocalServices): ts.Node[] {
  const found: ts.Node[] = [];
  for (const call of site.origin.calls) {
    for (const arg of call.arguments ?? []) {
      const options = unwrap(arg);
      if (!ts.isObjectLiteralExpression(options)) continue;
      for (const prop of options.properties) {
        const name = prop.name ? staticName(prop.name) : undefined;
        if (name && services.baseUrlOptions.has(name)) found.push(ts.isPropertyAssignment(prop) ? prop.initializer : prop);
      }
    }
  }
  const first = site.node.arguments[0];
  if (site.entry.kind === 'http' && first) found.push(first);
  return found;
}

/**
 * A call to a service on this machine: a loopback host or a local daemon's default port (a model
 * server such as Ollama), written in the URL, in a fallback (`options.baseURL || 'http://localhost:3000'`),
 * in a class's default options, or held in a name that says so (`localTraceUrl`). Such a service is
 * not a third-party upstream: its timeouts and rate limits are not what backoff and timeout rules are
 * about. So is a call through the SDK of a local daemon (catalog `localServices.clients`: Ollama's
 * client defaults to localhost) unless a remote URL is written for it. A URL that also names a remote
 * host (`dev ? 'http://localhost' : 'https://api…'`) is not local.
 */
export function isLocalServiceRequest(site: CallSite, facts: FileFacts): boolean {
  const services = localServices(facts);
  if (services.hosts.size === 0 && services.ports.size === 0) return false;
  // A local model daemon's SDK (Ollama) talks to this machine unless its host option names another.
  const verdict: Verdict = { local: services.clients.has(site.entry.id), remote: false };
  const seen = new Set<ts.Node>();
  for (const expr of hostExpressions(site, services)) inspect(expr, facts, services, verdict, 0, seen);
  return verdict.local && !verdict.remote;
}
