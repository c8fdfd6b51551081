import type { FunctionFact } from './function-facts.js';
import type { SummaryLookup, Tri } from './summaries.js';
import type { NamedCalls } from './member-callers.js';

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
  /** Of those, request handlers whose catch answers the request with the failure (`res.status(500)`). */
  readonly answeringCallers?: ReadonlyMap<string, readonly string[]>;
  readonly summaries: SummaryLookup;
  /** A file that defines a tool or imports one that does (an MCP server's HTTP front): its request handlers serve an agent. */
  readonly servesAgent?: (file: string) => boolean;
  /** A function some file holds as a value at module level (`const handlers = { get_weather: getWeather }`): called from out of view. */
  readonly heldAsValue?: (id: string) => boolean;
  /** Code a person drives (browser UI): a failure there goes back to the person, who tries again. */
  readonly userFacing: (file: string) => boolean;
  /** A method only its own class calls, through `this`, and no other file names: its callers are all seen. `internal`: see FunctionFact. */
  readonly privateInPractice: (file: string, key: string, internal: boolean) => boolean;
  /** A method whose every call the graph sees, counting calls by its name on untraced receivers (member-callers.ts). */
  readonly allCallsSeen?: (id: string) => boolean;
  /** A method whose name the project mentions only in calls: nothing hands it on as a value (member-callers.ts). */
  readonly mentionedOnlyInCalls?: (id: string) => boolean;
  /** Those calls by name: its further callers when all its calls are seen. */
  readonly memberCallers?: (id: string) => NamedCalls;
  /** A tool whose framework hands what it throws to the model as its result: its failure does not end the run. */
  readonly errorsAnswerModel?: (id: string) => boolean;
  /** A method of a tool class (LangChain `class X extends Tool`) whose framework answers the model with what the tool throws. */
  readonly inAnsweredToolClass?: (id: string) => boolean;
  /** Does the first file import the second (a module graph edge)? */
  readonly imports?: (from: string, to: string) => boolean;
}

/**
 * `dependsOnSuccess`: the question is whether an agent run fails when the call fails, not only whether the
 * function runs for an agent. A caller that catches the failure (a tool answering the model with an error,
 * a fallback to the next source) ends that chain as a caller dropping it does.
 */
export interface AgentPathOptions {
  readonly dependsOnSuccess?: boolean;
  /** With dependsOnSuccess: a tool whose framework answers the model with its failure ends the chain too. */
  readonly toolErrorsAnswered?: boolean;
  /** Every chain must end where a request or an event starts (`strict` from the first step): code nothing calls may be a job. */
  readonly requestRoots?: boolean;
}

/** Runs for the agent itself: a tool or job, or a function that (through its calls) talks to a model or writes a vector store. */
function drivesAgent(id: string, input: AgentPathInput): boolean {
  const node = input.nodes.get(id);
  if (node?.fact.entry) return true;
  const summary = input.summaries.get(id);
  return summary?.reachesLLM === 'yes' || summary?.writesVectorStore === 'yes';
}

/** Where the walk goes from one function: the callers it follows, and whether unseen code may call it too. */
function callersOf(id: string, node: { readonly file: string; readonly fact: FunctionFact }, input: AgentPathInput, options: AgentPathOptions): { upward: readonly string[]; unseen: boolean; byName: boolean } {
  const callers = input.callers.get(id) ?? [];
  // A method can be called through an instance the graph does not follow, wherever else it is called from,
  // unless it is private in practice (only `this.method()` calls, and no other file names it) ...
  const thisOnlyPrivate = node.fact.open === true && node.fact.thisOnly === true && input.privateInPractice(node.file, node.fact.key, node.fact.internal === true);
  // ... or no file names it but in calls the graph recorded, counting calls by its name whatever the receiver.
  const seenAll = node.fact.open === true && !thisOnlyPrivate && input.allCallsSeen?.(id) === true;
  const named = seenAll ? input.memberCallers?.(id) : undefined;
  const called = callers.length > 0 || input.independentCallers.has(id) || (named !== undefined && (named.waiting.length > 0 || named.detached));
  const privateInPractice = thisOnlyPrivate || (seenAll && called);
  const open = node.fact.open === true && !privateInPractice;
  // Code out of view may call it: an open function nothing here calls, or an open method, however called.
  const outOfView = open && (!called || node.fact.key.includes('.'));
  // Every caller of a method private in practice is known: those that catch its failure are followed up too.
  // Asked whether an agent run fails with it, callers that catch its failure end their chain (by name too).
  const catching = options.dependsOnSuccess ? [] : (input.catchingCallers.get(id) ?? []);
  const namedCallers = (options.dependsOnSuccess ? named?.uncaught : named?.waiting) ?? [];
  // Asked whether only a person's requests run it, a caller that catches the failure runs it all the same:
  // followed wherever every caller is known.
  const known = privateInPractice || (options.requestRoots === true && !outOfView);
  const upward = known ? [...new Set([...callers, ...catching, ...namedCallers])] : callers;
  return { upward, unseen: outOfView && !handledByEveryCallerInView(id, node.fact.key, callers, input, options) && !toolContractHeld(id, input, options), byName: seenAll && called };
}

