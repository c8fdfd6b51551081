import { ts } from './ast.js';
import { escapeRegExp } from '../catalog/regex-safety.js';

/** The comment lines right above a node, with no blank line between: its author's note on it, not a file header. Lower-cased. */
export function commentRightAbove(holder: ts.Node): string {
  const file = holder.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(file.text, holder.getFullStart()) ?? [];
  const lineOf = (pos: number): number => file.getLineAndCharacterOfPosition(pos).line;
  const kept: string[] = [];
  let next = lineOf(holder.getStart(file));
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i]!;
    if (lineOf(range.end) !== next - 1) break;
    kept.unshift(file.text.slice(range.pos, range.end));
    next = lineOf(range.pos);
  }
  return kept.join('\n').toLowerCase();
}

const phrasePatterns = new WeakMap<readonly string[], RegExp>();

/** One pattern per catalog list: any of its phrases, as whole words. */
export function phrasePattern(phrases: readonly string[]): RegExp {
  let pattern = phrasePatterns.get(phrases);
  if (!pattern) phrasePatterns.set(phrases, (pattern = new RegExp(`(?<![a-z])(?:${phrases.map(escapeRegExp).join('|')})(?![a-z])`)));
  return pattern;
}
