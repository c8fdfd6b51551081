import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { AnalysedCatalog } from '../model/imported-clients.js';
import type { DiscoveredFile } from '../project/discover.js';
import { TOO_DEEP, analyseChunk, settle, type AnalysisOutcome, type ChunkOutcome, type PackageScope, type RoleJudging } from './analyse-files.js';
import type { Rule } from './rule.js';
import type { RuleSetting } from './run-rules.js';
import { createWorkQueue, filesFinished, takeFiles, type WorkQueue } from './work-queue.js';
import { createStringPool, type StringPool } from './string-pool.js';

/**
 * Below this much source, starting a worker (loading TypeScript again, about a second of CPU) costs
 * more than it saves. Above it the worker pays off even when it comes up late: it only takes the
 * files this thread has not reached yet.
 */
const DEFAULT_PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const MAX_THREADS = 4;
/** How often progress is told while this thread waits for the workers' last files. */
const PROGRESS_WHILE_WAITING_MS = 250;

export interface WorkerInput {
  readonly files: readonly DiscoveredFile[];
  readonly settings: readonly [string, RuleSetting][];
  readonly catalog: AnalysedCatalog;
  /** Set for the large-stack retry: a file that still overflows is listed as not audited. */
  readonly lastResort?: boolean;
  /** Shared with the other threads: the worker takes files from it instead of analysing all of `files`. */
  readonly queue?: WorkQueue;
  /** Where the worker posts its messages (a channel this thread can also read from synchronously). */
  readonly port?: MessagePort;
}

/** Files analysed so far, out of all the audit's files. */
export type ProgressListener = (done: number, total: number) => void;

/**
 * Files a thread analyses before handing their outcome on: a worker then holds one batch of results,
 * not all of its share, and this thread keeps its own as compact copies (see analyseChunks).
 */
export const BATCH_FILES = 32;

/** What a worker posts: the outcome of each batch of files, then of the rest when it is done. */
export interface WorkerMessage {
  readonly kind: 'batch' | 'done';
  readonly outcome: ChunkOutcome;
}

/** The stack for files that overflowed a thread's default one (V8's default is about 1 MB on the main thread, 4 MB in a worker). */
const LARGE_STACK_MB = 256;

export interface AnalysisRequest {
  readonly files: readonly DiscoveredFile[];
  readonly rules: readonly Rule[];
  /** The rules are the built-in registry, which worker threads can load themselves. */
  readonly builtInRules: boolean;
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly catalog: AnalysedCatalog;
  /** Which package each file (by root-relative path) belongs to. */
  readonly scopeOf?: (path: string) => PackageScope;
  /** Build the project model and judge each file by its role (absent: every file is judged). */
  readonly roles?: RoleJudging;
  readonly onProgress?: ProgressListener;
}

function sizeOf(file: DiscoveredFile): number {
  try {
    return statSync(file.absolutePath).size;
  } catch {
    return 0;
  }
}

/** Largest first: a large file taken last would leave the other threads idle while it is analysed. */
function largestFirst(files: readonly DiscoveredFile[]): DiscoveredFile[] {
  const sized = files.map((file) => ({ file, size: sizeOf(file) }));
  return sized.sort((a, b) => b.size - a.size).map((s) => s.file);
}

/** A worker at work: its outcomes once it is done, and a way to take the batches it posted so far. */
interface RunningWorker {
  readonly done: Promise<ChunkOutcome[]>;
  /**
   * Takes the batches the worker has posted, now: this thread calls it between its own batches, so it
   * turns them into outcomes while the worker still runs, not all at once after both are done.
   */
  readonly drain: () => void;
}

