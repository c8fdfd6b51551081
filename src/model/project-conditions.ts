import type { CalleeRef } from './summaries/callee-refs.js';
import { argumentReachesSink, type FunctionSummaries } from './summaries/summaries.js';
import type { ProjectFacts } from './project-facts.js';

/**
 * Findings that depend on the rest of the project carry a condition, as data (it travels between worker
 * threads), evaluated once every file was seen against the project facts, the function summaries and
 * the project model.
 */

/** A function of the project by file and key (`name`, `Class.method`; see summaries/function-facts.ts). */
export interface FunctionRef {
  readonly file: string;
  readonly fn: string;
}

/**
 * A function whose failure an agent run may depend on. `toolErrorsAnswered`: a tool whose framework
 * hands what it throws to the model as its result (AI SDK 5+, OpenAI Agents, MCP servers) ends a caller
 * chain as a tool that catches the failure itself does: asked of a call with no retry at all, not of a
 * flawed retry loop, which hammers the upstream whoever sees its error.
 */
export interface AgentRunRef extends FunctionRef {
  readonly toolErrorsAnswered?: true;
}

/** A call by file and the offset it starts at. */
export interface CallRef {
  readonly file: string;
  readonly at: number;
}

/** What a project function may reach, by its summary (`textModel`: a model call that makes text, or an agent run). */
export type ReachedEffect = 'network' | 'llm' | 'textModel' | 'vectorWrite';

/** A fact about the whole project, as data so findings can travel between worker threads. */
export type ProjectCondition =
  | { readonly importsModule: readonly string[] }
  | { readonly lacksModule: readonly string[] }
  | { readonly deletesFromVectorStore: string }
  | { readonly retryHelper: readonly string[] }
  /** One of these project functions (by helper key) is a member of a map called from a fallback or retry loop. */
  | { readonly fallbackDispatched: readonly string[] }
  /** Some file runs the members of this map of functions (by helper key) by a name the model chose: they are tools. */
  | { readonly modelDispatched: string }
  /** An agent's options in some file hold the tool of this name (null: unnamed) for a person's approval. */
  | { readonly agentApproves: string | null }
  | { readonly hasFile: readonly string[] }
  /** A file matched by these globs (a Next.js middleware.ts) runs for this request path: its matcher covers it. */
  | { readonly middlewareCovers: { readonly files: readonly string[]; readonly path: string } }
  /** A route handler of the project serves this request path: the call goes to the project's own backend. */
  | { readonly servedByProject: string }
  | { readonly libraryPackage: true }
  /** A manifest says the package is an application (ProjectFacts.isApplication). */
  | { readonly applicationPackage: true }
  /** The package installs a command (ProjectFacts.isExecutable). */
  | { readonly executablePackage: true }
  /** The npm package is the project's own (ProjectFacts.isOwnPackage). */
  | { readonly ownPackage: string }
  | { readonly registersInstrumentation: true }
  /** The condition holds for the whole workspace, not only the finding's package. */
  | { readonly inWorkspace: ProjectCondition }
  /**
   * No agent run fails when the function fails: every caller chain ends at a root that is no tool, job or
   * LLM path, or at a caller that catches the failure (a tool answering the model with an error, a fallback).
   */
  | { readonly offAgentPath: AgentRunRef }
  /** Some caller chain of the function runs on an agent's behalf (a tool, a job, a path to an LLM call or a vector-store write). */
  | { readonly onAgentPath: FunctionRef }
  /** Every caller chain of the function ends, within reach, where a request or an event starts (a route, UI code), with no tool, job or LLM path on the way. */
  | { readonly requestOnly: FunctionRef }
  /** Some caller chain of the function, a few callers up, starts at an HTTP route or a handler that answers a request. */
  | { readonly servesRequests: FunctionRef }
  /** Some caller chain of the function is seen to run it for an agent, with no caller on the way catching its failure. */
  | { readonly agentDependsOn: AgentRunRef }
  /** Every call to the function is detached: nobody waits for it or cares whether it fails (a best-effort probe). */
  | { readonly detachedOnly: FunctionRef }
  /** No caller waits for the function: every call is a dropped statement (`track(event);`) or detached. */
  | { readonly unwaitedOnly: FunctionRef }
  /** Some caller runs the function again when it fails, directly or one call up (see summaries.ts retriedByCaller). */
  | { readonly retriedByCaller: FunctionRef }
  /** Some call in the project passes nothing that could bound a request as this parameter of the function (a request wrapper's options). */
  | { readonly callerOmitsBound: FunctionRef & { readonly param: number } }
  /** Every caller chain of the function runs it inside a span some caller opens (see summaries/span-callers.ts). */
  | { readonly tracedByCallers: FunctionRef }
  /** The function a call goes to (in the project) reaches this effect. */
  | { readonly calleeReaches: CallRef & { readonly effect: ReachedEffect } }
  /** No file of the project uses any of these names (a function or method nothing calls: dead code, see dead-code.ts). */
  | { readonly neverReferenced: readonly string[] }
  /** No file of the project names any of these as a member (a class's method nothing calls: dead code, see dead-code.ts). */
  | { readonly memberNeverNamed: readonly string[] }
  /** This exported function or class of the file runs for nobody: no entry reaches it and no other file names it (roles/unreached-exports.ts). */
  | { readonly unreachedExport: { readonly file: string; readonly name: string; readonly kind: 'function' | 'class' } }
  /** The router the file exports under one of these names is mounted in some file that serves it, and nowhere behind middleware that authenticates or may. */
  | { readonly mountedOnlyOpen: { readonly file: string; readonly names: readonly string[] } }
  | { readonly anyOf: readonly ProjectCondition[] }
  | { readonly allOf: readonly ProjectCondition[] }
  | { readonly not: ProjectCondition }
  // Cross-file security flows, judged on the function summaries.
  | { readonly unprovenFlow: SummaryFlow };

