import { posix } from 'node:path';
import type { EntryPoint } from './entries.js';
import type { FileModelFacts } from './file-model-facts.js';

/** A folder decides once this many of its files have something that runs them. */
const MIN_RUN_FILES = 3;

interface FolderRuns {
  readonly scripts: string[];
  production: number;
}

/**
 * Folders of hand-run programs (`config/` of admin scripts, `ops/`): among the files that something
 * runs directly there (an npm script, a package entry, a hand-run program), at least two thirds are
 * tooling. A file nothing imports in such a folder, or in a folder below it that decides nothing itself,
 * is one more of them rather than a production entry. The walk up stops at the file's package.
 */
export function scriptFolders(files: readonly FileModelFacts[], entries: ReadonlyMap<string, EntryPoint>, programs: ReadonlyMap<string, string>): (file: string, packagePath: string) => FolderRuns | undefined {
  const folders = new Map<string, FolderRuns>();
  const count = (file: string, script: boolean): void => {
    const dir = posix.dirname(file);
    const runs = folders.get(dir) ?? { scripts: [], production: 0 };
    if (script) runs.scripts.push(file);
    else runs.production += 1;
    folders.set(dir, runs);
  };
  for (const entry of entries.values()) count(entry.file, entry.kind === 'script');
  for (const facts of files) if (programs.has(facts.path) && !entries.has(facts.path)) count(facts.path, true);
  return (file, packagePath) => {
    // packagePath: the file's path inside its package; the walk checks its folder and each one up to the package's own.
    let dir = posix.dirname(file);
    for (let levels = packagePath.split('/').length - 1; levels >= 0; levels -= 1, dir = posix.dirname(dir)) {
      const runs = folders.get(dir);
      if (runs && runs.scripts.length + runs.production >= MIN_RUN_FILES) return runs.scripts.length * 3 >= (runs.scripts.length + runs.production) * 2 ? runs : undefined;
    }
    return undefined;
  };
}
