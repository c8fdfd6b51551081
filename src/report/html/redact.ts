/** A region of a file, 1-based; `endColumn` is the first column after it (as findings report spans). */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export const HIDDEN_CREDENTIAL = '«credential hidden»';

/**
 * The file's lines with each span replaced by a marker, so a credential a rule flagged is never
 * shown, not even as context in another finding's excerpt. A span over several lines keeps their
 * count: the marker goes on the first line and the rest of the span is blanked.
 */
export function redactSpans(lines: readonly string[], spans: readonly SourceSpan[]): readonly string[] {
  if (spans.length === 0) return lines;
  const out = [...lines];
  // Right to left, so replacing one span does not move the columns of another on the same line.
  const ordered = [...spans].sort((a, b) => b.line - a.line || b.column - a.column);
  for (const span of ordered) {
    for (let n = span.line; n <= span.endLine && n <= out.length; n++) {
      const text = out[n - 1] ?? '';
      const from = n === span.line ? Math.max(0, span.column - 1) : 0;
      const to = n === span.endLine ? Math.max(from, span.endColumn - 1) : text.length;
      out[n - 1] = `${text.slice(0, from)}${n === span.line ? HIDDEN_CREDENTIAL : ''}${text.slice(to)}`;
    }
  }
  return out;
}
