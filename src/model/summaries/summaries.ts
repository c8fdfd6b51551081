import type { BranchRuns } from '../roles/branches.js';
import type { ModuleGraph } from '../graph/module-graph.js';
import type { CalleeRef, FunctionFact } from './function-facts.js';
import { agentPath, type AgentPathOptions } from './agent-path.js';
import { tracedByCallers } from './span-callers.js';
import { createCalleeTargets, isFunctionId } from './callee-targets.js';
import { indexCallers } from './caller-index.js';
import { createUntrustedParameters } from './untrusted-parameters.js';
import { returnedParameters } from './returned-parameters.js';
import { toolAnswers } from './tool-answers.js';
import { memberCallers } from './member-callers.js';
import { stronglyConnected } from './strongly-connected.js';

/** A small lattice: `no` < `unknown` < `yes`. A callee we cannot see is `unknown`, never safe and never network. */
export type Tri = 'no' | 'unknown' | 'yes';
const RANK: Readonly<Record<Tri, number>> = { no: 0, unknown: 1, yes: 2 };
const join = (a: Tri, b: Tri): Tri => (RANK[a] >= RANK[b] ? a : b);

export interface FunctionSummary {
  readonly reachesNetwork: Tri;
  readonly reachesLLM: Tri;
  /** Of the model calls, one that makes text (an agent's step), not only embeddings, images or speech. */
  readonly reachesTextModel: Tri;
  readonly writesVectorStore: Tri;
  /** The function itself retries in a loop around what it calls. */
  readonly retriesInside: Tri;
  /** It returns text or an object an LLM produced, itself or through a project function it returns from. */
  readonly returnsModelOutput: Tri;
  /** It returns external content: fetched pages, search results, HTTP bodies, email, tool results, retrieved documents. */
  readonly returnsUntrustedContent: Tri;
  /** Of that content, documents of a vector-store search that nothing verified (no score threshold, filter or reranker), itself or through a project function it returns from. */
  readonly returnsUnverifiedRetrieval: Tri;
  /** Parameters (by position) that reach a code sink (eval, a shell, raw SQL, a written path…) unchecked, here or in a callee, with the sink's kind. */
  readonly paramFlowsToSink: Readonly<Record<number, string>>;
  /** Of those, options objects of which only these properties reach it (`({ path, text }) => writeFile(path, text)`: `path`). */
  readonly paramSinkProperties?: Readonly<Record<number, readonly string[]>>;
  /** Parameters (by position) that become a system prompt or agent instructions, here or in a callee they are handed to (absent: none). */
  readonly paramsInSystemPrompt?: readonly number[];
}

/** Does the value passed as this argument (or, for an object literal, at one of these properties) reach a code sink in the callee? */
export function argumentReachesSink(summary: FunctionSummary, argument: number, properties?: readonly string[]): boolean {
  if (summary.paramFlowsToSink[argument] === undefined) return false;
  const reaching = summary.paramSinkProperties?.[argument];
  return reaching === undefined || properties === undefined || properties.some((p) => reaching.includes(p));
}

const PROPAGATED = ['reachesNetwork', 'reachesLLM', 'reachesTextModel', 'writesVectorStore'] as const;
/** Joined over the functions whose result a function returns, not over every call it makes. */
const RETURNED = [['returnsModelOutput', 'returnsModel'], ['returnsUntrustedContent', 'returnsUntrusted'], ['returnsUnverifiedRetrieval', 'returnsRetrieved']] as const;
const UNKNOWN_CALLEE: FunctionSummary = {
  reachesNetwork: 'unknown',
  reachesLLM: 'unknown',
  reachesTextModel: 'unknown',
  writesVectorStore: 'unknown',
  retriesInside: 'unknown',
  returnsModelOutput: 'unknown',
  returnsUntrustedContent: 'unknown',
  returnsUnverifiedRetrieval: 'unknown',
  // A parameter of a function we cannot see reaches no sink we know of: a finding needs a seen sink.
  paramFlowsToSink: {},
};

