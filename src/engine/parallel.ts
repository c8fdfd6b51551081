import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/types.js';
import type { DiscoveredFile } from '../project/discover.js';
import { TOO_DEEP, analyseChunk, settle, type AnalysisOutcome, type ChunkOutcome, type PackageScope, type RoleJudging } from './analyse-files.js';
import type { Rule } from './rule.js';
import type { RuleSetting } from './run-rules.js';

/** Below this much source, starting a worker (loading TypeScript again) costs more than it saves. */
const DEFAULT_PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_THREADS = 4;

export interface WorkerInput {
  readonly files: readonly DiscoveredFile[];
  readonly settings: readonly [string, RuleSetting][];
  readonly catalog: Catalog;
  /** Set for the large-stack retry: a file that still overflows is listed as not audited. */
  readonly lastResort?: boolean;
}

/** The stack for files that overflowed a thread's default one (V8's default is about 1 MB on the main thread, 4 MB in a worker). */
const LARGE_STACK_MB = 256;

export interface AnalysisRequest {
  readonly files: readonly DiscoveredFile[];
  readonly rules: readonly Rule[];
  /** The rules are the built-in registry, which worker threads can load themselves. */
  readonly builtInRules: boolean;
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly catalog: Catalog;
  /** Which package each file (by root-relative path) belongs to. */
  readonly scopeOf?: (path: string) => PackageScope;
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

function runInWorker(input: WorkerInput, stackSizeMb?: number): Promise<ChunkOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: input, ...(stackSizeMb ? { resourceLimits: { stackSizeMb } } : {}) });
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
 * Files that overflowed their thread's stack, analysed once more in a worker with a large stack (the
 * same for every file, wherever it first ran, so the result does not depend on the split); without
 * compiled workers (tests on sources) they are listed as not audited.
 */
async function retryTooDeep(chunks: readonly ChunkOutcome[], request: AnalysisRequest, compiled: boolean): Promise<ChunkOutcome[]> {
  const files = chunks.flatMap((c) => c.tooDeep);
  if (files.length === 0) return [];
  const listed: ChunkOutcome = { skipped: [], unreadable: [], notAudited: files.map((f) => ({ path: f.path, reason: TOO_DEEP })), tooDeep: [], parseErrors: [], summaries: [], pending: [], diagnostics: [], checked: [], modelFacts: [] };
  if (!compiled || !request.builtInRules) return [listed];
  try {
    return [await runInWorker({ files, settings: [...request.settings], catalog: request.catalog, lastResort: true }, LARGE_STACK_MB)];
  } catch {
    // The retry worker itself died (out of memory): the files stay listed, the audit goes on.
    return [listed];
  }
}

/**
 * Analyses the files on this thread, or, for large trees of built-in rules, on this thread plus
 * worker threads (one per spare core). Workers need compiled JS, so tests running sources stay serial.
 * Returns the raw chunk outcomes (see `settle` to join them).
 */
export async function analyseChunks(request: AnalysisRequest): Promise<ChunkOutcome[]> {
  const { files, rules, settings, catalog } = request;
  const threads = Math.min(availableParallelism(), MAX_THREADS);
  const compiled = import.meta.url.endsWith('.js');
  const finish = async (chunks: ChunkOutcome[]): Promise<ChunkOutcome[]> => [...chunks, ...(await retryTooDeep(chunks, request, compiled))];
  const serial = (): Promise<ChunkOutcome[]> => finish([analyseChunk(files, rules, settings, catalog)]);
  if (threads < 2 || !compiled || !request.builtInRules || files.length < threads) return serial();
  // Estimate the tree's size from an even sample of files: small trees (the common case) pay for few stats.
  const step = Math.max(1, Math.floor(files.length / 64));
  const sample = files.filter((_, i) => i % step === 0);
  const estimate = (sample.reduce((sum, file) => sum + sizeOf(file), 0) / sample.length) * files.length;
  if (estimate < parallelMinBytes()) return serial();
  const sizes = files.map(sizeOf);
  const [own = [], ...others] = splitBySize(files, sizes, threads);
  const pending = others.map((chunk) => runInWorker({ files: chunk, settings: [...settings], catalog }));
  const mine = analyseChunk(own, rules, settings, catalog);
  return finish([mine, ...(await Promise.all(pending))]);
}

/** `analyseChunks`, joined and settled. */
export async function analyseFiles(request: AnalysisRequest): Promise<AnalysisOutcome> {
  return settle(await analyseChunks(request), request.scopeOf, request.roles);
}
