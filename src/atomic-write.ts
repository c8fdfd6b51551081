import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuditError } from './errors.js';

/**
 * Writes a whole file or nothing: the text goes to a temporary file in the same directory, which is
 * renamed over the target. A kill, Ctrl-C or full disk midway leaves the previous report or baseline
 * as it was, never empty or cut short. Devices and pipes (`/dev/stdout`, a FIFO) are written directly:
 * renaming over them would replace the device node.
 */
export function writeFileAtomic(path: string, text: string, what = 'file'): void {
  let existing;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  try {
    if (existing && !existing.isFile()) {
      writeFileSync(path, text);
      return;
    }
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = openSync(temporary, 'wx', existing ? existing.mode & 0o777 : 0o666);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temporary, path);
    } catch (error) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      try {
        unlinkSync(temporary);
      } catch {
        // never created or already renamed
      }
      throw error;
    }
  } catch (error) {
    throw new AuditError('io', `cannot write ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