/** How many callers up a request handler may run a function: past a wrapper or two, not across the program. */
const REQUEST_CALLER_LEVELS = 4;

/** Some function among the function's callers, up to REQUEST_CALLER_LEVELS up, is a route or answers a request. */
function reachedFromRequest(start: string, callers: ReadonlyMap<string, readonly string[]>, factOf: (id: string) => FunctionFact | undefined): boolean {
  const seen = new Set([start]);
  let frontier = [start];
  for (let level = 0; level < REQUEST_CALLER_LEVELS && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const caller of callers.get(id) ?? []) {
        if (seen.has(caller)) continue;
        seen.add(caller);
        const fact = factOf(caller);
        if (fact?.route || fact?.answersRequest) return true;
        next.push(caller);
      }
    }
    frontier = next;
  }
  return false;
}

export interface FunctionSummaries {
  /** A function by file and key (`name`, `Class.method`, `object.method`). */
  summaryOf(file: string, key: string): FunctionSummary | undefined;
  /** What the function a call goes to does (by the call's start offset); undefined for calls no summary covers. */
  summaryOfCall(file: string, at: number): FunctionSummary | undefined;
  /** What the function a callee reference of `file` goes to does (unknown when it resolves to nothing seen). */
  summaryOfCallee(file: string, callee: CalleeRef): FunctionSummary;
  /** Does the function (by file and key) run on an agent's behalf? See agent-path.ts. */
  agentPath(file: string, key: string): Tri;
  /** agentPath, where every chain must end where a request or an event starts: 'no' when each does, with no tool, job or LLM path on the way. */
  requestPath(file: string, key: string): Tri;
  /** Does some caller chain of the function, a few callers up, start at an HTTP route or a handler that answers a request? */
  servesRequests(file: string, key: string): boolean;
  /**
   * Does an agent run fail when the function fails: an agent path on which no caller catches its failure
   * (nor, with `toolErrorsAnswered`, a tool framework that hands the failure to the model).
   */
  agentDependsOn(file: string, key: string, toolErrorsAnswered?: boolean): Tri;
  /** Is the function called, and only by callers that neither wait for it nor care whether it fails? */
  onlyDetachedCallers(file: string, key: string): boolean;
  /** Does no caller wait for it: every call (or its caller's) is a dropped statement or detached? A hang there holds nobody. */
  onlyUnwaitedCallers(file: string, key: string): boolean;
  /** Does every caller chain run the function inside a span some caller opens? See span-callers.ts. */
  tracedByCallers(file: string, key: string): boolean;
  /**
   * Is the function called, and every call made in a branch for which `runsThere` holds (a branch that
   * runs only in development)? An exported function counts once files other than its own call it.
   */
  onlyCalledInBranches(file: string, key: string, runsThere: (callerFile: string, runs: BranchRuns) => boolean): boolean;
  /** Is external content passed as this parameter (by position) at some call site in the project? */
  parameterReceivesUntrusted(file: string, key: string, param: number): boolean;
  /** Does some call in the project pass nothing that could bound a request (no signal, no timeout) as this parameter? */
  someCallOmitsBound(file: string, key: string, param: number): boolean;
  /** Does some caller run the function again when it fails (a retry or fall-through loop around the call), itself or one call up? */
  retriedByCaller(file: string, key: string): boolean;
}

export interface SummaryOptions {
  /** Files of code a person drives (browser UI): caller chains that reach them are user-initiated. */
  readonly userFacing?: (file: string) => boolean;
  /** Is this method (`Class.method` of a file) private in practice: no other file names it, and the package is no library or the class is internal to its file? */
  readonly privateInPractice?: (file: string, key: string, internal: boolean) => boolean;
  /** Is the file in a published library, whose methods code outside the project may call? */
  readonly publishedLibrary?: (file: string) => boolean;
  /** The major version of a module that the package.json over the file declares, when it names one. */
  readonly dependencyMajor?: (file: string, module: string) => number | undefined;
}