/**
 * Asked whether a run fails with a call that has no retry at all: a public method of a tool class whose
 * framework answers the model with what the tool throws (`results()` beside `_call` in `class Search
 * extends Tool`) is the tool's own API, and code outside that calls it holds the tool's contract.
 */
function toolContractHeld(id: string, input: AgentPathInput, options: AgentPathOptions): boolean {
  if (options.dependsOnSuccess !== true || options.toolErrorsAnswered !== true || input.inAnsweredToolClass?.(id) !== true) return false;
  // A call by its name outside the class (`new WikiSearch()._fetchPages(q)` in another module) is code in
  // view that uses the method for itself, with callers of its own: no tool stands behind it.
  // Calls by the name in modules that do not import the class's file are other methods of that name.
  const cls = id.slice(0, id.lastIndexOf('.') + 1);
  const file = id.slice(0, id.indexOf('#'));
  const named = input.memberCallers?.(id);
  const usesTheClass = (caller: string): boolean => !caller.startsWith(cls) && input.imports?.(caller.slice(0, caller.indexOf('#')), file) !== false;
  return !named || !named.waiting.some(usesTheClass);
}

/** How many callers up a failure may travel through callers that let it through before one in view must handle it. */
const MAX_CONTRACT_DEPTH = 3;

/**
 * Asked whether a run fails with it: a function that code outside may call, whose every call in the
 * project, resolved or by its name, catches its failure (`try { return await gateway.fetchProviders() }
 * catch { warn(); return fallback }`), or, for a call with no retry at all, passes it to a caller whose own
 * every call does, a few levels up (`processFile` catching what `processBinaryFile` lets through from
 * `downloadBinaryFile`), with no tool, job or model call on the way. Its contract is to throw to its
 * caller, and the package's own use handles that; an outside caller holds the same contract.
 */
function handledByEveryCallerInView(id: string, key: string, callers: readonly string[], input: AgentPathInput, options: AgentPathOptions, depth = 0): boolean {
  if (!options.dependsOnSuccess) return false;
  // A method the project also hands on as a value (`catalogs.map((c) => c.fetchProviders)`) has calls out of view.
  if (key.includes('.') && input.mentionedOnlyInCalls?.(id) !== true) return false;
  const named = input.memberCallers?.(id);
  if (named && (named.uncaught.length > 0 || named.detached)) return false;
  // Through callers that let it through, only for a call with no retry at all: a flawed retry loop hammers
  // its upstream however far up its last failure is handled.
  if (callers.length > 0) return options.toolErrorsAnswered === true && depth < MAX_CONTRACT_DEPTH && callers.every((caller) => callerHandlesUpward(caller, input, options, depth + 1));
  // Calls by its name on receivers no file traces count too: none of them lets the failure through (above).
  return (input.catchingCallers.get(id) ?? []).length > 0 || input.independentCallers.has(id) || (named?.waiting.length ?? 0) > 0;
}

/** Each caller's answer, per project and question: a name may have thousands of callers in a bundle. */
const upwardAnswers = new WeakMap<AgentPathInput, Map<string, boolean>>();

