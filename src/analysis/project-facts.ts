import { moduleMatcher } from './classify.js';
import type { FileFacts } from './facts.js';

/**
 * Facts about the whole project. Files are analysed one at a time and released (holding every AST
 * doubles parse time in GC), so rules cannot read these while checking a file: a finding that depends
 * on the rest of the project carries an `unless` condition, evaluated once every file was seen.
 */
export interface ProjectFacts {
  /** Does any audited file import a module matching one of these globs? */
  importsModule(globs: readonly string[]): boolean;
  /** Does any audited file call this operation of this catalog entry (e.g. a vector store's delete)? */
  usesOperation(entryId: string, operation: string): boolean;
}

export type ProjectCondition = (project: ProjectFacts) => boolean;

/** What one file contributes to the project facts: small, so it outlives the file's AST. */
export interface FileSummary {
  readonly modules: readonly string[];
  readonly operations: readonly string[];
}

const operationKey = (entryId: string, operation: string): string => `${entryId}\u0000${operation}`;

export function summariseFile(file: FileFacts): FileSummary {
  return {
    modules: [...file.importedModules],
    operations: [...new Set(file.callSites.map((site) => operationKey(site.entry.id, site.operation)))],
  };
}

export function computeProjectFacts(summaries: readonly FileSummary[]): ProjectFacts {
  const modules = new Set(summaries.flatMap((s) => s.modules));
  const operations = new Set(summaries.flatMap((s) => s.operations));
  return {
    importsModule: (globs) => {
      const matches = moduleMatcher(globs);
      for (const module of modules) if (matches(module)) return true;
      return false;
    },
    usesOperation: (entryId, operation) => operations.has(operationKey(entryId, operation)),
  };
}
