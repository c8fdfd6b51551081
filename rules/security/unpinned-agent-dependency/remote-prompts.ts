import { calleeLastName, enclosingFunction, isFunctionLike, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { argumentProperty, stringValue } from '../../../src/inventory/values.js';
import { toolDefinitionOf } from '../../../src/domain/tools/tool-definitions.js';
import { isSameOriginRequest } from '../../../src/domain/http/request-options.js';
import { untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';
import { assignedValues, returnedExpressions } from '../../../src/model/value-flow.js';

/** Instructions the model follows whose whole text is a remote HTTP body read at run time. */
export interface RemotePrompt {
  /** The prompt value (an `instructions:` initializer, a system message's content, a tool description). */
  readonly sink: ts.Expression;
  readonly role: 'instructions' | 'system message' | 'tool description';
  readonly request: CallSite;
}

const MAX_DEPTH = 8;
/** String methods that keep the whole text: the prompt is still the remote body. */
const TEXT_PRESERVING = new Set(['trim', 'trimStart', 'trimEnd', 'toString', 'normalize']);

function isRemoteRequest(site: CallSite | undefined): site is CallSite {
  return !!site && site.entry.kind === 'http' && !isSameOriginRequest(site);
}

/** The HTTP call whose response `expr` holds (`res` of `const res = await fetch(url)`). */
function responseOf(expr: ts.Expression, facts: FileFacts, depth = 0): CallSite | undefined {
  const node = unwrap(expr);
  if (depth > 4) return undefined;
  if (ts.isCallExpression(node)) {
    const site = facts.callSiteOf(node);
    return isRemoteRequest(site) ? site : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  return decl?.init && decl.init.path.length === 0 ? responseOf(decl.init.expression, facts, depth + 1) : undefined;
}

/** `.then((res) => res.text())` on a request: the callback reads the body of its parameter. */
function thenBodyRead(call: ts.CallExpression, facts: FileFacts): CallSite | undefined {
  const callee = unwrap(call.expression);
  const callback = call.arguments[0] && unwrap(call.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || !callback || !isFunctionLike(callback)) return undefined;
  const site = responseOf(callee.expression, facts);
  const param = callback.parameters[0]?.name;
  if (!site || !param || !ts.isIdentifier(param)) return undefined;
  return returnedExpressions(callback).some((value) => {
    const read = unwrap(value);
    const reader = ts.isCallExpression(read) ? unwrap(read.expression) : read;
    return ts.isPropertyAccessExpression(reader) && ts.isIdentifier(reader.expression) && reader.expression.text === param.text && (site.entry.bodyReaders ?? []).includes(reader.name.text);
  })
    ? site
    : undefined;
}

function bodyOfCall(call: ts.CallExpression, facts: FileFacts, depth: number): CallSite | undefined {
  const site = facts.callSiteOf(call);
  if (isRemoteRequest(site)) return site.entry.bodyIsResult ? site : undefined;
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    if (callee.name.text === 'then') return thenBodyRead(call, facts);
    const response = responseOf(callee.expression, facts);
    if (response) return (response.entry.bodyReaders ?? []).includes(callee.name.text) ? response : undefined;
    if (TEXT_PRESERVING.has(callee.name.text)) return remoteBodyBehind(callee.expression, facts, depth + 1);
  }
  const helper = facts.localFunction(call.expression);
  if (!helper) return undefined;
  for (const value of returnedExpressions(helper)) {
    const found = remoteBodyBehind(value, facts, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The remote request whose body `expr` is, whole or as a field of its JSON: followed through variables,
 * destructuring, `??`/`||` fallbacks, awaits and same-file helpers. Text spliced into a template or a
 * concatenation is not followed: that is remote data inside local instructions, not remote instructions.
 */
export function remoteBodyBehind(expr: ts.Expression, facts: FileFacts, depth = 0): CallSite | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expr);
  if (ts.isConditionalExpression(node)) return remoteBodyBehind(node.whenTrue, facts, depth + 1) ?? remoteBodyBehind(node.whenFalse, facts, depth + 1);
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) {
    return remoteBodyBehind(node.left, facts, depth + 1) ?? remoteBodyBehind(node.right, facts, depth + 1);
  }
  if (ts.isCallExpression(node)) return bodyOfCall(node, facts, depth);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
    const response = responseOf(node.expression, facts);
    if (response) return member !== undefined && (response.entry.bodyReaders ?? []).includes(member) ? response : undefined;
    return remoteBodyBehind(node.expression, facts, depth + 1);
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl || decl.kind !== 'variable') return undefined;
  if (decl.init) {
    const [first] = decl.init.path;
    const response = first !== undefined ? responseOf(decl.init.expression, facts) : undefined;
    if (response) return (response.entry.bodyReaders ?? []).includes(first ?? '') ? response : undefined;
    const found = remoteBodyBehind(decl.init.expression, facts, depth + 1);
    if (found) return found;
  }
  if (decl.isConst) return undefined;
  for (const value of assignedValues(decl, facts)) {
    const found = remoteBodyBehind(value, facts, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function promptSinks(facts: FileFacts): { sink: ts.Expression; role: RemotePrompt['role'] }[] {
  const { promptKeys } = facts.classifier.agents;
  const sinks: { sink: ts.Expression; role: RemotePrompt['role'] }[] = [];
  for (const message of facts.index.systemMessages) {
    const content = ts.isObjectLiteralExpression(message) ? ownProperty(message, 'content') : message.elements[1];
    if (content) sinks.push({ sink: content, role: 'system message' });
  }
  for (const node of facts.index.properties) {
    if (ts.isPropertyAssignment(node) && promptKeys.includes(staticName(node.name) ?? '')) sinks.push({ sink: node.initializer, role: 'instructions' });
  }
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    if (!toolDefinitionOf(call, facts)) continue;
    for (const key of facts.classifier.supplyChain.toolDescriptionKeys) {
      const value = argumentProperty(call, key);
      if (value) sinks.push({ sink: value, role: 'tool description' });
    }
  }
  return sinks;
}

function ownProperty(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const prop = obj.properties.find((p) => staticName(p.name) === key);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/** Prompts, system messages and tool descriptions whose whole text comes from a remote request. */
export function remotePrompts(facts: FileFacts): RemotePrompt[] {
  const found: RemotePrompt[] = [];
  for (const { sink, role } of promptSinks(facts)) {
    const request = remoteBodyBehind(sink, facts);
    if (request) found.push({ sink, role, request });
  }
  return found;
}

/** A URL the caller chose (request input, model output, tool arguments): that is injection, not a hosted prompt. */
export function isUntrustedUrl(request: CallSite, facts: FileFacts): boolean {
  const url = request.node.arguments[0];
  return !!url && untrustedFlowsInto(url, facts).length > 0;
}

/** The URL names immutable content (a commit SHA, an exact version) per the catalog's patterns. */
export function isPinnedUrl(request: CallSite, facts: FileFacts): boolean {
  const url = request.node.arguments[0];
  if (!url) return false;
  const text = stringValue(url, facts) ?? url.getText(facts.sourceFile);
  return facts.classifier.supplyChain.pinnedUrlPatterns.some((pattern) => new RegExp(pattern).test(text));
}

/** A digest or signature check in the function that fetches or the one that uses the prompt. */
export function isIntegrityChecked(prompt: RemotePrompt, facts: FileFacts): boolean {
  const names = facts.classifier.supplyChain.integrityCalls;
  const scopes = [enclosingFunction(prompt.request.node), enclosingFunction(prompt.sink)].map((fn) => fn ?? facts.sourceFile);
  return facts.index.calls.some((call) => names.includes(calleeLastName(call.expression) ?? '') && scopes.some((scope) => call.pos >= scope.pos && call.end <= scope.end));
}
