import { ts, unwrap } from '../ast.js';
import type { FileIndex } from '../file-index.js';
import type { BranchRange, BranchRuns } from './branches.js';

/**
 * A class name a file constructs in a branch that runs in one runtime only (`if (isDev) return new
 * DevProxy(url)`), with every use of the name in the file: the branch of each `new`, or null for a use
 * outside such a branch or other than `new` (passed on, extended, compared).
 */
export interface Construction {
  readonly name: string;
  readonly uses: readonly (BranchRuns | null)[];
}

/** The innermost development or flag branch holding a position (browser arms say nothing about development). */
const branchAt = (ranges: readonly BranchRange[], at: number): BranchRange | undefined =>
  ranges.filter((r) => r.pos <= at && at < r.end && r.runs !== 'browser').sort((a, b) => a.end - a.pos - (b.end - b.pos))[0];

/** Names constructed in some branch of `ranges`, with where all their uses in the file are. */
export function branchConstructions(index: FileIndex, ranges: readonly BranchRange[]): Construction[] {
  const inBranch = new Set<string>();
  const constructed = new Set<ts.Identifier>();
  for (const created of index.newExpressions) {
    const callee = unwrap(created.expression);
    if (!ts.isIdentifier(callee)) continue;
    constructed.add(callee);
    if (branchAt(ranges, created.getStart())) inBranch.add(callee.text);
  }
  return [...inBranch].map((name) => ({
    name,
    uses: (index.reads.get(name) ?? []).map((read) => (constructed.has(read) ? (branchAt(ranges, read.getStart())?.runs ?? null) : null)),
  }));
}
