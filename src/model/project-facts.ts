import { globToRegExp, moduleMatcher } from '../catalog/matcher.js';
import type { FileFacts } from './file-facts.js';
import { ANY_BACKEND, vectorBackend } from '../domain/vector-stores/backend.js';
import { collectInventory } from '../inventory/collect.js';
import type { Inventory } from '../inventory/types.js';
import { exportedHelperKeys } from './cross-file-helpers.js';
import { retriesInLoop } from '../domain/http/retry.js';
import type { CalleeRef } from './summaries/callee-refs.js';
import type { FunctionSummaries } from './summaries/summaries.js';

/**
 * Facts about the whole project. Files are analysed one at a time and released (holding every AST
 * doubles parse time in GC), so rules cannot read these while checking a file: a finding that depends
 * on the rest of the project carries an `unless` condition, evaluated once every file was seen.
 */
export interface ProjectFacts {
  /** Does any audited file import (or the package manifest depend on) a module matching one of these globs? */
  importsModule(globs: readonly string[]): boolean;
  /** LLM generation calls, in file order (where project rules attach findings). */
  readonly llmCalls: readonly LlmCallLocation[];
  /** Does any audited file delete from this vector-store backend (or from one it cannot name)? */
  deletesFromVectorStore(backend: string): boolean;
  /** Is this project helper (see project-helpers.ts) a function that retries what it is given? */
  isRetryHelper(key: string): boolean;
  /** Is some audited file's path (relative to the root) matched by one of these globs? */
  hasFile(globs: readonly string[]): boolean;
  /** Is the package a published library (its callers own the data it writes and the policies around it)? */
  readonly isLibrary: boolean;
}

/** A function of the project by file and key (`name`, `Class.method`; see summaries/function-facts.ts). */
export interface FunctionRef {
  readonly file: string;
  readonly fn: string;
}

/** A call by file and the offset it starts at. */
export interface CallRef {
  readonly file: string;
  readonly at: number;
}

/** A fact about the whole project, as data so findings can travel between worker threads. */
export type ProjectCondition =
  | { readonly importsModule: readonly string[] }
  | { readonly lacksModule: readonly string[] }
  | { readonly deletesFromVectorStore: string }
  | { readonly retryHelper: readonly string[] }
  | { readonly hasFile: readonly string[] }
  | { readonly libraryPackage: true }
  /** No caller chain of the function runs on an agent's behalf (every chain ends at a root that is no tool, job or LLM path). */
  | { readonly offAgentPath: FunctionRef }
  /** Every call to the function is detached: nobody waits for it or cares whether it fails (a best-effort probe). */
  | { readonly detachedOnly: FunctionRef }
  /** The function a call goes to (in the project) reaches this effect. */
  | { readonly calleeReaches: CallRef & { readonly effect: 'network' | 'llm' | 'vectorWrite' } }
  | { readonly anyOf: readonly ProjectCondition[] }
  | { readonly not: ProjectCondition }
  // Cross-file security flows, judged on the function summaries.
  | { readonly unprovenFlow: SummaryFlow };

const EFFECTS = { network: 'reachesNetwork', llm: 'reachesLLM', vectorWrite: 'writesVectorStore' } as const;

/** The function summaries, when the project model was built (they are computed on first use). */
export type SummariesOf = () => FunctionSummaries | undefined;

