import { describe, expect, it } from 'vitest';
import { modelOf } from './helpers/model.js';

const model = modelOf('untrusted-parameters');
const receives = (key: string, param: number) => model.summaries().parameterReceivesUntrusted('src/consumers.ts', key, param);

describe('parameters that receive external content', () => {
  it('a page fetched in another file and passed straight in', () => {
    expect(receives('useDirect', 0)).toBe(true);
    expect(receives('useDirect', 1)).toBe(false);
  });

  it('passed on through a parameter of an intermediate function', () => {
    expect(receives('useForwarded', 0)).toBe(true);
  });

  it('through a project helper that returns what it is given, not one that returns its own value', () => {
    expect(receives('useTidied', 0)).toBe(true);
    expect(receives('useLabel', 0)).toBe(false);
  });

  it('appended to a local array that is passed in', () => {
    expect(receives('useCollected', 0)).toBe(true);
  });

  it('appended as it is after it was first passed to a helper that returns its own value', () => {
    expect(receives('useGathered', 0)).toBe(true);
  });
});

describe('parameters in a cycle of calls', () => {
  const inRounds = (file: string, key: string, param: number) => model.summaries().parameterReceivesUntrusted(file, key, param);

  it('a cycle nothing untrusted enters receives none, asked from either end; one a page enters receives it all round', () => {
    // Asked first: the search through polish ⇄ refine finds no page, and remembers that for both.
    expect(inRounds('src/rounds.ts', 'refine', 0)).toBe(false);
    expect(inRounds('src/rounds-helpers.ts', 'polish', 0)).toBe(false);
    expect(inRounds('src/rounds-helpers.ts', 'condense', 0)).toBe(true);
    expect(inRounds('src/rounds-helpers.ts', 'summarise', 0)).toBe(true);
    expect(inRounds('src/rounds-helpers.ts', 'summarise', 1)).toBe(false);
  });
});

describe('returned external content', () => {
  it('through a helper that returns what it is given, not through one that returns its own value', () => {
    expect(model.summaries().summaryOf('src/fetching.ts', 'cleanPage')?.returnsUntrustedContent).toBe('yes');
    expect(model.summaries().summaryOf('src/fetching.ts', 'pageLabel')?.returnsUntrustedContent).toBe('no');
  });
});

describe('exported HTTP client instances', () => {
  it('a request through a client instance another file creates and exports returns external content', () => {
    expect(model.summaries().summaryOf('src/search.ts', 'searchIndex')?.returnsUntrustedContent).toBe('yes');
    expect(model.summaries().summaryOf('src/search.ts', 'searchIndex')?.reachesNetwork).toBe('yes');
  });

  it('a method of another exported value is not a request', () => {
    expect(model.summaries().summaryOf('src/search.ts', 'remembered')?.returnsUntrustedContent).not.toBe('yes');
  });
});
