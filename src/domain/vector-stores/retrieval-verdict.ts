import { calleeLastName, isNullish, objectProperty, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import { memoPerNode } from '../../model/node-memo.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { traceRetrievedDocuments } from './retrieval-flow.js';

/**
 * Whether a vector-store search verifies what it returns: a score threshold or metadata filter on the
 * call, its retriever factory or its store's constructor ('verified'), options built elsewhere that may
 * hold one ('opaque'), or neither ('unverified').
 */

/** Argument names that carry the query, its vector or a result count. */
const QUERY_LIKE = /(query|question|text|input|prompt|search|message|vector|embedding|term|keywords?|content)s?$|^(q|k|n|topk|limit|count|nresults|size)$/i;
/** Argument names that carry an options object built elsewhere, which may hold the filter. */
const OPTIONS_LIKE = /option|param|config|setting|kwargs|filter|args$|request|^req$|body|props|spec/i;

export type CallVerdict = 'verified' | 'opaque' | 'unverified';

/** An object literal, directly or through a const. */
function objectLiteralOf(expr: ts.Expression, facts: FileFacts): ts.ObjectLiteralExpression | undefined {
  const node = unwrap(expr);
  if (ts.isObjectLiteralExpression(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  const init = decl?.isConst && decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

/**
 * Options that come from elsewhere (a parameter, a spread, `this.searchOptions`) may carry the filter.
 * The first argument is usually the query; later ones are options unless named like a count.
 */
function isOpaqueArgument(expr: ts.Expression, index: number, facts: FileFacts): boolean {
  const node = unwrap(expr);
  if (ts.isSpreadElement(node)) return true;
  if (ts.isObjectLiteralExpression(node)) return node.properties.some((p) => ts.isSpreadAssignment(p) && objectLiteralOf(p.expression, facts) === undefined);
  if (ts.isCallExpression(node)) return index > 0;
  const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (name === undefined || objectLiteralOf(node, facts) !== undefined) return false;
  return OPTIONS_LIKE.test(name) || (index > 0 && !QUERY_LIKE.test(name));
}

function isPresent(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  if (isNullish(expr)) return false;
  const node = unwrap(expr);
  return !(ts.isObjectLiteralExpression(node) && node.properties.length === 0);
}

/** `filter`, or a dotted path into nested option objects (`retrievalConfiguration.vectorSearchConfiguration.filter`). */
function hasOptionPath(obj: ts.ObjectLiteralExpression, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  const property = head === undefined ? undefined : objectProperty(obj, head);
  if (!property || rest.length === 0) return property !== undefined;
  const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
  return value !== undefined && ts.isObjectLiteralExpression(value) && hasOptionPath(value, rest);
}

/** A score threshold or metadata filter on the retrieval call, its retriever factory or its store's constructor. */
export function verdictAtCall(site: CallSite, facts: FileFacts): CallVerdict {
  const { verifyingOptions } = facts.classifier.retrieval;
  const filterArguments = site.entry.filterArguments ?? {};
  for (const call of [...site.origin.calls, site.node]) {
    const args = call.arguments ?? [];
    const method = calleeLastName(call.expression);
    const filterIndex = method === undefined ? undefined : filterArguments[method];
    if (filterIndex !== undefined && isPresent(args[filterIndex])) return 'verified';
    const options = args.map((arg) => objectLiteralOf(arg, facts)).filter((obj): obj is ts.ObjectLiteralExpression => obj !== undefined);
    if (options.some((obj) => verifyingOptions.some((name) => hasOptionPath(obj, name.split('.'))))) return 'verified';
  }
  const retrieverCalls = [site.node, ...site.origin.calls.filter((call) => calleeLastName(call.expression) === 'asRetriever')];
  return retrieverCalls.some((call) => (call.arguments ?? []).some((arg, index) => isOpaqueArgument(arg, index, facts))) ? 'opaque' : 'unverified';
}

/**
 * The functions of this file that return the documents of a search nothing verifies, as they are or as
 * text made from them (not as one field of an object): each hands unverified context to its callers in
 * other files (see summaries/flow-facts.ts). A search whose documents reach a prompt in this file is
 * judged here, and returns to nobody else.
 */
export const unverifiedRetrievalReturns = memoPerNode((call: ts.CallExpression, facts: FileFacts): ReadonlySet<FunctionLike> => {
  const site = facts.callSiteOf(call);
  if (site?.entry.kind !== 'vector-store' || site.operation !== 'retrieve' || verdictAtCall(site, facts) !== 'unverified') return NONE;
  const flow = traceRetrievedDocuments(call, facts);
  if (flow.verified || flow.sinks.length > 0) return NONE;
  return traceRetrievedDocuments(call, facts, { wholeOnly: true }).returnedFrom;
});

const NONE: ReadonlySet<FunctionLike> = new Set();
