import { MAX_FILE_BYTES } from '../../project/parse.js';
import { readRegularFile } from '../../project/read-file.js';
import type { DiscoveredFile } from '../../project/discover.js';
import type { ChunkOutcome } from '../analyse-files.js';
import { outcomesByFile, wasAnalysed } from '../file-outcomes.js';
import { scanKey, sha256 } from './key.js';
import { cachedScans, type CachedScans } from './scan-memo.js';
import { EMPTY_CACHE, readCache, writeCache, type CacheEntry, type StoredCache } from './store.js';

/** A cache file opened for one run: what it holds, and the client pre-pass's memo over it. */
export interface OpenCache {
  readonly file: string;
  readonly warn: (message: string) => void;
  readonly stored: StoredCache;
  readonly scans: CachedScans;
  readonly scanKey: string;
}

/** Reads the cache file once, before the audit is planned: the pre-pass answers are needed first. */
export function openCache(file: string, warn: (message: string) => void): OpenCache {
  const stored = readCache(file, warn);
  const key = scanKey();
  return { file, warn, stored, scans: cachedScans(stored.scans(key)), scanKey: key };
}

/** The same cache file with nothing taken from it: a run that could not use what it held starts afresh, and replaces it. */
export function emptiedCache(cache: OpenCache): OpenCache {
  return { ...cache, stored: EMPTY_CACHE, scans: cachedScans(new Map()) };
}

export interface CachedAnalysis {
  /** Per-file outcomes (see file-outcomes.ts), by path. */
  readonly byFile: Map<string, ChunkOutcome>;
  /** Files handed to the parser: every file on a cold run, only new and changed ones on a warm run. */
  readonly filesParsed: number;
}

/**
 * The content's hash, or undefined for a file the parser would not read (it reports why). A small
 * file the client pre-pass read this run is not read again: its hash is the one the pre-pass took.
 */
function contentHash(file: DiscoveredFile, scans: CachedScans): string | undefined {
  const scanned = scans.entries.get(file.path)?.hash;
  if (scanned !== undefined) return scanned;
  const read = readRegularFile(file.absolutePath, MAX_FILE_BYTES);
  return read.ok ? sha256(read.buffer) : undefined;
}

/**
 * Outcomes of unchanged files come from the cache (those stored under `key`, the analysis key); the
 * others are analysed and stored. Only files that were parsed are stored: an unreadable or skipped
 * file is looked at again on every run.
 */
export async function analyseWithCache(files: readonly DiscoveredFile[], cache: OpenCache, key: string, analyse: (files: readonly DiscoveredFile[]) => Promise<ChunkOutcome[]>): Promise<CachedAnalysis> {
  const stored = cache.stored.outcomes(key);
  const byFile = new Map<string, ChunkOutcome>();
  const hashes = new Map<string, string>();
  const misses: DiscoveredFile[] = [];
  for (const file of files) {
    const hash = contentHash(file, cache.scans);
    if (hash !== undefined) hashes.set(file.path, hash);
    const entry = stored.get(file.path);
    if (hash !== undefined && entry?.hash === hash) byFile.set(file.path, entry.outcome);
    else misses.push(file);
  }
  const fresh = misses.length > 0 ? outcomesByFile(await analyse(misses)) : new Map<string, ChunkOutcome>();
  for (const [path, outcome] of fresh) byFile.set(path, outcome);
  const entries = new Map<string, CacheEntry>();
  for (const file of files) {
    const hash = hashes.get(file.path);
    const outcome = byFile.get(file.path);
    if (hash !== undefined && outcome && wasAnalysed(outcome)) entries.set(file.path, { hash, outcome });
  }
  if (misses.length > 0 || entries.size !== stored.size || cache.scans.changed()) {
    writeCache(cache.file, { key, entries, scans: { key: cache.scanKey, entries: cache.scans.entries } }, cache.warn);
  }
  return { byFile, filesParsed: misses.length };
}
