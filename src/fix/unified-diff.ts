import { createTwoFilesPatch } from 'diff';
import type { FileChange } from './plan-fixes.js';

/** `git diff`-style unified diff of the planned changes, a/ and b/ prefixes, three lines of context. */
export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes
    .map((change) => createTwoFilesPatch(`a/${change.file}`, `b/${change.file}`, change.before, change.after, undefined, undefined, { context: 3 }))
    .map((patch) => patch.replace(/^=+\n/m, ''))
    .join('');
}