const fromFact = ({ base, flows }: FunctionFact): FunctionSummary => ({
  reachesNetwork: base.network ? 'yes' : 'no',
  reachesLLM: base.llm ? 'yes' : 'no',
  reachesTextModel: base.textModel ? 'yes' : 'no',
  writesVectorStore: base.vectorWrite ? 'yes' : 'no',
  retriesInside: base.retries ? 'yes' : 'no',
  returnsModelOutput: flows?.returnsModel ? 'yes' : 'no',
  returnsUntrustedContent: flows?.returnsUntrusted ? 'yes' : 'no',
  returnsUnverifiedRetrieval: flows?.returnsRetrieved ? 'yes' : 'no',
  paramFlowsToSink: Object.fromEntries((flows?.paramSinks ?? []).map(({ param, sink }) => [param, sink])),
  ...(flows?.paramSinks?.some((s) => s.properties) ? { paramSinkProperties: Object.fromEntries(flows.paramSinks.flatMap(({ param, properties }) => (properties ? [[param, properties]] : []))) } : {}),
  ...(flows?.promptParams?.length ? { paramsInSystemPrompt: flows.promptParams } : {}),
});

/** Does the call return its argument at this position: the project function's summary says, and a package's is taken to. */
type ReturnsArgument = (callee: CalleeRef, argument: number) => boolean;

/** `return clean(await fetchPage(url))`: a returned helper call that returns an argument carrying external content. */
function returnsUntrustedThrough(fact: FunctionFact, calleeOf: (ref: CalleeRef) => FunctionSummary | undefined, returnsArgument: ReturnsArgument): boolean {
  return (fact.flows?.returnsThrough ?? []).some(
    (via) => returnsArgument(via.callee, via.argument) && (via.external === true || (via.from ?? []).some((ref) => calleeOf(ref)?.returnsUntrustedContent === 'yes')),
  );
}

/**
 * `return format(reply.output_text)`: a returned helper call that returns an argument carrying the output
 * of a model call made here. (What another project function returns, passed on, is that function's.)
 */
function returnsModelThrough(fact: FunctionFact, returnsArgument: ReturnsArgument): boolean {
  return (fact.flows?.returnsThrough ?? []).some((via) => via.model === true && returnsArgument(via.callee, via.argument));
}

/** One step of the fixed point: the function's summary joined with what its callees are known to do now. */
function joinCallees(
  fact: FunctionFact,
  current: FunctionSummary,
  callees: readonly FunctionSummary[],
  calleeOf: (ref: CalleeRef) => FunctionSummary | undefined,
  returnsArgument: ReturnsArgument,
): FunctionSummary {
  const sinks: Record<number, string> = { ...current.paramFlowsToSink };
  const next: { -readonly [K in keyof FunctionSummary]: FunctionSummary[K] } = { ...current, paramFlowsToSink: sinks };
  for (const callee of callees) for (const key of PROPAGATED) next[key] = join(next[key], callee[key]);
  const returned = (fact.flows?.returnsFrom ?? []).map(calleeOf).filter((s): s is FunctionSummary => s !== undefined);
  for (const [key] of RETURNED) for (const callee of returned) next[key] = join(next[key], callee[key]);
  if (next.returnsUntrustedContent !== 'yes' && returnsUntrustedThrough(fact, calleeOf, returnsArgument)) next.returnsUntrustedContent = 'yes';
  if (next.returnsModelOutput !== 'yes' && returnsModelThrough(fact, returnsArgument)) next.returnsModelOutput = 'yes';
  for (const { param, callee, argument } of fact.flows?.forwards ?? []) {
    if (calleeOf(callee)?.paramsInSystemPrompt?.includes(argument) && !next.paramsInSystemPrompt?.includes(param)) next.paramsInSystemPrompt = [...(next.paramsInSystemPrompt ?? []), param].sort((a, b) => a - b);
    const sink = calleeOf(callee)?.paramFlowsToSink[argument];
    if (sink === undefined) continue;
    if (sinks[param] === undefined) sinks[param] = sink;
    // Handed on whole: the parameter as a whole reaches the sink, whatever own properties did.
    if (next.paramSinkProperties?.[param] !== undefined) {
      const rest: Record<number, readonly string[]> = { ...next.paramSinkProperties };
      delete rest[param];
      if (Object.keys(rest).length > 0) next.paramSinkProperties = rest;
      else delete next.paramSinkProperties;
    }
  }
  return next;
}