/** `pool`: the main run's string pool, for outcomes it keeps. */
function startWorker(input: WorkerInput, { stackSizeMb, pool }: { stackSizeMb?: number; pool?: StringPool } = {}): RunningWorker {
  const outcomes: ChunkOutcome[] = [];
  const { port1, port2 } = new MessageChannel();
  let finished = false;
  let finish: (outcomes: ChunkOutcome[]) => void = () => undefined;
  const take = (message: WorkerMessage): void => {
    outcomes.push(pool ? pool(message.outcome) : message.outcome);
    if (message.kind !== 'done') return;
    finished = true;
    port1.close();
    finish(outcomes);
  };
  const drain = (): void => {
    for (let received = finished ? undefined : receiveMessageOnPort(port1); received; received = finished ? undefined : receiveMessageOnPort(port1)) take(received.message as WorkerMessage);
  };
  const done = new Promise<ChunkOutcome[]>((resolve, reject) => {
    finish = resolve;
    const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { ...input, port: port2 }, transferList: [port2], ...(stackSizeMb ? { resourceLimits: { stackSizeMb } } : {}) });
    port1.on('message', take);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      // What it posted before it exited is still in the channel.
      drain();
      if (!finished) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
  return { done, drain };
}

function runInWorker(input: WorkerInput, options: { stackSizeMb?: number; pool?: StringPool } = {}): Promise<ChunkOutcome[]> {
  return startWorker(input, options).done;
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
    return await runInWorker({ files, settings: [...request.settings], catalog: request.catalog, lastResort: true }, { stackSizeMb: LARGE_STACK_MB });
  } catch {
    // The retry worker itself died (out of memory): the files stay listed, the audit goes on.
    return [listed];
  }
}

/** Tells progress every PROGRESS_WHILE_WAITING_MS until the promise settles. */
async function progressWhile<T>(promise: Promise<T>, queue: WorkQueue, onProgress: ProgressListener | undefined): Promise<T> {
  if (!onProgress) return promise;
  const timer = setInterval(() => onProgress(filesFinished(queue), queue.total), PROGRESS_WHILE_WAITING_MS);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/**
 * Analyses the files on this thread, or, for large trees of built-in rules, on this thread plus
  * worker threads (one per spare core), all taking files from one queue. Workers need compiled JS, so
 * tests running sources stay serial. Returns the raw chunk outcomes (see `settle` to join them).
 */
export async function analyseChunks(request: AnalysisRequest): Promise<ChunkOutcome[]> {
  const { files, rules, settings, catalog, onProgress } = request;
  const threads = Math.min(availableParallelism(), MAX_THREADS);
  const compiled = import.meta.url.endsWith('.js');
  const finish = async (chunks: ChunkOutcome[]): Promise<ChunkOutcome[]> => [...chunks, ...(await retryTooDeep(chunks, request, compiled))];
  const tell = onProgress && ((done: number) => onProgress(done, files.length));
  const serial = (): Promise<ChunkOutcome[]> => finish([analyseChunk(takeFiles(files, createWorkQueue(files.length), tell), rules, settings, catalog)]);
  if (threads < 2 || !compiled || !request.builtInRules || files.length < threads) return serial();
  // Estimate the tree's size from an even sample of files: small trees (the common case) pay for few stats.
  const step = Math.max(1, Math.floor(files.length / 64));
  const sample = files.filter((_, i) => i % step === 0);
  const estimate = (sample.reduce((sum, file) => sum + sizeOf(file), 0) / sample.length) * files.length;
  if (estimate < parallelMinBytes()) return serial();
  const ordered = largestFirst(files);
  const queue = createWorkQueue(ordered.length);
  const pool = createStringPool();
  const workers = Array.from({ length: threads - 1 }, () => startWorker({ files: ordered, settings: [...settings], catalog, queue }, { pool }));
  // Copies, as a worker's outcomes are: a name kept from a file's AST would otherwise keep the file's whole text.
  const mine: ChunkOutcome[] = [];
  const keep = (outcome: ChunkOutcome): void => {
    mine.push(pool(structuredClone(outcome)));
    for (const worker of workers) worker.drain();
  };
  keep(analyseChunk(takeFiles(ordered, queue, tell), rules, settings, catalog, false, { size: BATCH_FILES, onBatch: keep }));
  return finish([...mine, ...(await progressWhile(Promise.all(workers.map((w) => w.done)), queue, onProgress)).flat()]);
}

/** `analyseChunks`, joined and settled. */
export async function analyseFiles(request: AnalysisRequest): Promise<AnalysisOutcome> {
  return settle(await analyseChunks(request), request.scopeOf, request.roles);
}
