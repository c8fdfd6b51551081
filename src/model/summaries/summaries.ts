import type { ModuleGraph } from '../graph/module-graph.js';
import type { BaseEffects, CalleeRef, FunctionFact } from './function-facts.js';
import { agentPath } from './agent-path.js';

/** A small lattice: `no` < `unknown` < `yes`. A callee we cannot see is `unknown`, never safe and never network. */
export type Tri = 'no' | 'unknown' | 'yes';
const RANK: Readonly<Record<Tri, number>> = { no: 0, unknown: 1, yes: 2 };
const join = (a: Tri, b: Tri): Tri => (RANK[a] >= RANK[b] ? a : b);

export interface FunctionSummary {
  readonly reachesNetwork: Tri;
  readonly reachesLLM: Tri;
  readonly writesVectorStore: Tri;
  /** The function itself retries in a loop around what it calls. */
  readonly retriesInside: Tri;
}

const PROPAGATED = ['reachesNetwork', 'reachesLLM', 'writesVectorStore'] as const;
const UNKNOWN_CALLEE: FunctionSummary = { reachesNetwork: 'unknown', reachesLLM: 'unknown', writesVectorStore: 'unknown', retriesInside: 'unknown' };

export interface FunctionSummaries {
  /** A function by file and key (`name`, `Class.method`, `object.method`). */
  summaryOf(file: string, key: string): FunctionSummary | undefined;
  /** What the function a call goes to does (by the call's start offset); undefined for calls no summary covers. */
  summaryOfCall(file: string, at: number): FunctionSummary | undefined;
  /** Does the function (by file and key) run on an agent's behalf? See agent-path.ts. */
  agentPath(file: string, key: string): Tri;
  /** Is the function called, and only by callers that neither wait for it nor care whether it fails? */
  onlyDetachedCallers(file: string, key: string): boolean;
}

export interface SummaryOptions {
  /** Files of code a person drives (browser UI): caller chains that reach them are user-initiated. */
  readonly userFacing?: (file: string) => boolean;
}

const fromBase = (base: BaseEffects): FunctionSummary => ({
  reachesNetwork: base.network ? 'yes' : 'no',
  reachesLLM: base.llm ? 'yes' : 'no',
  writesVectorStore: base.vectorWrite ? 'yes' : 'no',
  retriesInside: base.retries ? 'yes' : 'no',
});

/**
 * Function summaries over the project call graph, a pure function of every file's function facts and
 * the module graph: strongly connected components (Tarjan) in callee-first order, each joined to a
 * fixed point.
 */
