import type { ScanMemo } from '../../model/imported-clients.js';
import { sha256 } from './key.js';
import type { ScanEntry } from './store.js';

/** The pre-pass's memo over a cache's stored answers, and the answers to store for this run. */
export interface CachedScans {
  readonly memo: ScanMemo;
  /** This run's answer for every file the pre-pass read: what the cache keeps for the next run. */
  readonly entries: ReadonlyMap<string, ScanEntry>;
  /** Files whose content the stored answers did not cover, so they were scanned. */
  readonly scanned: () => number;
  /** This run's answers differ from the stored ones (a file scanned, added or gone): the cache is rewritten. */
  readonly changed: () => boolean;
}

/** Stored answers are taken for files whose content hashes alike; every other file is scanned. */
export function cachedScans(stored: ReadonlyMap<string, ScanEntry>): CachedScans {
  const entries = new Map<string, ScanEntry>();
  let scanned = 0;
  const memo: ScanMemo = (path, content, scan) => {
    const hash = sha256(content);
    const known = stored.get(path);
    const exports = known?.hash === hash ? known.exports : (scanned++, scan());
    entries.set(path, { hash, exports });
    return exports;
  };
  return { memo, entries, scanned: () => scanned, changed: () => scanned > 0 || entries.size !== stored.size };
}
