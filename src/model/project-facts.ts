import { globToRegExp, moduleMatcher } from '../catalog/matcher.js';
import type { FileFacts } from './file-facts.js';
import { ANY_BACKEND, vectorBackend } from '../domain/vector-stores/backend.js';
import { collectInventory } from '../inventory/collect.js';
import type { Inventory } from '../inventory/types.js';
import { exportedHelperKeys } from './cross-file-helpers.js';
import { retriesInLoop } from '../domain/http/retry.js';

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
}

/** A fact about the whole project, as data so findings can travel between worker threads. */
export type ProjectCondition =
  | { readonly importsModule: readonly string[] }
  | { readonly lacksModule: readonly string[] }
  | { readonly deletesFromVectorStore: string }
  | { readonly retryHelper: readonly string[] }
  | { readonly hasFile: readonly string[] }
  | { readonly anyOf: readonly ProjectCondition[] };

export function conditionHolds(condition: ProjectCondition, project: ProjectFacts): boolean {
  if ('importsModule' in condition) return project.importsModule(condition.importsModule);
  if ('lacksModule' in condition) return !project.importsModule(condition.lacksModule);
  if ('anyOf' in condition) return condition.anyOf.some((c) => conditionHolds(c, project));
  if ('retryHelper' in condition) return condition.retryHelper.some((key) => project.isRetryHelper(key));
  if ('hasFile' in condition) return project.hasFile(condition.hasFile);
  return project.deletesFromVectorStore(condition.deletesFromVectorStore);
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
export function computeProjectFacts(summaries: readonly FileSummary[], manifestDependencies: readonly string[] = []): ProjectFacts {
  const modules = new Set([...summaries.flatMap((s) => s.modules), ...manifestDependencies]);
  const deletes = new Set(summaries.flatMap((s) => s.vectorDeletes));
  const retryHelpers = new Set(summaries.flatMap((s) => s.retryHelpers));
  // Asked once per finding or tally that carries a condition, each answer a scan of the whole project:
  // remembered per glob list, so settling stays linear in the number of files.
  const imported = new Map<string, boolean>();
  const present = new Map<string, boolean>();
  return {
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
