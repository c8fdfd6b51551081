import { contains, enclosingFunction, objectProperty, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { resolvedOptions } from '../../../src/domain/http/request-options.js';
import { hasAny, listsModels, requestPurpose } from '../../../src/domain/http/request-purpose.js';

/** tRPC (and look-alike RPC builders) procedure kinds: the handler answers one client request. */
const PROCEDURE_KINDS = new Set(['query', 'mutation', 'subscription']);

/** `authedProcedure.input(schema).mutation(async ({ ctx, input }) => …)`: a builder chain that starts at a procedure. */
function isProcedureBuilder(receiver: ts.Expression): boolean {
  let node = unwrap(receiver);
  while (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) {
    if (ts.isPropertyAccessExpression(node) && /procedure$/i.test(node.name.text)) return true;
    node = unwrap(node.expression);
  }
  return ts.isIdentifier(node) && /procedure$/i.test(node.text);
}

function procedureHandler(node: ts.Node): FunctionLike | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) continue;
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && PROCEDURE_KINDS.has(callee.name.text) && isProcedureBuilder(callee.expression)) return fn;
  }
  return undefined;
}

/**
 * The call answers a person's RPC request (a tRPC query or mutation behind a page or a button) whose
 * handler calls no model itself: the failure goes back to the page, where the person (or the client's
 * query cache) tries again; a blind retry on the server only delays the answer.
 */
function servesUiProcedure(site: CallSite, file: FileFacts): boolean {
  const handler = procedureHandler(site.node);
  return !!handler && !file.callSites.some((other) => other.entry.kind !== 'http' && contains(handler, other.node));
}

/** `fetch(url, { next: { revalidate: 300 } })` or `cache: 'force-cache'`: data for a page render, kept in Next's data cache. */
function readsThroughPageCache(site: CallSite, file: FileFacts): boolean {
  if (site.entry.kind !== 'http') return false;
  return resolvedOptions(site, file).objects.some((options) => {
    const next = objectProperty(options, 'next');
    const cache = objectProperty(options, 'cache');
    const forceCache = !!cache && ts.isPropertyAssignment(cache) && ts.isStringLiteralLike(unwrap(cache.initializer)) && (unwrap(cache.initializer) as ts.StringLiteralLike).text === 'force-cache';
    return forceCache || (!!next && ts.isPropertyAssignment(next) && ts.isObjectLiteralExpression(unwrap(next.initializer)));
  });
}

/** Widgets a person clicks or scans: a request named for one answers that person. */
const WIDGETS = new Set(['button', 'buttons', 'ephemeral', 'qr', 'picker']);
const SETUP_VERBS = new Set(['set', 'register', 'unregister', 'delete', 'remove']);

/**
 * Named for a widget (`updateEphemeralButtonGrid`, `fetchQrCode`) or for registering the app's webhook
 * (`setTelegramWebhook`): it answers a click or runs while a person connects an integration, who sees
 * the failure and clicks again.
 */
function answersWidgetOrSetup(site: CallSite): boolean {
  const { functionWords } = requestPurpose(site);
  return hasAny(functionWords, WIDGETS) || (functionWords.includes('webhook') && hasAny(functionWords, SETUP_VERBS));
}

/** A request a person waits on in the UI rather than a step of an agent run (see each predicate). */
export function servesPersonInUi(site: CallSite, file: FileFacts): boolean {
  return servesUiProcedure(site, file) || readsThroughPageCache(site, file) || listsModels(site, file) || answersWidgetOrSetup(site);
}

