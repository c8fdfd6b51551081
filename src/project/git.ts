import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { AuditError } from '../errors.js';
import { toPosix } from './discover.js';

/**
 * The audited repository is a stranger's: its config must not make git run anything. Hooks and the
 * fsmonitor daemon are programs named in .git/config; external diff drivers come from config too
 * (turned off per command with --no-ext-diff / --no-textconv).
 */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false'];

function gitEnvironment(): NodeJS.ProcessEnv {
  const { GIT_EXTERNAL_DIFF: _externalDiff, ...env } = process.env;
  return { ...env, GIT_OPTIONAL_LOCKS: '0' };
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', [...SAFE_CONFIG, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, env: gitEnvironment() });
}

function gitError(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
  return stderr || (error as Error).message;
}

/** NUL-separated paths (`-z`): git's quoting of unusual names ("\303\251", "a\"b") never reaches us. */
function nulSeparated(output: string): string[] {
  return output.split('\0').filter(Boolean);
}

const SHALLOW_HINT = 'the clone is shallow, so it may not hold the merge base: fetch the history (actions/checkout with `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`, or `git fetch --unshallow`)';

function isShallow(top: string): boolean {
  try {
    return git(['rev-parse', '--is-shallow-repository'], top).trim() === 'true';
  } catch {
    return false;
  }
}

function mergeBase(ref: string, commit: string, top: string): string {
  try {
    return git(['merge-base', commit, 'HEAD'], top).trim();
  } catch {
    if (isShallow(top)) throw new AuditError('usage', `--changed-since ${ref}: no merge base with HEAD; ${SHALLOW_HINT}`);
    throw new AuditError('usage', `--changed-since ${ref}: ${ref} and HEAD have no common history`);
  }
}

/**
 * Real absolute paths of files changed since `ref`: committed since the merge base, staged, unstaged and
 * untracked (not ignored) — what a pull request or a working copy adds.
 */
export function changedFilesSince(ref: string, cwd: string): Set<string> {
  let top: string;
  try {
    top = realpathSync(git(['rev-parse', '--show-toplevel'], cwd).trim());
  } catch {
    throw new AuditError('usage', `--changed-since needs a git repository, and ${cwd} is not inside one`);
  }
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], top).trim();
  } catch {
    throw new AuditError('usage', `--changed-since: unknown git ref "${ref}"${isShallow(top) ? `; ${SHALLOW_HINT}` : ''}`);
  }
  const base = mergeBase(ref, commit, top);
  try {
    const changed = nulSeparated(git(['diff', '-z', '--name-only', '--no-ext-diff', '--no-textconv', '--diff-filter=ACMRT', base, '--'], top));
    const untracked = nulSeparated(git(['ls-files', '-z', '--others', '--exclude-standard'], top));
    return new Set([...changed, ...untracked].map((p) => resolve(top, p)));
  } catch (error) {
    throw new AuditError('usage', `--changed-since: git failed: ${gitError(error)}`);
  }
}

/** The changed files as paths relative to the project root (the form every finding's `file` has). */
export function relativeToRoot(files: ReadonlySet<string>, root: string): Set<string> {
  return new Set([...files].map((file) => toPosix(relative(root, file))));
}
