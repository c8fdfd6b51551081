import type { CallSite } from '../../model/file-facts.js';

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
