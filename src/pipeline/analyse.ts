import type { ChunkOutcome } from '../engine/analyse-files.js';
import { analyseWithCache, type OpenCache } from '../engine/cache/cached-analysis.js';
import { inFileOrder, outcomesByFile } from '../engine/file-outcomes.js';
import { analyseChunks, type ProgressListener } from '../engine/parallel.js';
import type { DiscoveredFile } from '../project/discover.js';
import { ALL_RULES } from '../../rules/index.js';
import type { AuditPlan } from './plan.js';

export interface FileAnalysis {
  /** One outcome per file, in the order of `files`. */
  readonly outcomes: ChunkOutcome[];
  /** How many files were parsed (the rest came from the cache). */
  readonly filesParsed: number;
}

/** Files → per-file outcomes: parsed and analysed, or, with a cache (opened before the audit was planned), taken from it when unchanged. */
export async function analyseOutcomes(plan: AuditPlan, files: readonly DiscoveredFile[], cache?: OpenCache, onProgress?: ProgressListener): Promise<FileAnalysis> {
  const analyse = (some: readonly DiscoveredFile[]) => analyseChunks({ files: some, rules: plan.rules, builtInRules: plan.rules === ALL_RULES, settings: plan.settings, catalog: plan.catalog, ...(onProgress ? { onProgress } : {}) });
  const order = files.map((f) => f.path);
  if (!cache) return { outcomes: inFileOrder(outcomesByFile(await analyse(files)), order), filesParsed: files.length };
  const cached = await analyseWithCache(files, cache, plan.analysisKey, analyse);
  return { outcomes: inFileOrder(cached.byFile, order), filesParsed: cached.filesParsed };
}
