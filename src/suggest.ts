/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions): the edits a typo
 * makes, so `no-timeuot` is one step from `no-timeout`.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return d[a.length]?.[b.length] ?? 0;
}

function namePart(id: string): string {
  return id.slice(id.indexOf('/') + 1);
}

/**
 * The known rule ids closest to `id`, best first (at most `limit`): compared whole and by the name
 * after the category, so a wrong category (`security/no-timeout`) or a typo in the name both find
 * the rule. Nothing is suggested when every id is too far off to be what was meant.
 */
export function closestRuleIds(id: string, known: readonly string[], limit = 3): string[] {
  const query = id.trim().toLowerCase();
  const scored = known.map((candidate) => {
    const whole = editDistance(query, candidate.toLowerCase());
    const name = editDistance(namePart(query), namePart(candidate).toLowerCase());
    const contains = namePart(query).length >= 4 && candidate.toLowerCase().includes(namePart(query)) ? 1 : Number.POSITIVE_INFINITY;
    return { candidate, distance: Math.min(whole, name, contains), length: namePart(candidate).length };
  });
  return scored
    .filter((s) => s.distance <= Math.max(2, Math.floor(s.length / 3)))
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** ` (did you mean "a" or "b"?)`, or '' when nothing is close. */
export function didYouMean(id: string, known: readonly string[]): string {
  const close = closestRuleIds(id, known);
  if (close.length === 0) return '';
  const quoted = close.map((c) => `"${c}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` (did you mean ${list}?)`;
}