/** `summaries`: the project's function summaries, built on first use; without them, conditions over functions never hold. */
export function conditionHolds(condition: ProjectCondition, project: ProjectFacts, summaries: SummariesOf = () => undefined): boolean {
  if ('importsModule' in condition) return project.importsModule(condition.importsModule);
  if ('lacksModule' in condition) return !project.importsModule(condition.lacksModule);
  if ('anyOf' in condition) return condition.anyOf.some((c) => conditionHolds(c, project, summaries));
  if ('not' in condition) return !conditionHolds(condition.not, project, summaries);
  if ('unprovenFlow' in condition) return isUnproven(condition.unprovenFlow, summaries());
  if ('detachedOnly' in condition) return summaries()?.onlyDetachedCallers(condition.detachedOnly.file, condition.detachedOnly.fn) === true;
  if ('offAgentPath' in condition) return summaries()?.agentPath(condition.offAgentPath.file, condition.offAgentPath.fn) === 'no';
  if ('calleeReaches' in condition) {
    const { file, at, effect } = condition.calleeReaches;
    return summaries()?.summaryOfCall(file, at)?.[EFFECTS[effect]] === 'yes';
  }
  if ('retryHelper' in condition) return condition.retryHelper.some((key) => project.isRetryHelper(key));
  if ('hasFile' in condition) return project.hasFile(condition.hasFile);
  if ('libraryPackage' in condition) return project.isLibrary;
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
  readonly from?: { readonly returns: 'returnsModelOutput' | 'returnsUntrustedContent'; readonly callees: readonly CalleeRef[] };
  /** The value is passed as this argument: proven when the callee's parameter reaches a code sink. */
  readonly into?: { readonly callee: CalleeRef; readonly argument: number };
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
  return !!into && summaries.summaryOfCallee(flow.file, into.callee).paramFlowsToSink[into.argument] === undefined;
}

export interface LlmCallLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly client: string;
}

/** What one file contributes to the project facts: small, so it outlives the file's AST. */
export interface FileSummary {
  /** Relative to the audit root. */
  readonly path: string;
  readonly modules: readonly string[];
  readonly llmCalls: readonly LlmCallLocation[];
  readonly inventory: Inventory;
  /** Vector-store backends this file deletes from ('*' when the backend cannot be named). */
  readonly vectorDeletes: readonly string[];
  /** Keys of the exported functions that retry in a loop. */
  readonly retryHelpers: readonly string[];
}

export function summariseFile(file: FileFacts): FileSummary {
  const deletes = file.callSites.filter((site) => site.entry.kind === 'vector-store' && site.operation === 'delete').map(vectorBackend);
  const llmCalls = file.callSites
    .filter((site) => site.entry.kind === 'llm' && site.operation === 'generate')
    .map((site) => {
      const { line, character } = file.sourceFile.getLineAndCharacterOfPosition(site.node.getStart(file.sourceFile));
      return { file: file.path, line: line + 1, column: character + 1, client: site.entry.id };
    });
  return {
    path: file.path,
    modules: [...file.importedModules],
    llmCalls,
    inventory: collectInventory(file),
    vectorDeletes: [...new Set(deletes)],
    retryHelpers: exportedHelperKeys(file, retriesInLoop),
  };
}

/** `dependencies` of the project's package manifests count as imports (a tracing SDK loaded by config). */
export function computeProjectFacts(summaries: readonly FileSummary[], manifestDependencies: readonly string[] = [], isLibrary = false): ProjectFacts {
  const modules = new Set([...summaries.flatMap((s) => s.modules), ...manifestDependencies]);
  const deletes = new Set(summaries.flatMap((s) => s.vectorDeletes));
  const retryHelpers = new Set(summaries.flatMap((s) => s.retryHelpers));
  // Asked once per finding or tally that carries a condition, each answer a scan of the whole project:
  // remembered per glob list, so settling stays linear in the number of files.
  const imported = new Map<string, boolean>();
  const present = new Map<string, boolean>();
  return {
    isLibrary,
    importsModule: (globs) => {
      const key = globs.join('\n');
      let answer = imported.get(key);
      if (answer === undefined) {
        const matches = moduleMatcher(globs);
        answer = false;
        for (const module of modules) {
          if (matches(module)) {
            answer = true;
            break;
          }
        }
        imported.set(key, answer);
      }
      return answer;
    },
    llmCalls: summaries.flatMap((s) => s.llmCalls),
    deletesFromVectorStore: (backend) => deletes.size > 0 && (backend === ANY_BACKEND || deletes.has(backend) || deletes.has(ANY_BACKEND)),
    isRetryHelper: (key) => retryHelpers.has(key),
    hasFile: (globs) => {
      const key = globs.join('\n');
      let answer = present.get(key);
      if (answer === undefined) {
        const patterns = globs.map(globToRegExp);
        answer = summaries.some((s) => patterns.some((pattern) => pattern.test(s.path)));
        present.set(key, answer);
      }
      return answer;
    },
  };
}
