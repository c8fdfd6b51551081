import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../atomic-write.js';
import { AuditError } from '../../errors.js';
import type { ChunkOutcome } from '../analyse-files.js';
import { isOutcome } from '../file-outcomes.js';

/** A file's outcome and the hash of the content it was computed from. */
export interface CacheEntry {
  readonly hash: string;
  readonly outcome: ChunkOutcome;
}

interface CacheFile {
  readonly format: 'agent-audit-cache';
  /** The analysis key (see key.ts): a different one means every entry is stale. */
  readonly key: string;
  readonly entries: Readonly<Record<string, CacheEntry>>;
}

const isEntry = (value: unknown): value is CacheEntry =>
  typeof value === 'object' && value !== null && typeof (value as CacheEntry).hash === 'string' && isOutcome((value as CacheEntry).outcome);

/**
 * The entries stored for this analysis key. A missing file or one written under another key is an
 * empty cache; one that cannot be read or is not a cache at all is ignored with a warning, never an error.
 */
export function readCache(file: string, key: string, warn: (message: string) => void): Map<string, CacheEntry> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`ignoring the cache ${file}: cannot read it (${code ?? 'error'})`);
    return new Map();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    warn(`ignoring the cache ${file}: it is not valid JSON`);
    return new Map();
  }
  const cache = parsed as Partial<CacheFile> | null;
  if (typeof cache !== 'object' || cache === null || cache.format !== 'agent-audit-cache' || typeof cache.entries !== 'object' || cache.entries === null) {
    warn(`ignoring the cache ${file}: it is not an agent-audit cache`);
    return new Map();
  }
  if (cache.key !== key) return new Map();
  const entries = Object.entries(cache.entries);
  if (!entries.every(([, entry]) => isEntry(entry))) {
    warn(`ignoring the cache ${file}: some entries are damaged`);
    return new Map();
  }
  return new Map(entries);
}

/** Replaces the cache in one step (a killed run leaves the previous one); a failure is a warning. */
export function writeCache(file: string, key: string, entries: ReadonlyMap<string, CacheEntry>, warn: (message: string) => void): void {
  const cache: CacheFile = { format: 'agent-audit-cache', key, entries: Object.fromEntries(entries) };
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(cache), 'cache');
  } catch (error) {
    const reason = error instanceof AuditError ? error.message : `cannot write cache ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    warn(`${reason} (the audit is not affected)`);
  }
}