export function buildSummaries(files: readonly { readonly path: string; readonly functions: readonly FunctionFact[] }[], graph: ModuleGraph, options: SummaryOptions = {}): FunctionSummaries {
  const nodes = new Map<string, FunctionFact>();
  for (const file of files) for (const fn of file.functions) nodes.set(`${file.path}#${fn.key}`, fn);

  const target = (file: string, callee: CalleeRef): string | 'unknown' => {
    if (callee.kind === 'local') return `${file}#${callee.key}`;
    const origin = graph.resolveImport(file, callee.local);
    if (!origin) return 'unknown';
    const resolved = origin.name === '*' ? (callee.member ? graph.resolveExport(origin.file, callee.member) ?? { file: origin.file, name: callee.member } : undefined) : callee.member ? undefined : origin;
    if (!resolved) return 'unknown';
    const id = `${resolved.file}#${resolved.name}`;
    return nodes.has(id) ? id : 'unknown';
  };

  const edges = new Map<string, (string | 'unknown')[]>();
  const callTargets = new Map<string, string | 'unknown'>();
  for (const file of files) {
    for (const fn of file.functions) {
      const out = fn.calls.map(({ at, callee }) => {
        const to = target(file.path, callee);
        callTargets.set(`${file.path}@${at}`, to);
        return to;
      });
      edges.set(`${file.path}#${fn.key}`, out);
    }
  }
  const callers = new Map<string, string[]>();
  /** Functions some caller calls without depending on the outcome (it drops the failure on the spot). */
  const independentCallers = new Set<string>();
  /** Callers that wait for the call but catch its failure (a tool turning it into an error answer). */
  const catchingCallers = new Map<string, string[]>();
  /** Per callee: whether each call to it is detached (false also for a function handed on as a value). */
  const detachedCalls = new Map<string, boolean[]>();
  const noteCall = (to: string, detached: boolean) => {
    if (to !== 'unknown') detachedCalls.set(to, [...(detachedCalls.get(to) ?? []), detached]);
  };
  const addCaller = (to: string, from: string) => {
    if (to === 'unknown' || to === from) return;
    const list = callers.get(to) ?? [];
    if (!list.includes(from)) list.push(from);
    callers.set(to, list);
  };
  for (const file of files) {
    for (const fn of file.functions) {
      const from = `${file.path}#${fn.key}`;
      // A caller that drops the call's failure on the spot does not depend on it.
      fn.calls.forEach(({ failureDropped, detached }, i) => {
        const to = (edges.get(from) ?? [])[i] ?? 'unknown';
        noteCall(to, detached === true);
        if (failureDropped) {
          if (to === 'unknown') return;
          independentCallers.add(to);
          if (!detached) catchingCallers.set(to, [...(catchingCallers.get(to) ?? []), from]);
        } else addCaller(to, from);
      });
      for (const ref of fn.refs ?? []) {
        const to = target(file.path, ref);
        noteCall(to, false);
        addCaller(to, from);
      }
    }
  }

  const summaries = new Map<string, FunctionSummary>();
  for (const component of stronglyConnected([...nodes.keys()], (id) => (edges.get(id) ?? []).filter((t) => t !== 'unknown'))) {
    for (const id of component) summaries.set(id, fromBase((nodes.get(id) as FunctionFact).base));
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of component) {
        const current = summaries.get(id) as FunctionSummary;
        const next = { ...current };
        for (const to of edges.get(id) ?? []) {
          const callee = to === 'unknown' ? UNKNOWN_CALLEE : summaries.get(to);
          if (!callee) continue;
          for (const key of PROPAGATED) next[key] = join(next[key], callee[key]);
        }
        if (PROPAGATED.some((key) => next[key] !== current[key])) {
          summaries.set(id, next);
          changed = true;
        }
      }
    }
  }

  const located = new Map<string, { file: string; fact: FunctionFact }>();
  for (const file of files) for (const fn of file.functions) located.set(`${file.path}#${fn.key}`, { file: file.path, fact: fn });
  const pathInput = { nodes: located, callers, independentCallers, catchingCallers, summaries, userFacing: options.userFacing ?? (() => false) };
  const agentPaths = new Map<string, Tri>();
  return {
    agentPath: (file, key) => {
      const id = `${file}#${key}`;
      let found = agentPaths.get(id);
      if (found === undefined) agentPaths.set(id, (found = agentPath(id, pathInput)));
      return found;
    },
    onlyDetachedCallers: (file, key) => {
      const id = `${file}#${key}`;
      const calls = detachedCalls.get(id) ?? [];
      return nodes.get(id)?.open !== true && calls.length > 0 && calls.every(Boolean);
    },
    summaryOf: (file, key) => summaries.get(`${file}#${key}`),
    summaryOfCall: (file, at) => {
      const to = callTargets.get(`${file}@${at}`);
      return to === undefined ? undefined : to === 'unknown' ? UNKNOWN_CALLEE : summaries.get(to);
    },
  };
}

/** Tarjan's algorithm, iterative (deep call chains must not overflow the stack); components come callees first. */
export function stronglyConnected(ids: readonly string[], successors: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const succ = successors(frame.id);
      if (frame.next < succ.length) {
        const to = succ[frame.next++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
          onStack.delete(member);
          component.push(member);
          if (member === frame.id) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}
