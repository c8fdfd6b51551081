/** A few lines of source around a finding, cut to a readable width (bundled files have huge lines). */
export interface CodeExcerpt {
  /** 1-based number of the first line in `lines`. */
  readonly start: number;
  readonly lines: readonly string[];
  /** The finding's own lines, 1-based and inclusive, clamped to the excerpt. */
  readonly markFrom: number;
  readonly markTo: number;
}

const CONTEXT_LINES = 2;
/** Flagged lines longer than this are cut around the finding's column. */
const MAX_LINE = 160;
/** At most this many flagged lines are shown (a whole function can be one finding). */
const MAX_MARKED = 6;

function cut(text: string, column: number | undefined): string {
  if (text.length <= MAX_LINE) return text;
  const from = column === undefined ? 0 : Math.max(0, Math.min(column - 1 - MAX_LINE / 4, text.length - MAX_LINE));
  const to = from + MAX_LINE;
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}

export function codeExcerpt(source: readonly string[], position: { line: number; column: number; endLine: number }): CodeExcerpt | undefined {
  if (position.line < 1 || position.line > source.length) return undefined;
  const markTo = Math.min(Math.max(position.endLine, position.line), position.line + MAX_MARKED - 1, source.length);
  const start = Math.max(1, position.line - CONTEXT_LINES);
  const end = Math.min(source.length, markTo + CONTEXT_LINES);
  const lines: string[] = [];
  for (let n = start; n <= end; n++) lines.push(cut(source[n - 1] ?? '', n === position.line ? position.column : undefined));
  return { start, lines, markFrom: position.line, markTo };
}
