/** How far up the callers to look for a span: a wrapper or two, as for the agent path. */
const MAX_DEPTH = 4;

export interface SpanCallersInput {
  /** Every resolved caller of each function (whether or not it catches the call's failure), and functions that hand it on. */
  readonly callers: ReadonlyMap<string, readonly string[]>;
  /** `caller>callee` for the calls made inside a span the caller opens around them. */
  readonly callsInSpan: ReadonlySet<string>;
}

export const spanEdge = (caller: string, callee: string): string => `${caller}>${callee}`;

/**
 * Does every caller chain of the function run it inside a span that some caller, up to a few levels,
 * opens around the call? A model call in a provider adapter is then in the trace, under the span of
 * the agent step that called it. False for a function no seen code calls, and for a chain that ends
 * (or goes deeper than we look) with no span on it.
 */
export function tracedByCallers(start: string, input: SpanCallersInput): boolean {
  const memo = new Map<string, boolean>();
  const covered = (id: string, depth: number, path: ReadonlySet<string>): boolean => {
    const key = `${id}@${depth}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const callers = input.callers.get(id) ?? [];
    // A recursive chain adds no caller of its own: it is covered when its way in is.
    const answer = callers.length > 0 && depth < MAX_DEPTH && callers.every((caller) => input.callsInSpan.has(spanEdge(caller, id)) || path.has(caller) || covered(caller, depth + 1, new Set([...path, caller])));
    memo.set(key, answer);
    return answer;
  };
  return covered(start, 0, new Set([start]));
}