/** A condition that holds when any of the given ones holds: undefined for none, the one itself for one. */
export function anyCondition(...conditions: readonly (ProjectCondition | undefined)[]): ProjectCondition | undefined {
  const given = conditions.filter((c): c is ProjectCondition => c !== undefined);
  return given.length <= 1 ? given[0] : { anyOf: given };
}

const EFFECTS = { network: 'reachesNetwork', llm: 'reachesLLM', textModel: 'reachesTextModel', vectorWrite: 'writesVectorStore' } as const;

/** The function summaries, when the project model was built (they are computed on first use). */
export type SummariesOf = () => FunctionSummaries | undefined;

/** What the project model answers about files and their exports (see roles/project-model.ts). */
export interface ModelQueries {
  runsForNobody(file: string, name: string, kind: 'function' | 'class'): boolean;
  mountedOnlyOpen(file: string, names: readonly string[]): boolean;
}

/**
 * `summaries`: the project's function summaries, built on first use; without them, conditions over functions never hold.
 * `model`: the project model; without it, conditions over roles and reach never hold.
 */
export function conditionHolds(condition: ProjectCondition, project: ProjectFacts, summaries: SummariesOf = () => undefined, model?: ModelQueries): boolean {
  if ('importsModule' in condition) return project.importsModule(condition.importsModule);
  if ('lacksModule' in condition) return !project.importsModule(condition.lacksModule);
  if ('anyOf' in condition) return condition.anyOf.some((c) => conditionHolds(c, project, summaries, model));
  if ('allOf' in condition) return condition.allOf.every((c) => conditionHolds(c, project, summaries, model));
  if ('neverReferenced' in condition) return !condition.neverReferenced.some((name) => project.isReferenced(name));
  if ('memberNeverNamed' in condition) return !condition.memberNeverNamed.some((name) => project.isNamedAsMember(name));
  if ('mountedOnlyOpen' in condition) return model?.mountedOnlyOpen(condition.mountedOnlyOpen.file, condition.mountedOnlyOpen.names) === true;
  if ('unreachedExport' in condition) return model?.runsForNobody(condition.unreachedExport.file, condition.unreachedExport.name, condition.unreachedExport.kind) === true;
  if ('not' in condition) return !conditionHolds(condition.not, project, summaries, model);
  if ('unprovenFlow' in condition) return isUnproven(condition.unprovenFlow, summaries());
  if ('detachedOnly' in condition) return summaries()?.onlyDetachedCallers(condition.detachedOnly.file, condition.detachedOnly.fn) === true;
  if ('unwaitedOnly' in condition) return summaries()?.onlyUnwaitedCallers(condition.unwaitedOnly.file, condition.unwaitedOnly.fn) === true;
  if ('retriedByCaller' in condition) return summaries()?.retriedByCaller(condition.retriedByCaller.file, condition.retriedByCaller.fn) === true;
  if ('callerOmitsBound' in condition) return summaries()?.someCallOmitsBound(condition.callerOmitsBound.file, condition.callerOmitsBound.fn, condition.callerOmitsBound.param) === true;
  if ('tracedByCallers' in condition) return summaries()?.tracedByCallers(condition.tracedByCallers.file, condition.tracedByCallers.fn) === true;
  if ('onAgentPath' in condition) return summaries()?.agentPath(condition.onAgentPath.file, condition.onAgentPath.fn) === 'yes';
  if ('servesRequests' in condition) return summaries()?.servesRequests(condition.servesRequests.file, condition.servesRequests.fn) === true;
  if ('requestOnly' in condition) return summaries()?.requestPath(condition.requestOnly.file, condition.requestOnly.fn) === 'no';
  if ('agentDependsOn' in condition) return summaries()?.agentDependsOn(condition.agentDependsOn.file, condition.agentDependsOn.fn, condition.agentDependsOn.toolErrorsAnswered === true) === 'yes';
  if ('offAgentPath' in condition) return summaries()?.agentDependsOn(condition.offAgentPath.file, condition.offAgentPath.fn, condition.offAgentPath.toolErrorsAnswered === true) === 'no';
  if ('calleeReaches' in condition) {
    const { file, at, effect } = condition.calleeReaches;
    return summaries()?.summaryOfCall(file, at)?.[EFFECTS[effect]] === 'yes';
  }
  if ('retryHelper' in condition) return condition.retryHelper.some((key) => project.isRetryHelper(key));
  if ('fallbackDispatched' in condition) return project.isFallbackDispatched(condition.fallbackDispatched);
  if ('modelDispatched' in condition) return project.isModelDispatched(condition.modelDispatched);
  if ('agentApproves' in condition) return project.approvesTool(condition.agentApproves);
  if ('hasFile' in condition) return project.hasFile(condition.hasFile);
  if ('middlewareCovers' in condition) return project.middlewareCovers(condition.middlewareCovers.files, condition.middlewareCovers.path);
  if ('servedByProject' in condition) return project.servesPath(condition.servedByProject);
  if ('libraryPackage' in condition) return project.isLibrary;
  if ('applicationPackage' in condition) return project.isApplication;
  if ('executablePackage' in condition) return project.isExecutable;
  if ('ownPackage' in condition) return project.isOwnPackage(condition.ownPackage);
  if ('registersInstrumentation' in condition) return project.registersInstrumentation;
  if ('inWorkspace' in condition) return conditionHolds(condition.inWorkspace, project.workspace, summaries, model);
  return project.deletesFromVectorStore(condition.deletesFromVectorStore);
}