const sameSummary = (a: FunctionSummary, b: FunctionSummary): boolean =>
  PROPAGATED.every((key) => a[key] === b[key]) && RETURNED.every(([key]) => a[key] === b[key]) && Object.keys(a.paramFlowsToSink).length === Object.keys(b.paramFlowsToSink).length && (a.paramsInSystemPrompt?.length ?? 0) === (b.paramsInSystemPrompt?.length ?? 0);

/** Function summaries by id, each worked out when first asked for. */
export interface SummaryLookup {
  get(id: string): FunctionSummary | undefined;
}

/**
 * Each function's summary: its own facts joined with its callees', computed per strongly connected
 * component of the call graph (callees first) and, inside a component, repeated until nothing changes.
 * Solved on demand: a question solves the components its function reaches, not the whole project's,
 * and a component once solved is final (its callees were solved before it).
 */
function summariseToFixedPoint(
  located: ReadonlyMap<string, { file: string; fact: FunctionFact }>,
  edges: ReadonlyMap<string, readonly string[]>,
  flowEdges: ReadonlyMap<string, readonly string[]>,
  target: (file: string, callee: CalleeRef) => string,
  returnsParams: (id: string) => readonly number[],
): SummaryLookup {
  const summaries = new Map<string, FunctionSummary>();
  // Solved functions are final: the search for components stops at them.
  const successors = (id: string): string[] => [...(edges.get(id) ?? []).filter(isFunctionId), ...(flowEdges.get(id) ?? [])].filter((to) => !summaries.has(to));
  const solve = (component: readonly string[]): void => {
    for (const id of component) summaries.set(id, fromFact((located.get(id) as { fact: FunctionFact }).fact));
    for (let changed = true; changed; ) {
      changed = false;
      for (const id of component) {
        const { file, fact } = located.get(id) as { file: string; fact: FunctionFact };
        const current = summaries.get(id) as FunctionSummary;
        const callees = (edges.get(id) ?? []).flatMap((to) => {
          const callee = to === 'unknown' ? UNKNOWN_CALLEE : summaries.get(to);
          return callee ? [callee] : [];
        });
        const calleeOf = (ref: CalleeRef): FunctionSummary | undefined => {
          const to = target(file, ref);
          return to === 'unknown' ? UNKNOWN_CALLEE : summaries.get(to);
        };
        // A package's function (no summary) is taken to return what it is given, as the file's own trace takes any call.
        const returnsArgument = (ref: CalleeRef, argument: number): boolean => {
          const to = target(file, ref);
          return !isFunctionId(to) || returnsParams(to).includes(argument);
        };
        const next = joinCallees(fact, current, callees, calleeOf, returnsArgument);
        if (!sameSummary(next, current)) {
          summaries.set(id, next);
          changed = true;
        }
      }
    }
  };
  return {
    get: (id) => {
      if (!summaries.has(id) && located.has(id)) for (const component of stronglyConnected([id], successors)) solve(component);
      return summaries.get(id);
    },
  };
}

/**
 * Function summaries over the project call graph, a pure function of every file's function facts and
 * the module graph: strongly connected components (Tarjan) in callee-first order, each joined to a
 * fixed point.
 */
