import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SKIPPED_DIRECTORIES, isSourceFile } from './discover.js';

/** Enough to name what was skipped; a huge node_modules is not worth walking in full. */
const MAX_ENTRIES = 20_000;

function countSources(dir: string, budget: { left: number }): number {
  let count = 0;
  const pending = [dir];
  for (let current = pending.pop(); current !== undefined && budget.left > 0; current = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (--budget.left <= 0) break;
      if (entry.isDirectory() && !entry.isSymbolicLink()) pending.push(join(current, entry.name));
      else if (entry.isFile() && isSourceFile(entry.name)) count++;
    }
  }
  return count;
}

/**
 * Why an audit found nothing, for the "no files" error: the source files sitting in folders that are
 * skipped by default (dist/, build/...) directly under the audited directories, and how to audit them.
 */
export function noFilesHint(paths: readonly string[]): string {
  const budget = { left: MAX_ENTRIES };
  const skipped: string[] = [];
  let example: string | undefined;
  for (const path of paths) {
    let entries;
    try {
      if (!statSync(path).isDirectory()) continue;
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || !SKIPPED_DIRECTORIES.has(entry.name) || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const count = countSources(join(path, entry.name), budget);
      if (count === 0) continue;
      skipped.push(`${count}${budget.left <= 0 ? '+' : ''} file(s) under ${entry.name}/`);
      example ??= join(path, entry.name);
    }
  }
  if (skipped.length === 0) return '';
  return `; ${skipped.join(', ')} are skipped by default (build output); to audit them, pass the folder explicitly (agent-audit ${example})`;
}
