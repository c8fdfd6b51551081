import type { DiscoveredFile } from '../project/discover.js';

/**
 * Files shared by threads: each thread takes the next file nobody has taken, so a thread that starts
 * late (a worker loading TypeScript) or meets slow files takes fewer. Which thread analysed a file
 * never shows in the result: outcomes are joined in file order (see settle).
 */
export interface WorkQueue {
  /** Two counters: the next file to take, and the files finished. Shared with workers as is. */
  readonly buffer: SharedArrayBuffer;
  readonly total: number;
}

const NEXT = 0;
const DONE = 1;

export function createWorkQueue(total: number): WorkQueue {
  return { buffer: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT), total };
}

/** Files this thread takes from the queue, one at a time; a file counts as finished when the next one is asked for. */
export function* takeFiles(files: readonly DiscoveredFile[], queue: WorkQueue, onFinished?: (done: number) => void): Generator<DiscoveredFile> {
  const counters = new Int32Array(queue.buffer);
  for (;;) {
    const index = Atomics.add(counters, NEXT, 1);
    const file = files[index];
    if (index >= queue.total || !file) return;
    yield file;
    const done = Atomics.add(counters, DONE, 1) + 1;
    onFinished?.(done);
  }
}

export function filesFinished(queue: WorkQueue): number {
  return Atomics.load(new Int32Array(queue.buffer), DONE);
}
