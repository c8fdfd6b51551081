import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../rules/index.js';
import { analyseChunk } from './analyse-files.js';
import { BATCH_FILES, type WorkerInput, type WorkerMessage } from './parallel.js';
import { takeFiles } from './work-queue.js';

const input = workerData as WorkerInput;
const files = input.queue ? takeFiles(input.files, input.queue) : input.files;
const post = (message: WorkerMessage): void => (input.port ?? parentPort)?.postMessage(message);
const rest = analyseChunk(files, ALL_RULES, new Map(input.settings), input.catalog, input.lastResort ?? false, { size: BATCH_FILES, onBatch: (outcome) => post({ kind: 'batch', outcome }) });
post({ kind: 'done', outcome: rest });
