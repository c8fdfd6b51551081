/**
 * Catalog patterns from a user's config run over every string in the audited code, which a stranger
 * writes: a pattern like `(a+)+b` backtracks exponentially on `aaaa…` and hangs the run. The
 * exponential shape is a repeated group that itself holds a repetition (star height above one), so
 * such patterns are refused with a config error. Bounded outer repeats (`(\d{1,3}\.){3}`, `(…)?`)
 * are fine.
 */
export function nestedRepetition(pattern: string): string | undefined {
  const groups: { start: number; repeats: boolean }[] = [{ start: 0, repeats: false }];
  let closed: { start: number; repeats: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
      closed = undefined;
      continue;
    }
    if (ch === '[') {
      i = classEnd(pattern, i);
      closed = undefined;
      continue;
    }
    if (ch === '(') {
      groups.push({ start: i, repeats: false });
      closed = undefined;
      continue;
    }
    if (ch === ')') {
      const group = groups.pop();
      const parent = groups[groups.length - 1];
      if (!group || !parent) return undefined;
      if (group.repeats) parent.repeats = true;
      closed = group;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (!quantifier) {
      closed = undefined;
      continue;
    }
    if (closed?.repeats && quantifier.max === Infinity) return pattern.slice(closed.start, i + quantifier.length);
    if (quantifier.max > 1) (groups[groups.length - 1] as { repeats: boolean }).repeats = true;
    i += quantifier.length - 1;
    if (pattern[i + 1] === '?') i++;
    closed = undefined;
  }
  return undefined;
}

function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i;
}

function quantifierAt(pattern: string, i: number): { length: number; max: number } | undefined {
  const ch = pattern[i];
  if (ch === '*' || ch === '+') return { length: 1, max: Infinity };
  if (ch === '?') return { length: 1, max: 1 };
  if (ch !== '{') return undefined;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!match) return undefined;
  const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
  return { length: match[0].length, max };
}

/** The text as a literal inside a regular expression: every metacharacter escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
