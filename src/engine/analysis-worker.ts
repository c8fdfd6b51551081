import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../rules/index.js';
import { analyseChunk } from './analyse-files.js';
import type { WorkerInput } from './parallel.js';

const input = workerData as WorkerInput;
parentPort?.postMessage(analyseChunk(input.files, ALL_RULES, new Map(input.settings), input.catalog, input.lastResort ?? false));
