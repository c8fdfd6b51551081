import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { createClassifier } from '../src/catalog/matcher.js';
import { loadCatalog } from '../src/catalog/load.js';
import { computeFileFacts } from '../src/model/file-facts.js';
import { forwardedOptionsParameter, optionlessArguments } from '../src/domain/http/forwarded-options.js';

const classifier = createClassifier(loadCatalog());

const factsOf = (code: string) => computeFileFacts('snippet.ts', ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS), classifier);

/** The parameter each HTTP request of the snippet takes its options from, in source order. */
function forwarded(code: string): (number | undefined)[] {
  const facts = factsOf(code);
  return facts.callSites.map((site) => forwardedOptionsParameter(site, facts));
}

/** The optionless bits of every call to `send` in the snippet. */
function optionless(code: string): number[] {
  const facts = factsOf(code);
  return facts.index.calls.filter((call) => ts.isIdentifier(call.expression) && call.expression.text === 'send').map((call) => optionlessArguments(call, facts));
}

describe('request wrappers that pass their caller\'s options on', () => {
  it('finds the parameter passed whole, spread, or through a local the wrapper rebuilds', () => {
    expect(forwarded('export const a = (url: string, init?: RequestInit) => fetch(url, init);')).toEqual([1]);
    expect(forwarded(`export async function b(url: string, init?: RequestInit) {
  let options = { ...init, redirect: 'manual' as const };
  options = { ...options, method: 'GET' };
  return fetch(url, { ...options });
}`)).toEqual([1]);
    expect(forwarded(`import axios from 'axios';
export async function c(config: object) {
  const current = { ...config, maxRedirects: 0 };
  return axios(current);
}`)).toEqual([0]);
  });

  it('a bare parameter first is the URL, and a POST\'s data is its body: neither is the options', () => {
    expect(forwarded('export const d = (url: string) => fetch(url);')).toEqual([undefined]);
    expect(forwarded(`import axios from 'axios';
export const e = (payload: object) => axios.post('https://api.example.com/items', payload, { headers: {} });`)).toEqual([undefined]);
    expect(forwarded(`import axios from 'axios';
export const f = (payload: object, config: object) => axios.post('https://api.example.com/items', payload, config);`)).toEqual([1]);
  });

  it('options from a field or a helper are no parameter\'s', () => {
    expect(forwarded('export class G { constructor(private init: RequestInit) {} get(url: string) { return fetch(url, this.init); } }')).toEqual([undefined]);
  });
});

describe('arguments that pass nothing that could bound a request', () => {
  it('marks missing arguments, undefined and plain option objects, written inline or in a const', () => {
    expect(optionless(`const HEADERS = { headers: { accept: 'application/json' } };
send('https://a.example.com');
send('https://a.example.com', undefined, 3);
send('https://a.example.com', HEADERS);`)).toEqual([0b1110, 0b1010, 0b1110]);
  });

  it('a signal, a timeout or a spread may bound it; past a spread argument nothing is known', () => {
    expect(optionless(`send('https://a.example.com', { signal: AbortSignal.timeout(1000) });
send('https://a.example.com', { timeout: 5000 });
send('https://a.example.com', { ...defaults, method: 'POST' });
send(...args);`)).toEqual([0b1100, 0b1100, 0b1100, 0]);
  });
});
