import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../atomic-write.js';
import { AuditError } from '../../errors.js';
import type { ExportedValue } from '../../model/imported-clients.js';
import type { ChunkOutcome } from '../analyse-files.js';
import { isOutcome } from '../file-outcomes.js';

/** A file's outcome and the hash of the content it was computed from. */
export interface CacheEntry {
  readonly hash: string;
  readonly outcome: ChunkOutcome;
}

/** What the client pre-pass found in a file (imported-clients.ts), and the hash of the content it read. */
export interface ScanEntry {
  readonly hash: string;
  readonly exports: Readonly<Record<string, ExportedValue>>;
}

/** Entries stored under a key: a different key means every one of them is stale. */
interface Section<Entry> {
  readonly key: string;
  readonly entries: Readonly<Record<string, Entry>>;
}

interface CacheFile {
  readonly format: 'agent-audit-cache';
  /** The analysis key (see key.ts). */
  readonly key: string;
  readonly entries: Readonly<Record<string, CacheEntry>>;
  /** The pre-pass's answers, under their own key (scanKey): they do not depend on rules or catalog. */
  readonly scans?: Section<ScanEntry>;
}

/** What a cache file holds, each part read only when it is asked for with its key. */
export interface StoredCache {
  /** The outcomes stored under this analysis key; none for another key. */
  outcomes(key: string): Map<string, CacheEntry>;
  /** The pre-pass answers stored under this scan key; none for another key. */
  scans(key: string): Map<string, ScanEntry>;
}

/** A cache that holds nothing: a missing or unusable file, or one a run could not use and starts over from. */
export const EMPTY_CACHE: StoredCache = { outcomes: () => new Map(), scans: () => new Map() };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

const isEntry = (value: unknown): value is CacheEntry => isRecord(value) && typeof value.hash === 'string' && isOutcome(value.outcome);

const isExportedValue = (value: unknown): value is ExportedValue => isRecord(value) && typeof value.module === 'string' && isStrings(value.path) && isStrings(value.calls) && (value.returned === undefined || value.returned === true);
const isScanEntry = (value: unknown): value is ScanEntry => isRecord(value) && typeof value.hash === 'string' && isRecord(value.exports) && Object.values(value.exports).every(isExportedValue);

/**
 * A cache file. A missing file or one written under another key is an empty cache; one that cannot be
 * read, is not a cache at all or holds damaged entries is ignored with a warning, never an error.
 */
export function readCache(file: string, warn: (message: string) => void): StoredCache {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`ignoring the cache ${file}: cannot read it (${code ?? 'error'})`);
    return EMPTY_CACHE;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    warn(`ignoring the cache ${file}: it is not valid JSON`);
    return EMPTY_CACHE;
  }
  const cache = parsed as Partial<CacheFile> | null;
  if (!isRecord(cache) || cache.format !== 'agent-audit-cache' || !isRecord(cache.entries) || (cache.scans !== undefined && !isRecord(cache.scans?.entries))) {
    warn(`ignoring the cache ${file}: it is not an agent-audit cache`);
    return EMPTY_CACHE;
  }
  // Both parts are checked before either is used: the pre-pass answers shape the plan before the outcomes are asked for.
  const outcomes = Object.entries(cache.entries);
  const scans = Object.entries(cache.scans?.entries ?? {});
  if (!outcomes.every(([, entry]) => isEntry(entry)) || !scans.every(([, entry]) => isScanEntry(entry))) {
    warn(`ignoring the cache ${file}: some entries are damaged`);
    return EMPTY_CACHE;
  }
  const underKey = <Entry>(stored: string | undefined, entries: [string, Entry][]) => (key: string): Map<string, Entry> => (stored === key ? new Map(entries) : new Map());
  return { outcomes: underKey(cache.key, outcomes), scans: underKey(cache.scans?.key, scans) };
}

/** What a cache file is written with: the outcomes under the analysis key, the pre-pass answers under theirs. */
export interface CacheContents {
  readonly key: string;
  readonly entries: ReadonlyMap<string, CacheEntry>;
  readonly scans: { readonly key: string; readonly entries: ReadonlyMap<string, ScanEntry> };
}

/** Replaces the cache in one step (a killed run leaves the previous one); a failure is a warning. */
export function writeCache(file: string, contents: CacheContents, warn: (message: string) => void): void {
  const cache: CacheFile = {
    format: 'agent-audit-cache',
    key: contents.key,
    entries: Object.fromEntries(contents.entries),
    scans: { key: contents.scans.key, entries: Object.fromEntries(contents.scans.entries) },
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(cache), 'cache');
  } catch (error) {
    const reason = error instanceof AuditError ? error.message : `cannot write cache ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    warn(`${reason} (the audit is not affected)`);
  }
}
