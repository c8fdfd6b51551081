import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { analyseChunk, settle, type AnalysisOutcome, type ChunkOutcome, type RoleJudging } from './analyse-files.js';
import type { Rule } from './rule.js';
import type { RuleSetting } from './run-rules.js';

/** Below this much source, starting a worker (loading TypeScript again) costs more than it saves. */
const DEFAULT_PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_THREADS = 4;

export interface WorkerInput {
  readonly files: readonly DiscoveredFile[];
  readonly settings: readonly [string, RuleSetting][];
  readonly catalog: Catalog;
  readonly reportOnly?: readonly string[];
}

export interface AnalysisRequest {
  readonly files: readonly DiscoveredFile[];
  readonly rules: readonly Rule[];
  /** The rules are the built-in registry, which worker threads can load themselves. */
  readonly builtInRules: boolean;
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly catalog: Catalog;
  readonly reportOnly?: ReadonlySet<string>;
  readonly manifestDependencies?: readonly string[];
  /** Build the project model and judge each file by its role (absent: every file is judged). */
  readonly roles?: RoleJudging;
}

function sizeOf(file: DiscoveredFile): number {
  try {
    return statSync(file.absolutePath).size;
  } catch {
    return 0;
  }
}

/** Contiguous runs of files of about equal size, so joined results keep file order. */
function splitBySize(files: readonly DiscoveredFile[], sizes: readonly number[], parts: number): DiscoveredFile[][] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const chunks: DiscoveredFile[][] = [[]];
  let filled = 0;
  files.forEach((file, i) => {
    const current = chunks[chunks.length - 1] as DiscoveredFile[];
    current.push(file);
    filled += sizes[i] ?? 0;
    if (filled >= (total * chunks.length) / parts && chunks.length < parts && i < files.length - 1) chunks.push([]);
  });
  return chunks;
}

function runInWorker(input: WorkerInput): Promise<ChunkOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: input });
    worker.once('message', (outcome: ChunkOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}

function parallelMinBytes(): number {
  const configured = Number(process.env.AGENT_AUDIT_PARALLEL_MIN_BYTES);
  return Number.isFinite(configured) && configured >= 0 && process.env.AGENT_AUDIT_PARALLEL_MIN_BYTES !== '' ? configured : DEFAULT_PARALLEL_MIN_BYTES;
}

/**
 * Analyses the files on this thread, or, for large trees of built-in rules, on this thread plus
 * worker threads (one per spare core). Workers need compiled JS, so tests running sources stay serial.
 */
export async function analyseFiles(request: AnalysisRequest): Promise<AnalysisOutcome> {
  const { files, rules, settings, catalog, reportOnly } = request;
  const threads = Math.min(availableParallelism(), MAX_THREADS);
  const compiled = import.meta.url.endsWith('.js');
  const deps = request.manifestDependencies ?? [];
  const serial = (): AnalysisOutcome => settle([analyseChunk(files, rules, settings, catalog, reportOnly)], deps, request.roles);
  if (threads < 2 || !compiled || !request.builtInRules || files.length < threads) return serial();
  // Estimate the tree's size from an even sample of files: small trees (the common case) pay for few stats.
  const step = Math.max(1, Math.floor(files.length / 64));
  const sample = files.filter((_, i) => i % step === 0);
  const estimate = (sample.reduce((sum, file) => sum + sizeOf(file), 0) / sample.length) * files.length;
  if (estimate < parallelMinBytes()) return serial();
  const sizes = files.map(sizeOf);
  const [own = [], ...others] = splitBySize(files, sizes, threads);
  const only = reportOnly ? [...reportOnly] : undefined;
  const pending = others.map((chunk) => runInWorker({ files: chunk, settings: [...settings], catalog, ...(only ? { reportOnly: only } : {}) }));
  const mine = analyseChunk(own, rules, settings, catalog, reportOnly);
  return settle([mine, ...(await Promise.all(pending))], deps, request.roles);
}
