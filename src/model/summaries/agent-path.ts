import type { FunctionFact } from './function-facts.js';
import type { FunctionSummary, Tri } from './summaries.js';

/** How far up the callers to look: past a wrapper or two, not across the whole program. */
const MAX_DEPTH = 4;

export interface AgentPathInput {
  readonly nodes: ReadonlyMap<string, { readonly file: string; readonly fact: FunctionFact }>;
  /** Resolved callers (and functions that hand it on as a value) of each node. */
  readonly callers: ReadonlyMap<string, readonly string[]>;
  /** Nodes called by some caller that drops the call's failure on the spot: a known caller that does not depend on it. */
  readonly independentCallers: ReadonlySet<string>;
  /** Callers that wait for the call but catch its failure: they still depend on it if they run for an agent themselves. */
  readonly catchingCallers: ReadonlyMap<string, readonly string[]>;
  readonly summaries: ReadonlyMap<string, FunctionSummary>;
  /** Code a person drives (browser UI): a failure there goes back to the person, who tries again. */
  readonly userFacing: (file: string) => boolean;
  /** A method only its own class calls, through `this`, and no other file names: its callers are all seen. */
  readonly privateInPractice: (file: string, key: string) => boolean;
}

/** Runs for the agent itself: a tool or job, or a function that (through its calls) talks to a model or writes a vector store. */
function drivesAgent(id: string, input: AgentPathInput): boolean {
  const node = input.nodes.get(id);
  if (node?.fact.entry) return true;
  const summary = input.summaries.get(id);
  return summary?.reachesLLM === 'yes' || summary?.writesVectorStore === 'yes';
}

/**
 * Does the function run on an agent's behalf: it, or some caller up to a few levels, is a tool
 * implementation, a scheduled job, or reaches an LLM call or a vector-store write? `yes` when such a
 * chain is found; `no` when every caller chain ends, within reach, at a root that does none of that
 * (a route handler, an event callback, UI code, a `(req, res)` handler however it is reached, a function
 * nothing calls); `unknown` when a chain
 * reaches a function that unseen code may call (a method, an exported function nothing here calls).
 */
export function agentPath(start: string, input: AgentPathInput): Tri {
  let result: Tri = 'no';
  const seen = new Set<string>([start]);
  let frontier = [start];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      // A tool that catches a helper's failure and answers the model with an error still depends on it.
      if (drivesAgent(id, input) || (input.catchingCallers.get(id) ?? []).some((caller) => drivesAgent(caller, input))) return 'yes';
      const node = input.nodes.get(id);
      if (!node) {
        result = 'unknown';
        continue;
      }
      // UI code, or a handler that answers the request itself: a failure goes back to who asked.
      if (input.userFacing(node.file) || node.fact.answersRequest) continue;
      const callers = input.callers.get(id) ?? [];
      // A method can be called through an instance the graph does not follow, wherever else it is called from,
      // unless it is private in practice (only `this.method()` calls, and no other file names it).
      const called = callers.length > 0 || input.independentCallers.has(id);
      const privateInPractice = node.fact.open === true && node.fact.thisOnly === true && input.privateInPractice(node.file, node.fact.key);
      const open = node.fact.open === true && !privateInPractice;
      // Every caller of a method private in practice is known: those that catch its failure are followed up too.
      const upward = privateInPractice ? [...callers, ...(input.catchingCallers.get(id) ?? [])] : callers;
      if ((open && (!called || node.fact.key.includes('.'))) || (upward.length > 0 && depth >= MAX_DEPTH)) result = 'unknown';
      if (depth >= MAX_DEPTH) continue;
      for (const caller of upward) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        next.push(caller);
      }
    }
    frontier = next;
  }
  return result;
}