export function buildSummaries(
  files: readonly { readonly path: string; readonly functions: readonly FunctionFact[]; readonly looseNames?: readonly string[]; readonly valueRefs?: readonly CalleeRef[] }[],
  graph: ModuleGraph,
  options: SummaryOptions = {},
): FunctionSummaries {
  /** Each function with its id, built once: the maps below then hash one string per function. */
  const functions: { readonly file: string; readonly fact: FunctionFact; readonly id: string }[] = [];
  for (const file of files) for (const fact of file.functions) functions.push({ file: file.path, fact, id: `${file.path}#${fact.key}` });
  const nodes = new Map<string, FunctionFact>();
  const located = new Map<string, { file: string; fact: FunctionFact }>();
  for (const { file, fact, id } of functions) {
    nodes.set(id, fact);
    located.set(id, { file, fact });
  }

  const target = createCalleeTargets(graph, nodes);
  const edges = new Map<string, (string | 'unknown')[]>();
  /** Also the functions it returns from or passes parameters to, which need not be among its own calls (a followed local helper's). */
  const flowEdges = new Map<string, string[]>();
  const callTargets = new Map<string, string | 'unknown'>();
  for (const { file, fact: fn, id } of functions) {
    const out = fn.calls.map(({ at, callee }) => {
      const to = target(file, callee);
      callTargets.set(`${file}@${at}`, to);
      return to;
    });
    edges.set(id, out);
    const through = (fn.flows?.returnsThrough ?? []).flatMap((via) => [via.callee, ...(via.from ?? [])]);
    const refs = [...(fn.flows?.returnsFrom ?? []), ...(fn.flows?.forwards ?? []).map((f) => f.callee), ...through];
    if (refs.length > 0) flowEdges.set(id, refs.map((ref) => target(file, ref)).filter(isFunctionId));
  }
  const { callers, independentCallers, catchingCallers, answeringCallers, callsTo, detachedFromElsewhere, unwaitedFromElsewhere, anyCallers, callsInSpan, retriedCallees } = indexCallers(functions, edges, target, (id) => located.get(id)?.file);

  const returnsParams = returnedParameters(located, target);
  const summaries = summariseToFixedPoint(located, edges, flowEdges, target, returnsParams);

  const byName = memberCallers(functions, files);
  // Files that define a tool, or import a file that does (a server registering them): a request handler
  // there serves the agent (an MCP server's auth step), not a person.
  const toolFiles = new Set(functions.filter(({ fact }) => fact.entry === 'tool').map(({ file }) => file));
  const agentFiles = new Set([...toolFiles, ...files.filter((f) => (graph.edges[f.path] ?? []).some((edge) => toolFiles.has(edge.to))).map((f) => f.path)]);
  // Functions some file holds as a value at module level (a dispatch table, a worker's processor): callers out of view.
  const heldAsValues = new Set(files.flatMap((f) => (f.valueRefs ?? []).map((ref) => target(f.path, ref)).filter(isFunctionId)));
  const answers = toolAnswers(located, graph, options.dependencyMajor);
  const pathInput = {
    nodes: located,
    servesAgent: (file: string) => agentFiles.has(file),
    heldAsValue: (id: string) => heldAsValues.has(id),
    callers,
    independentCallers,
    catchingCallers,
    answeringCallers,
    summaries,
    userFacing: options.userFacing ?? (() => false),
    privateInPractice: options.privateInPractice ?? (() => false),
    allCallsSeen: (id: string) => byName.allCallsSeen(id, options.publishedLibrary ?? (() => false)),
    mentionedOnlyInCalls: (id: string) => byName.mentionedOnlyInCalls(id),
    memberCallers: byName.callers,
    ...answers,
  };
  /** An agent-path question per function, each answer kept: rules ask it for every call site of a function. */
  const rememberedPath = (options: AgentPathOptions): ((file: string, key: string) => Tri) => {
    const answers = new Map<string, Tri>();
    return (file, key) => {
      const id = `${file}#${key}`;
      let found = answers.get(id);
      if (found === undefined) answers.set(id, (found = agentPath(id, pathInput, options)));
      return found;
    };
  };
  let receiving: ((id: string, param: number) => boolean) | undefined;
  const resolveFunction = (file: string, callee: CalleeRef): string | undefined => {
    const to = target(file, callee);
    return isFunctionId(to) ? to : undefined;
  };
  /**
   * Called, and every call is detached or made by a function that is itself only started detached (a
   * helper of a best-effort notifier), up to `levels` callers up. An exported function may be called
   * from code we do not see, unless other files of the project start it detached: then its callers
   * show what it is for (telemetry sent and not waited for). A method whose every call the graph sees,
   * counting calls by its name on receivers no file can trace (`services.sync.markUnread()`), has those
   * callers too. With `unwaitedCounts`, a call nobody waits for whose failure may go unhandled (a dropped
   * statement) counts as detached: the question is then only whether anyone waits.
   */
  const onlyDetached = (id: string, levels: number, unwaitedCounts = false): boolean => {
    const calls = callsTo.get(id) ?? [];
    const node = located.get(id);
    const open = node?.fact.open === true;
    const named = open && pathInput.allCallsSeen(id) ? byName.callers(id) : undefined;
    const waitingByName = named?.waiting ?? [];
    // Asked whether anyone waits, an exported function (no method) of an application (no published library) has every caller in view.
    const callersInView = unwaitedCounts && node !== undefined && !node.fact.key.includes('.') && options.publishedLibrary?.(node.file) === false;
    if (open && !named && !callersInView && !(unwaitedCounts ? unwaitedFromElsewhere : detachedFromElsewhere).has(id)) return false;
    if (calls.length === 0 && waitingByName.length === 0 && !named?.detached) return false;
    const upward = (from: string | undefined): boolean => levels > 0 && from !== undefined && from !== id && onlyDetached(from, levels - 1, unwaitedCounts);
    return calls.every((call) => call.detached || (unwaitedCounts && call.unwaited === true) || upward(call.from)) && waitingByName.every(upward);
  };
  const dependsOn = rememberedPath({ dependsOnSuccess: true });
  const dependsOnUnlessAnswered = rememberedPath({ dependsOnSuccess: true, toolErrorsAnswered: true });
  return {
    parameterReceivesUntrusted: (file, key, param) => {
      receiving ??= createUntrustedParameters({ nodes, resolve: resolveFunction, returnsUntrusted: (id) => summaries.get(id)?.returnsUntrustedContent === 'yes', returnsParams });
      return receiving(`${file}#${key}`, param);
    },
    agentPath: rememberedPath({}),
    requestPath: rememberedPath({ requestRoots: true }),
    servesRequests: (file, key) => reachedFromRequest(`${file}#${key}`, anyCallers, (id) => located.get(id)?.fact),
    agentDependsOn: (file, key, toolErrorsAnswered = false) => (toolErrorsAnswered ? dependsOnUnlessAnswered : dependsOn)(file, key),
    onlyDetachedCallers: (file, key) => onlyDetached(`${file}#${key}`, 1),
    onlyUnwaitedCallers: (file, key) => onlyDetached(`${file}#${key}`, 3, true),
    onlyCalledInBranches: (file, key, runsThere) => {
      const id = `${file}#${key}`;
      const calls = callsTo.get(id) ?? [];
      const elsewhere = calls.some((call) => call.file !== undefined && call.file !== file);
      if ((nodes.get(id)?.open === true && !elsewhere) || calls.length === 0) return false;
      return calls.every((call) => call.file !== undefined && call.inBranch !== undefined && runsThere(call.file, call.inBranch));
    },
    someCallOmitsBound: (file, key, param) => (callsTo.get(`${file}#${key}`) ?? []).some((call) => ((call.optionless ?? 0) & (1 << param)) !== 0),
    tracedByCallers: (file, key) => tracedByCallers(`${file}#${key}`, { callers: anyCallers, callsInSpan }),
    retriedByCaller: (file, key) => {
      const id = `${file}#${key}`;
      return retriedCallees.has(id) || (callers.get(id) ?? []).some((caller) => retriedCallees.has(caller));
    },
    summaryOf: (file, key) => summaries.get(`${file}#${key}`),
    summaryOfCall: (file, at) => {
      const to = callTargets.get(`${file}@${at}`);
      return to === undefined ? undefined : to === 'unknown' ? UNKNOWN_CALLEE : summaries.get(to);
    },
    summaryOfCallee: (file, callee) => {
      const to = target(file, callee);
      return (to === 'unknown' ? undefined : summaries.get(to)) ?? UNKNOWN_CALLEE;
    },
  };
}
