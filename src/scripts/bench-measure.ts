/** Runs a benchmark task in a child process: wall time from spawn to exit, and the child's peak RSS. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { TaskInput, TaskResult } from './bench-tasks.js';

export type Task = 'floor' | 'eslint' | 'audit' | 'warm';

export interface Measurement {
  readonly ms: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly found: number;
}

const TASKS_SCRIPT = fileURLToPath(new URL('./bench-tasks.js', import.meta.url));

export function measure(task: Task, input: TaskInput, scratch: string): Promise<Measurement> {
  const inputPath = join(scratch, `${task}-input.json`);
  const resultPath = join(scratch, `${task}-result.json`);
  writeFileSync(inputPath, JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const start = performance.now();
    // CI set: the audit draws no progress line, as on a CI runner.
    const child = spawn(process.execPath, [TASKS_SCRIPT, task, inputPath, resultPath], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: '1' } });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) return reject(new Error(`${task} exited with code ${code}`));
      const result = JSON.parse(readFileSync(resultPath, 'utf8')) as TaskResult;
      const report = task === 'audit' ? input.report : task === 'warm' ? input.warm?.report : undefined;
      const found = report ? (JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] }).findings.length : result.found;
      resolve({ ms, cpuMs: result.cpuMs, rssMiB: result.maxRssKiB / 1024, found });
    });
  });
}

/** Rounds of each task, interleaved so a burst of load elsewhere hits all alike; the fastest round of each. */
export async function fastestOf(tasks: readonly Task[], input: TaskInput, scratch: string, rounds: number): Promise<Map<Task, Measurement>> {
  const best = new Map<Task, Measurement>();
  for (let round = 0; round < rounds; round++) {
    for (const task of tasks) {
      const m = await measure(task, input, scratch);
      const previous = best.get(task);
      if (!previous || m.ms < previous.ms) best.set(task, { ...m, rssMiB: Math.max(m.rssMiB, previous?.rssMiB ?? 0) });
      else best.set(task, { ...previous, rssMiB: Math.max(m.rssMiB, previous.rssMiB) });
    }
  }
  return best;
}
