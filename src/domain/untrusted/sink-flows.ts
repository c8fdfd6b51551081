import { calleeLastName, ts } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import type { CodeSinkUse } from './code-sinks.js';
import { isGuarded, memberReadsIn, type FlowValue } from './output-guards.js';
import { isValueCheckedIn, untrustedFlowsInto, type TraceOptions, type UntrustedFlow } from './untrusted-flows.js';

/** Which untrusted flows reach a node: one trace configuration, applied to the sink and the variables on the way. */
export type FlowTrace = (node: ts.Node) => UntrustedFlow<string>[];

/** A negated character class, global: `/[^a-zA-Z0-9_.-]/g`. */
const NEGATED_CLASS = /^\/\[\^((?:\\.|[^\]\\])*)\]\+?\/[imsuy]*g[imsuy]*$/;
/** Characters a shell or a path reads as more than text: kept by the class, they keep the value dangerous. */
const UNSAFE_KEPT = /[/\\\s'"`$;|&<>(){}*?~!]/;

/**
 * `name.replace(/[^a-zA-Z0-9_-]/g, '')`: every character outside a small safe set removed or replaced
 * by one safe character. What is left names no other directory and carries no shell syntax. With
 * `dots: false`, a kept `.` disqualifies it: `..` alone still names the parent directory.
 */
export function keepsOnlySafeCharacters(call: ts.CallExpression, { dots = true }: { readonly dots?: boolean } = {}): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'replace' && callee.name.text !== 'replaceAll')) return false;
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement || !ts.isRegularExpressionLiteral(pattern) || !ts.isStringLiteralLike(replacement)) return false;
  const kept = NEGATED_CLASS.exec(pattern.text)?.[1];
  if (kept === undefined || (!dots && kept.includes('.'))) return false;
  return !UNSAFE_KEPT.test(kept.replace(/\\[wd-]/g, '')) && /^[-_]?$/.test(replacement.text);
}

/**
 * A trace for what reaches a code sink: untrusted flows past the catalog's sanitisers, through same-file
 * helpers, keeping only the kinds asked for (`extra` adds sources, e.g. a helper's parameters).
 */
export function sinkTrace(facts: FileFacts, kinds: ReadonlySet<string>, extra: TraceOptions = {}): FlowTrace {
  const { sanitizers } = facts.classifier.modelOutputExecution;
  const isBarrier = (call: ts.CallExpression): boolean => sanitizers.includes(calleeLastName(call.expression) ?? '') || keepsOnlySafeCharacters(call);
  return (node) => untrustedFlowsInto(node, facts, { followLocalFunctions: true, isBarrier, ...extra }).filter((flow) => kinds.has(flow.kind));
}

/**
 * The variables on the way that hold the traced value (not the constants and clients the trace also
 * visited, like a `ROOT` joined into the path), and the member reads that carry it. Whether a variable
 * holds it takes a trace of its own, so it is only worked out for the variables a check or guard names.
 */
function flowValue(flows: readonly UntrustedFlow<string>[], payloads: readonly ts.Expression[], facts: FileFacts, trace: FlowTrace): FlowValue {
  const candidates = new Set(flows.flatMap((flow) => [...flow.via]));
  const sources = new Set(flows.map((flow) => flow.source));
  const known = new Map<Declaration, boolean>();
  const holds = (decl: Declaration): boolean => {
    if (!candidates.has(decl)) return false;
    let answer = known.get(decl);
    if (answer === undefined) {
      const ref = facts.references(decl)[0];
      answer = sources.has(decl.node) || (ref !== undefined && trace(ref).length > 0);
      known.set(decl, answer);
    }
    return answer;
  };
  const payloadReads = new Set<string>();
  for (const payload of payloads) memberReadsIn(payload, facts, payloadReads);
  // The member reads in each candidate's initialiser: they carry the value when the candidate holds it.
  let readsOfCandidates: Map<string, Declaration[]> | undefined;
  const candidateReads = (): Map<string, Declaration[]> => {
    if (readsOfCandidates) return readsOfCandidates;
    readsOfCandidates = new Map();
    for (const decl of candidates) {
      if (!decl.init) continue;
      const reads = new Set<string>();
      memberReadsIn(decl.init.expression, facts, reads);
      for (const read of reads) readsOfCandidates.set(read, [...(readsOfCandidates.get(read) ?? []), decl]);
    }
    return readsOfCandidates;
  };
  const readsMember = (text: string): boolean => payloadReads.has(text) || (candidateReads().get(text) ?? []).some(holds);
  return { names: new Set([...candidates].map((decl) => decl.name)), holds, readsMember };
}

/**
 * Is the untrusted value reaching this sink cleared: validated on the way, checked elsewhere in the
 * file, or allow-listed or contained before the sink runs it?
 */
export function isClearedAtSink(use: CodeSinkUse, flows: readonly UntrustedFlow<string>[], facts: FileFacts, trace: FlowTrace): boolean {
  if (flows.some((flow) => flow.checkedOnTheWay)) return true;
  const value = flowValue(flows, use.payloads, facts, trace);
  return flows.some((flow) => isValueCheckedIn(facts.sourceFile, flow.source, value, facts)) || isGuarded(use.call, value, facts);
}
