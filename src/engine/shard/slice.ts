import { AuditError } from '../../errors.js';

/** One of `total` deterministic slices of the discovered files, numbered from 1. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

const MAX_SHARDS = 10_000;

/** `--shard <i>/<n>`, as CI matrices number their jobs (from 1). */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || total > MAX_SHARDS || index < 1 || index > total) throw new AuditError('usage', `--shard expects <i>/<n> with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 2/3 (got "${value}")`);
  return { index, total };
}

/** FNV-1a (32-bit) over the path's UTF-16 code units: stable across machines, runs and Node versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Is this root-relative path in the shard? Every path is in exactly one of the `total` shards. */
export function inShard(path: string, shard: Shard): boolean {
  return fnv1a(path) % shard.total === shard.index - 1;
}
