import type { BranchRuns } from '../roles/branches.js';
import type { CalleeRef, FunctionFact } from './function-facts.js';
import { isFunctionId } from './callee-targets.js';
import { spanEdge } from './span-callers.js';
import { appendTo } from './multimap.js';

/** One call to a function, detached or not, with the calling function and file (none for a function handed on as a value). */
export interface CallTo {
  readonly detached: boolean;
  /** Nobody waits for the call's promise (a dropped statement), though its failure may go unhandled. */
  readonly unwaited?: boolean;
  readonly from?: string;
  readonly file?: string;
  readonly inBranch?: BranchRuns;
  /** Argument positions (bits) where the call passes nothing that could bound a request. */
  readonly optionless?: number;
}

/** Who calls each function, and how: the reverse of the call edges, split by what the caller does with the outcome. */
export interface CallerIndex {
  /** Callers that depend on the call (they neither drop nor catch its failure on the spot). */
  readonly callers: Map<string, string[]>;
  /** Functions some caller calls without depending on the outcome (it drops the failure on the spot). */
  readonly independentCallers: Set<string>;
  /** Callers that wait for the call but catch its failure (a tool turning it into an error answer). */
  readonly catchingCallers: Map<string, string[]>;
  /** Of those, request handlers that answer the request with the failure. */
  readonly answeringCallers: Map<string, string[]>;
  /** Per callee: each call to it. */
  readonly callsTo: Map<string, CallTo[]>;
  /** Callees that some other file starts detached: the project's own code decides how they are used. */
  readonly detachedFromElsewhere: Set<string>;
  /** Callees that some other file starts without waiting for them (detached ones too). */
  readonly unwaitedFromElsewhere: Set<string>;
  /** Every caller, including those that catch the call's failure: for where a call runs, not who depends on it. */
  readonly anyCallers: Map<string, string[]>;
  readonly callsInSpan: Set<string>;
  /** Functions some caller calls from a loop that runs the call again when it fails. */
  readonly retriedCallees: Set<string>;
}

/**
 * Appends a caller to a callee's list once, in first-call order: appended in place, with membership
 * kept in a set, so a callee with thousands of calls stays linear.
 */
function uniqueAppender(lists: Map<string, string[]>): (to: string, from: string) => void {
  const seen = new Map<string, Set<string>>();
  return (to, from) => {
    let known = seen.get(to);
    if (!known) {
      seen.set(to, (known = new Set()));
      lists.set(to, []);
    }
    if (known.has(from)) return;
    known.add(from);
    (lists.get(to) as string[]).push(from);
  };
}

/** Builds the caller index from each function's calls (`edges`: the resolved target of each, in order) and the functions it hands on as values. */
export function indexCallers(
  functions: readonly { readonly file: string; readonly fact: FunctionFact; readonly id: string }[],
  edges: ReadonlyMap<string, readonly string[]>,
  target: (file: string, callee: CalleeRef) => string,
  fileOf: (id: string) => string | undefined,
): CallerIndex {
  const index: CallerIndex = { callers: new Map(), independentCallers: new Set(), catchingCallers: new Map(), answeringCallers: new Map(), callsTo: new Map(), detachedFromElsewhere: new Set(), unwaitedFromElsewhere: new Set(), anyCallers: new Map(), callsInSpan: new Set(), retriedCallees: new Set() };
  const noteCall = (to: string, detached: boolean, from?: { file: string; id: string; inBranch?: BranchRuns; optionless?: number; unwaited?: boolean }) => {
    if (!isFunctionId(to)) return;
    const unwaited = detached || from?.unwaited === true;
    if (detached && from !== undefined && fileOf(to) !== from.file) index.detachedFromElsewhere.add(to);
    if (unwaited && from !== undefined && fileOf(to) !== from.file) index.unwaitedFromElsewhere.add(to);
    const call = { detached, ...(unwaited ? { unwaited } : {}), ...(from ? { from: from.id, file: from.file } : {}), ...(from?.inBranch ? { inBranch: from.inBranch } : {}), ...(from?.optionless ? { optionless: from.optionless } : {}) };
    appendTo(index.callsTo, to, call);
  };
  const appendAnyCaller = uniqueAppender(index.anyCallers);
  const addAnyCaller = (to: string, from: string, inSpan: boolean) => {
    if (!isFunctionId(to) || to === from) return;
    appendAnyCaller(to, from);
    if (inSpan) index.callsInSpan.add(spanEdge(from, to));
  };
  const appendCaller = uniqueAppender(index.callers);
  const addCaller = (to: string, from: string) => {
    if (isFunctionId(to) && to !== from) appendCaller(to, from);
  };
  for (const { file, fact: fn, id: from } of functions) {
    const out = edges.get(from) ?? [];
    // A caller that drops the call's failure on the spot does not depend on it.
    fn.calls.forEach(({ failureDropped, detached, unwaited, answered, inSpan, inBranch, retried, optionless }, i) => {
      const to = out[i] ?? 'unknown';
      noteCall(to, detached === true, { file, id: from, ...(inBranch ? { inBranch } : {}), ...(optionless ? { optionless } : {}), ...(unwaited ? { unwaited } : {}) });
      addAnyCaller(to, from, inSpan === true);
      if (retried && isFunctionId(to)) index.retriedCallees.add(to);
      if (failureDropped) {
        if (!isFunctionId(to)) return;
        index.independentCallers.add(to);
        if (!detached) appendTo(index.catchingCallers, to, from);
        if (answered) appendTo(index.answeringCallers, to, from);
      } else addCaller(to, from);
    });
    for (const ref of fn.refs ?? []) {
      const to = target(file, ref);
      noteCall(to, false);
      addCaller(to, from);
      addAnyCaller(to, from, false);
    }
  }
  return index;
}
