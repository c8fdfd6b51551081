import { describe, expect, it } from 'vitest';
import { createStringPool } from '../src/engine/string-pool.js';

describe('string pool for kept outcomes', () => {
  it('keeps every value as it was, however deep, and returns the same object', () => {
    const shared = { kind: 'import', local: 'client', member: 'send' };
    const outcome = {
      summaries: [{ path: 'a.ts', names: ['send', 'push', 'send'], count: 3, library: false, none: null }],
      modelFacts: [{ path: 'a.ts', functions: [{ key: 'run', calls: [{ at: 10, callee: shared }, { at: 20, callee: shared }], flows: { forwards: [{ param: 0, callee: shared, argument: 1 }] } }] }],
      empty: [],
    };
    const expected = structuredClone(outcome);
    const pool = createStringPool();
    expect(pool(outcome)).toBe(outcome);
    expect(outcome).toEqual(expected);
    // A second batch with the same strings comes back equal too.
    const again = structuredClone(expected);
    expect(pool(again)).toEqual(expected);
  });

  it('passes plain values through', () => {
    const pool = createStringPool();
    expect(pool('send')).toBe('send');
    expect(pool(42)).toBe(42);
    expect(pool(undefined)).toBeUndefined();
  });
});
