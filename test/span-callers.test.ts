import { describe, expect, it } from 'vitest';
import { spanEdge, tracedByCallers } from '../src/model/summaries/span-callers.js';

/** A call graph from `caller>callee` edges; a `*` marks a call made inside a span the caller opens. */
function graph(edges: readonly string[]) {
  const callers = new Map<string, string[]>();
  const callsInSpan = new Set<string>();
  for (const edge of edges) {
    const inSpan = edge.endsWith('*');
    const [from, to] = edge.replace('*', '').split('>') as [string, string];
    callers.set(to, [...(callers.get(to) ?? []), from]);
    if (inSpan) callsInSpan.add(spanEdge(from, to));
  }
  return { callers, callsInSpan };
}

describe('tracedByCallers (a span opened up the call chain covers the callee)', () => {
  it('covers a function whose every caller chain reaches a call made inside a span', () => {
    const input = graph(['step>ask*', 'ask>adapter', 'retry>adapter', 'step>retry*']);
    expect(tracedByCallers('adapter', input)).toBe(true);
    expect(tracedByCallers('ask', input)).toBe(true);
  });

  it('does not cover a function that one chain reaches without a span, or that nobody calls', () => {
    const input = graph(['step>ask*', 'ask>adapter', 'shortcut>adapter']);
    expect(tracedByCallers('adapter', input)).toBe(false);
    expect(tracedByCallers('step', input)).toBe(false);
  });

  it('does not look further up than a few callers', () => {
    const input = graph(['root>a*', 'a>b', 'b>c', 'c>d', 'd>e', 'e>f']);
    expect(tracedByCallers('d', input)).toBe(true);
    expect(tracedByCallers('f', input)).toBe(false);
  });

  it('follows a recursive helper to the caller that lets it in', () => {
    expect(tracedByCallers('walk', graph(['step>walk*', 'walk>walk', 'walk>visit', 'visit>walk']))).toBe(true);
    expect(tracedByCallers('walk', graph(['main>walk', 'walk>visit', 'visit>walk']))).toBe(false);
  });
});