/**
 * A flow one file saw only half of: its value comes from project functions (`from`) or goes into one
 * (`into`) whose summary decides whether it is model output, external content, or reaches a code sink.
 */
export interface SummaryFlow {
  /** The file the callees are referenced from. */
  readonly file: string;
  /** The value is the result of one of these calls: proven when one of them returns this kind of content. */
  readonly from?: { readonly returns: 'returnsModelOutput' | 'returnsUntrustedContent' | 'returnsUnverifiedRetrieval'; readonly callees: readonly CalleeRef[] };
  /**
   * The value is passed as this argument (for an object literal, at these properties): proven when the
   * callee's parameter (or, for a destructured options object, one of those properties) reaches a code
   * sink; with `systemPrompt`, when the parameter becomes a system prompt or agent instructions.
   */
  readonly into?: { readonly callee: CalleeRef; readonly argument: number; readonly properties?: readonly string[]; readonly systemPrompt?: true };
  /** The value comes from these parameters of a function of `file`: proven when some call site passes external content as one of them. */
  readonly fromParameters?: { readonly fn: string; readonly params: readonly number[] };
}

/** Without summaries (no project model) nothing is proven: the finding is withdrawn. */
function isUnproven(flow: SummaryFlow, summaries: FunctionSummaries | undefined): boolean {
  if (!summaries) return true;
  const { from, into } = flow;
  if (from && !from.callees.some((callee) => summaries.summaryOfCallee(flow.file, callee)[from.returns] === 'yes')) return true;
  const { fromParameters } = flow;
  if (fromParameters && !fromParameters.params.some((param) => summaries.parameterReceivesUntrusted(flow.file, fromParameters.fn, param))) return true;
  if (!into) return false;
  const callee = summaries.summaryOfCallee(flow.file, into.callee);
  return into.systemPrompt ? callee.paramsInSystemPrompt?.includes(into.argument) !== true : !argumentReachesSink(callee, into.argument, into.properties);
}
