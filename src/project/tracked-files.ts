import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';

/** Files git tracks under a directory, and every directory on the way to one. */
export interface TrackedFiles {
  readonly files: ReadonlySet<string>;
  readonly directories: ReadonlySet<string>;
}

/**
 * Git runs with the audited repository's own settings neutralised: `core.fsmonitor` names a program
 * to run, and an audited tree must never get to run anything.
 */
const SAFE_GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'core.hooksPath=/dev/null'];

/**
 * What git tracks under `root` (absolute paths), or undefined outside a repository or without git.
 * A tracked file is part of the project whatever a .gitignore added later says, so it is audited.
 */
export function gitTrackedFiles(root: string): TrackedFiles | undefined {
  const result = spawnSync('git', [...SAFE_GIT, 'ls-files', '-z', '--cached'], {
    cwd: root,
    encoding: 'buffer',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
  });
  if (result.status !== 0 || !result.stdout) return undefined;
  const files = new Set<string>();
  const directories = new Set<string>();
  for (const path of result.stdout.toString('utf8').split('\0')) {
    if (!path) continue;
    const absolute = resolve(root, path);
    files.add(absolute);
    for (let dir = dirname(absolute); dir.length > root.length && !directories.has(dir); dir = dirname(dir)) directories.add(dir);
  }
  return { files, directories };
}
