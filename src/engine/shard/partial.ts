import type { ChunkOutcome } from '../analyse-files.js';
import type { SkippedFile } from '../../types.js';
import type { UserConfig } from '../../config/types.js';
import type { Shard } from './slice.js';

export const PARTIAL_FORMAT = 'agent-audit-partial';
export const PARTIAL_VERSION = 1;

/**
 * What one shard hands to `agent-audit merge`: its files' outcomes plus everything every shard saw
 * alike (the discovered files, what discovery skipped), and what the shard was run with, so merge
 * can refuse partials that do not belong together.
 */
export interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly version: typeof PARTIAL_VERSION;
  readonly tool: { readonly name: 'agent-audit'; readonly version: string };
  /** The config the shard ran with (overrides from the command line applied); merge finishes the audit with it. */
  readonly config: UserConfig;
  /** Where relative catalog paths in the config are resolved. */
  readonly configDir: string;
  /** The analysis key (cache/key.ts): tool, rules, settings, catalog. */
  readonly analysisKey: string;
  readonly root: string;
  /** The audited paths, absolute. */
  readonly paths: readonly string[];
  readonly shard: Shard;
  readonly discovery: {
    /** Every discovered file (all shards'), root-relative, in discovery order. */
    readonly files: readonly string[];
    readonly skipped: readonly SkippedFile[];
    readonly unreadable: readonly SkippedFile[];
  };
  /** This shard's per-file outcomes, in discovery order. */
  readonly outcomes: readonly ChunkOutcome[];
}
