import type { ChunkOutcome } from './analyse-files.js';

/**
 * Per-file outcomes: a `ChunkOutcome` holding one file's share of a chunk. They are what the cache
 * stores and what shards hand to `merge`, so an audit can be finished from them without parsing.
 */
export function emptyOutcome(): ChunkOutcome {
  return { skipped: [], unreadable: [], notAudited: [], tooDeep: [], parseErrors: [], summaries: [], pending: [], diagnostics: [], checked: [], modelFacts: [] };
}

type Mutable = { -readonly [K in keyof ChunkOutcome]: ChunkOutcome[K] };

/** Splits chunk outcomes by file, keeping each file's items in the order they were produced. */
export function outcomesByFile(chunks: readonly ChunkOutcome[]): Map<string, ChunkOutcome> {
  const byFile = new Map<string, Mutable>();
  const of = (path: string): Mutable => {
    let outcome = byFile.get(path);
    if (!outcome) byFile.set(path, (outcome = emptyOutcome()));
    return outcome;
  };
  for (const chunk of chunks) {
    for (const item of chunk.skipped) of(item.path).skipped.push(item);
    for (const item of chunk.unreadable) of(item.path).unreadable.push(item);
    for (const item of chunk.notAudited) of(item.path).notAudited.push(item);
    for (const item of chunk.tooDeep) of(item.path).tooDeep.push(item);
    for (const item of chunk.parseErrors) of(item.path).parseErrors.push(item);
    for (const item of chunk.summaries) of(item.path).summaries.push(item);
    for (const item of chunk.pending) of(item.finding.file).pending.push(item);
    for (const item of chunk.diagnostics) of(item.file).diagnostics.push(item);
    for (const item of chunk.checked) of(item.file).checked.push(item);
    for (const item of chunk.modelFacts) of(item.path).modelFacts.push(item);
  }
  return byFile;
}

/**
 * Outcomes in the order of the discovered files (then any other path, sorted): the order a single
 * serial run produces, whichever thread, shard or cache each outcome came from.
 */
export function inFileOrder(byFile: ReadonlyMap<string, ChunkOutcome>, order: readonly string[]): ChunkOutcome[] {
  const listed = new Set(order);
  const rest = [...byFile.keys()].filter((path) => !listed.has(path)).sort();
  return [...order, ...rest].flatMap((path) => byFile.get(path) ?? []);
}

/** Was the file parsed and analysed (as opposed to skipped, unreadable or left out)? */
export function wasAnalysed(outcome: ChunkOutcome): boolean {
  return outcome.summaries.length > 0;
}

/** Does a value read back from disk have the shape of a per-file outcome (every list present)? */
export function isOutcome(value: unknown): value is ChunkOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return Object.keys(emptyOutcome()).every((key) => Array.isArray(record[key]));
}
