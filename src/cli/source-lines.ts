import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

/** Larger files get no excerpt: reading them back for a few lines is not worth the memory. */
const MAX_EXCERPT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads audited files back for the HTML report's code excerpts. Only files inside the audit root are
 * read (a finding's path is root-relative); anything unreadable simply has no excerpt.
 */
export function sourceLineReader(root: string): (file: string) => readonly string[] | undefined {
  return (file) => {
    const path = resolve(root, file);
    const inside = relative(root, path);
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    try {
      if (statSync(path).size > MAX_EXCERPT_FILE_BYTES) return undefined;
      return readFileSync(path, 'utf8').split(/\r?\n/);
    } catch {
      return undefined;
    }
  };
}
