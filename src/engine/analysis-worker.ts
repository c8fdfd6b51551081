import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../rules/index.js';
import { analyseChunk } from './analyse-files.js';
import type { WorkerInput } from './parallel.js';
import { takeFiles } from './work-queue.js';

const input = workerData as WorkerInput;
const files = input.queue ? takeFiles(input.files, input.queue) : input.files;
parentPort?.postMessage(analyseChunk(files, ALL_RULES, new Map(input.settings), input.catalog, input.lastResort ?? false));
