import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { AuditError } from '../errors.js';

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Absolute paths of files changed since `ref`: committed since the merge base, staged, unstaged and
 * untracked (not ignored) — what a pull request or a working copy adds.
 */
export function changedFilesSince(ref: string, cwd: string): Set<string> {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch {
    throw new AuditError('usage', `--changed-since needs a git repository, and ${cwd} is not inside one`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new AuditError('usage', `--changed-since: unknown git ref "${ref}"`);
  }
  const base = git(['merge-base', ref, 'HEAD'], top).trim() || ref;
  const changed = git(['diff', '--name-only', '--diff-filter=ACMRT', base], top).split('\n');
  const untracked = git(['ls-files', '--others', '--exclude-standard'], top).split('\n');
  return new Set([...changed, ...untracked].filter(Boolean).map((p) => resolve(top, p)));
}
