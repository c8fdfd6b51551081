import { createHash } from 'node:crypto';

/**
 * Line-independent identity of a finding: rule, file, the flagged code with whitespace folded and the
 * enclosing function's name. Identical candidates in one file get an occurrence index, in source order.
 */
export function fingerprintBase(ruleId: string, path: string, nodeText: string, enclosingFunction: string | undefined): string {
  const normalised = nodeText.replace(/\s+/g, ' ').trim().slice(0, 500);
  return createHash('sha256').update(`${ruleId}\u0000${path}\u0000${normalised}\u0000${enclosingFunction ?? ''}`).digest('hex').slice(0, 32);
}

export function withOccurrence(base: string, occurrence: number): string {
  return occurrence === 0 ? base : `${base}:${occurrence}`;
}
