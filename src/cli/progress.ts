/**
 * "files done/total" on standard error while a long audit runs, redrawn in place and erased at the
 * end. Only for a person at a terminal: never when standard error is not one, in CI (`CI` set), with
 * --quiet, on a dumb terminal, or when a machine-read format goes to standard output.
 */
import type { FormatName } from '../report/index.js';
import type { OutputTarget } from './outputs.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressContext {
  readonly stream: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly quiet: boolean;
  readonly outputs: readonly OutputTarget[];
  /** Milliseconds; the line shows only once the run has lasted `delayMs`. */
  readonly now?: () => number;
  readonly delayMs?: number;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the line, if one was drawn: the report comes next. */
  finish(): void;
}

/** Short runs print nothing: a line that flashes for a moment is noise. */
const DEFAULT_DELAY_MS = 2000;
/** At most this often: a redraw per file would cost more than it tells. */
const REDRAW_EVERY_MS = 100;
const HUMAN_FORMATS: ReadonlySet<FormatName> = new Set(['pretty']);

export function progressWanted({ stream, env, quiet, outputs }: ProgressContext): boolean {
  if (stream.isTTY !== true || quiet || env.CI || env.TERM === 'dumb') return false;
  return outputs.every((target) => target.file !== undefined || HUMAN_FORMATS.has(target.format));
}

/** A progress line, or one that does nothing when it is not wanted. */
export function createProgress(context: ProgressContext): Progress {
  if (!progressWanted(context)) return { update: () => undefined, finish: () => undefined };
  const { stream } = context;
  const now = context.now ?? (() => performance.now());
  const start = now();
  const delay = context.delayMs ?? DEFAULT_DELAY_MS;
  let drawnAt: number | undefined;
  let last = '';
  return {
    update(done, total) {
      const time = now();
      if (time - start < delay || (drawnAt !== undefined && time - drawnAt < REDRAW_EVERY_MS)) return;
      const text = `agent-audit: ${done}/${total} files`;
      if (text === last) return;
      // Carriage return, the text, then erase what a longer earlier line left to its right.
      stream.write(`\r${text}\x1b[K`);
      drawnAt = time;
      last = text;
    },
    finish() {
      if (drawnAt !== undefined) stream.write('\r\x1b[K');
      drawnAt = undefined;
      last = '';
    },
  };
}
