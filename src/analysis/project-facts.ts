import { moduleMatcher } from './classify.js';
import type { FileFacts } from './facts.js';

/** Facts about the whole project, computed after every file's facts and before any rule runs. */
export interface ProjectFacts {
  readonly files: readonly FileFacts[];
  /** Does any audited file import a module matching one of these globs? */
  importsModule(globs: readonly string[]): boolean;
  /** Does any audited file call this operation of this catalog entry (e.g. a vector store's delete)? */
  usesOperation(entryId: string, operation: string): boolean;
}

export function computeProjectFacts(files: readonly FileFacts[]): ProjectFacts {
  const modules = new Set<string>();
  const operations = new Set<string>();
  for (const file of files) {
    for (const module of file.importedModules) modules.add(module);
    for (const site of file.callSites) operations.add(`${site.entry.id}\u0000${site.operation}`);
  }
  return {
    files,
    importsModule: (globs) => {
      const matches = moduleMatcher(globs);
      for (const module of modules) if (matches(module)) return true;
      return false;
    },
    usesOperation: (entryId, operation) => operations.has(`${entryId}\u0000${operation}`),
  };
}
