import { moduleMatcher } from './classify.js';
import type { CallSite, FileFacts } from './facts.js';

export const ANY_BACKEND = '*';
/** Module path segments that name an abstraction, not a database. */
const GENERIC_SEGMENTS = new Set(['vectorstores', 'vectorstore', 'vector', 'vectors', 'core', 'llamaindex', 'index']);

/**
 * The database behind a vector-store call, so that a delete through one client (Pinecone's SDK) counts
 * for writes through another (LangChain's PineconeStore): the catalog's `backend`, else the module's
 * last path segment (`@langchain/qdrant` → qdrant, `…/vectorstores/chroma` → chroma).
 */
export function vectorBackend(site: CallSite): string {
  if (site.entry.backend) return site.entry.backend;
  const segment = site.origin.module.split('/').pop()?.toLowerCase().replace(/[^a-z0-9]/g, '') ?? '';
  return segment === '' || GENERIC_SEGMENTS.has(segment) ? ANY_BACKEND : segment;
}

/**
 * Facts about the whole project. Files are analysed one at a time and released (holding every AST
 * doubles parse time in GC), so rules cannot read these while checking a file: a finding that depends
 * on the rest of the project carries an `unless` condition, evaluated once every file was seen.
 */
export interface ProjectFacts {
  /** Does any audited file import a module matching one of these globs? */
  importsModule(globs: readonly string[]): boolean;
  /** Does any audited file delete from this vector-store backend (or from one it cannot name)? */
  deletesFromVectorStore(backend: string): boolean;
}

/** A fact about the whole project, as data so findings can travel between worker threads. */
export type ProjectCondition =
  | { readonly importsModule: readonly string[] }
  | { readonly deletesFromVectorStore: string };

export function conditionHolds(condition: ProjectCondition, project: ProjectFacts): boolean {
  return 'importsModule' in condition ? project.importsModule(condition.importsModule) : project.deletesFromVectorStore(condition.deletesFromVectorStore);
}

/** What one file contributes to the project facts: small, so it outlives the file's AST. */
export interface FileSummary {
  readonly modules: readonly string[];
  /** Vector-store backends this file deletes from ('*' when the backend cannot be named). */
  readonly vectorDeletes: readonly string[];
}

export function summariseFile(file: FileFacts): FileSummary {
  const deletes = file.callSites.filter((site) => site.entry.kind === 'vector-store' && site.operation === 'delete').map(vectorBackend);
  return { modules: [...file.importedModules], vectorDeletes: [...new Set(deletes)] };
}

export function computeProjectFacts(summaries: readonly FileSummary[]): ProjectFacts {
  const modules = new Set(summaries.flatMap((s) => s.modules));
  const deletes = new Set(summaries.flatMap((s) => s.vectorDeletes));
  return {
    importsModule: (globs) => {
      const matches = moduleMatcher(globs);
      for (const module of modules) if (matches(module)) return true;
      return false;
    },
    deletesFromVectorStore: (backend) => deletes.size > 0 && (backend === ANY_BACKEND || deletes.has(backend) || deletes.has(ANY_BACKEND)),
  };
}
