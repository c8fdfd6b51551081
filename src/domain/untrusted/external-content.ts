import { calleeLastName, ts, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { returnedExpressions } from '../../model/value-flow.js';
import { untrustedFlowsInto, type ExtraSource, type TraceOptions, type UntrustedFlow, type UntrustedKind } from './untrusted-flows.js';
import { memoPerNode } from '../../model/node-memo.js';

/** Content from outside the trust boundary, as opposed to the user's own request or the model's output. */
export type ExternalKind = 'http-response' | 'web' | 'file' | 'email' | 'tool-result' | 'retrieved';
type ExtraKind = Exclude<ExternalKind, UntrustedKind>;

const EXTERNAL: ReadonlySet<string> = new Set<ExternalKind>(['http-response', 'web', 'file', 'email', 'tool-result', 'retrieved']);
/** Sources whose input is under the user's or the model's control: a file path chosen by them reads their choice. */
const STEERING: ReadonlySet<string> = new Set<UntrustedKind>(['request', 'model-output', 'tool-input']);
/** Same-file helpers followed into their return values, at most this deep. */
const MAX_HELPER_DEPTH = 3;

export type ExternalFlow = UntrustedFlow<ExternalKind>;

function isFileReadOfSteeredPath(call: ts.CallExpression, facts: FileFacts): boolean {
  const path = call.arguments[0];
  return !!path && untrustedFlowsInto(path, facts).some((flow) => STEERING.has(flow.kind) && !flow.checkedOnTheWay);
}

function sourceOf(call: ts.CallExpression, facts: FileFacts, helpers: readonly FunctionLike[] | 'none'): ExtraKind | ExternalKind | undefined {
  const { promptInjection } = facts.classifier;
  const site = facts.callSiteOf(call);
  if (site?.entry.kind === 'vector-store' && site.operation === 'retrieve') return 'retrieved';
  const origin = facts.originOf(call.expression);
  if (origin && origin.module !== 'globalThis') {
    if (facts.classifier.matches(promptInjection.emailReaders, origin)) return 'email';
    if (facts.classifier.matches(promptInjection.serviceContentReads, origin)) return 'http-response';
    if (facts.classifier.matches(promptInjection.toolResults, origin)) return 'tool-result';
    if (facts.classifier.matches(promptInjection.retrievers, origin)) return 'retrieved';
    if (facts.classifier.matches(promptInjection.fileReads, origin)) return isFileReadOfSteeredPath(call, facts) ? 'file' : undefined;
  }
  // `const page = await fetchPage(url)`: a same-file helper whose return value is external content.
  if (helpers === 'none') return undefined;
  const fn = facts.localFunction(call.expression);
  if (!fn || helpers.includes(fn) || helpers.length >= MAX_HELPER_DEPTH) return undefined;
  const inner = returnedExpressions(fn).flatMap((expr) => flowsInto(expr, facts, [...helpers, fn]));
  return inner.find((flow) => !flow.checkedOnTheWay && !isSanitizingName(calleeLastName(call.expression), facts))?.kind;
}

function flowsInto(expr: ts.Node, facts: FileFacts, helpers: readonly FunctionLike[]): ExternalFlow[] {
  return contentFlowsInto(expr, facts, {}, helpers).filter(isExternal);
}

export const isExternal = (flow: UntrustedFlow<string>): flow is ExternalFlow => EXTERNAL.has(flow.kind);

/**
 * Every untrusted flow reaching `expr`, built-in kinds (request input, model output…) and external
 * content alike; `options` extends the trace (open sources, same-file helpers).
 */
/** `helpers: 'none'` leaves same-file helpers to the caller (the function summaries follow them as calls). */
export function contentFlowsInto(expr: ts.Node, facts: FileFacts, options: Omit<TraceOptions, 'extraSource'> = {}, helpers: readonly FunctionLike[] | 'none' = []): UntrustedFlow<string>[] {
  const extraSource = helpers === 'none' ? sourceWithoutHelpers : helpers.length === 0 ? sourceThroughHelpers : (call: ts.CallExpression) => sourceOf(call, facts, helpers);
  return untrustedFlowsInto<ExtraKind>(expr, facts, { ...options, extraSource: extraSource as ExtraSource<ExtraKind> });
}

/** The two top-level forms of sourceOf, remembered per call (traces of a file ask about the same calls many times). */
const sourceWithoutHelpers = memoPerNode((call: ts.CallExpression, facts: FileFacts) => sourceOf(call, facts, 'none'));
const sourceThroughHelpers = memoPerNode((call: ts.CallExpression, facts: FileFacts) => sourceOf(call, facts, []));

/**
 * External content (HTTP bodies, web pages, files at steered paths, email, tool results, retrieved
 * documents) reaching `expr`; with `openSource`, also the flows of calls only the rest of the project can judge.
 */
export function externalFlowsInto(expr: ts.Node, facts: FileFacts, openSource?: TraceOptions['openSource']): UntrustedFlow<string>[] {
  const flows = contentFlowsInto(expr, facts, openSource ? { openSource } : {});
  return flows.filter((flow) => isExternal(flow) || (openSource !== undefined && !EXTERNAL.has(flow.kind) && !KNOWN.has(flow.kind)));
}

/** The trace's built-in kinds: a flow of any other kind came from an open source. */
const KNOWN: ReadonlySet<string> = new Set<UntrustedKind>(['request', 'http-response', 'web', 'model-output', 'tool-input']);

/** `sanitizeHtml`, `escapeXml`, `detectInjection`: a function named as a sanitising or injection-detection step. */
export function isSanitizingName(name: string | undefined, facts: FileFacts): boolean {
  if (!name) return false;
  return facts.classifier.promptInjection.sanitizerPrefixes.some((prefix) => name.startsWith(prefix) && (name.length === prefix.length || /[A-Z_0-9]/.test(name[prefix.length] ?? '')));
}