/** A caller letting the failure through holds the contract when it drives no agent and every call of it is handled in view. */
function callerHandlesUpward(id: string, input: AgentPathInput, options: AgentPathOptions, depth: number): boolean {
  let answers = upwardAnswers.get(input);
  if (!answers) upwardAnswers.set(input, (answers = new Map()));
  const key = `${options.dependsOnSuccess === true}|${options.toolErrorsAnswered === true}|${depth}|${id}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const node = input.nodes.get(id);
  const answer = node !== undefined && !drivesAgent(id, input) && handledByEveryCallerInView(id, node.fact.key, input.callers.get(id) ?? [], input, options, depth);
  answers.set(key, answer);
  return answer;
}

/**
 * Where a request or an event starts: a route, a request handler, a registered callback (route,
 * listener, procedure resolver). A function nothing calls, or whose only callers drop its failure, may
 * instead be a background task nobody waits on.
 */
const startsRequest = (id: string, fact: FunctionFact): boolean => fact.route === true || fact.answersRequest === true || id.includes('#<callback@');

/** A file whose path names unattended work (`app/api/cron/sync/route.ts`, `routes/webhooks.ts`): no person sends those requests. */
const UNATTENDED_PATH = /(?:^|\/)(?:cron|crons|webhook|webhooks|jobs?|tasks?|queues?|workers?)(?:\/|\.[cm]?[jt]sx?$)/i;

/**
 * Where a person's request starts: a route, or a handler that answers the request itself (`res.json(…)`),
 * in a file that serves no agent (an MCP server's auth middleware answers the agent's requests) and whose
 * path names no cron, webhook or job route.
 */
const answersPerson = (node: { readonly file: string; readonly fact: FunctionFact }, input: AgentPathInput): boolean =>
  (node.fact.route === true || node.fact.answersRequest === true) && input.servesAgent?.(node.file) !== true && !UNATTENDED_PATH.test(node.file);

/**
 * Does the function run on an agent's behalf: it, or some caller up to a few levels, is a tool
 * implementation, a scheduled job, or reaches an LLM call or a vector-store write? `yes` when such a
 * chain is found; `no` when every caller chain ends, within reach, at a root that does none of that
 * (a route handler, an event callback, UI code, a `(req, res)` handler however it is reached, a function
 * nothing calls); `unknown` when a chain reaches a function that unseen code may call (a method, an
 * exported function nothing here calls). Past a method reached through calls by its name, a chain must
 * end where a request or an event starts (`strict`): those calls widen the walk, so its roots must say more.
 * With `requestRoots`, every chain is strict from the start and must end where a person's request starts
 * (`answersPerson`, or UI code calling the function): `no` then means only people's requests run it.
 */
export function agentPath(start: string, input: AgentPathInput, options: AgentPathOptions = {}): Tri {
  let result: Tri = 'no';
  const seen = new Set<string>([start]);
  let frontier: { id: string; strict: boolean }[] = [{ id: start, strict: options.requestRoots === true }];
  for (let depth = 0; frontier.length > 0; depth++) {
    const next: { id: string; strict: boolean }[] = [];
    for (const { id, strict } of frontier) {
      // Asked whether the run fails with the call: a tool the framework answers the model for on failure
      // (AI SDK 5+, OpenAI Agents, MCP servers) ends the chain as a tool catching the failure itself does.
      if (options.dependsOnSuccess && options.toolErrorsAnswered && input.errorsAnswerModel?.(id)) continue;
      // A tool that catches a helper's failure and answers the model with an error still runs it for the agent.
      if (drivesAgent(id, input) || (!options.dependsOnSuccess && (input.catchingCallers.get(id) ?? []).some((caller) => drivesAgent(caller, input)))) return 'yes';
      const node = input.nodes.get(id);
      if (!node) {
        result = 'unknown';
        continue;
      }
      // UI code, or a handler that answers the request itself: a failure goes back to who asked.
      if (input.userFacing(node.file)) {
        // UI code calling a server function is a person's request; a request made in the UI itself is
        // judged as browser code, when a user includes that role.
        if (options.requestRoots && id === start) result = 'unknown';
        continue;
      }
      if (node.fact.answersRequest) {
        // Asked whether a person's request is all that runs it, a handler that serves an agent is no such root.
        if (options.requestRoots && !answersPerson(node, input)) result = 'unknown';
        continue;
      }
      const found = callersOf(id, node, input, options);
      const { unseen, byName } = found;
      // A strict chain also ends at a request handler that catches the failure and answers with it (`res.status(500)`).
      const answering = strict ? (input.answeringCallers?.get(id) ?? []) : [];
      const upward = answering.length > 0 ? [...new Set([...found.upward, ...answering])] : found.upward;
      const root = options.requestRoots ? answersPerson(node, input) : startsRequest(id, node.fact);
      // Asked whether only a person's requests run it, a function held as a value may run for anyone.
      const heldAsValue = options.requestRoots === true && input.heldAsValue?.(id) === true;
      if (unseen || heldAsValue || (upward.length > 0 && depth >= MAX_DEPTH) || (strict && upward.length === 0 && !root)) result = 'unknown';
      if (depth >= MAX_DEPTH) continue;
      for (const caller of upward) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        next.push({ id: caller, strict: strict || byName });
      }
    }
    frontier = next;
  }
  return result;
}
