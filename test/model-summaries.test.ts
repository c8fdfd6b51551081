import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stronglyConnected } from '../src/model/summaries/summaries.js';
import { MODEL_FIXTURES, modelOf } from './helpers/model.js';

const model = modelOf('summaries');
const summary = (file: string, key: string) => model.summaries().summaryOf(file, key);
/** The summary of the call that starts with `text` in `file`. */
const callTo = (file: string, text: string) => model.summaries().summaryOfCall(file, readFileSync(join(MODEL_FIXTURES, 'summaries', file), 'utf8').indexOf(text));

describe('function summaries', () => {
  it('a function that calls an HTTP client or an LLM SDK reaches the network (and the LLM)', () => {
    expect(summary('src/http.ts', 'getJson')).toEqual({ reachesNetwork: 'yes', reachesLLM: 'no', writesVectorStore: 'no', retriesInside: 'no' });
    expect(summary('src/llm.ts', 'ask')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes' });
  });

  it('follows own methods through this and imports through re-exports', () => {
    expect(summary('src/weather.ts', 'WeatherFeed.load')?.reachesNetwork).toBe('yes');
    expect(summary('src/weather.ts', 'WeatherFeed.refresh')?.reachesNetwork).toBe('yes');
    expect(callTo('src/weather.ts', 'this.load(')?.reachesNetwork).toBe('yes');
  });

  it('joins cycles to a fixed point, through a namespace import of a renamed re-export', () => {
    expect(summary('src/cycle.ts', 'ping')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes' });
    expect(summary('src/cycle.ts', 'pong')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes' });
    expect(summary('src/cycle.ts', 'countdown')).toMatchObject({ reachesNetwork: 'no', reachesLLM: 'no' });
  });

  it('a call into a package the catalog does not know is unknown, not safe', () => {
    expect(summary('src/plain.ts', 'add')?.reachesNetwork).toBe('no');
    expect(summary('src/plain.ts', 'sorted')?.reachesNetwork).toBe('unknown');
  });

  it('sees one level of higher-order wrapping, object methods, and retry loops', () => {
    expect(summary('src/wrappers.ts', 'withRetry')).toMatchObject({ retriesInside: 'yes', reachesNetwork: 'no' });
    expect(summary('src/wrappers.ts', 'fetchRates')).toMatchObject({ reachesNetwork: 'yes', retriesInside: 'no' });
    expect(summary('src/wrappers.ts', 'tools.search')?.reachesNetwork).toBe('yes');
    expect(summary('src/wrappers.ts', 'tools.echo')?.reachesNetwork).toBe('no');
  });
});

describe('strongly connected components', () => {
  it('come callees first, cycles together', () => {
    const graph: Record<string, string[]> = { a: ['b'], b: ['c', 'a'], c: ['d'], d: [], e: ['e'] };
    expect(stronglyConnected(Object.keys(graph), (id) => graph[id] ?? []).map((c) => c.sort())).toEqual([['d'], ['c'], ['a', 'b'], ['e']]);
  });
});

describe('agent path (does a function run on an agent\'s behalf?)', () => {
  const paths = modelOf('agent-path').summaries();
  it('a helper a tool calls, in another file, is on the agent path', () => {
    expect(paths.agentPath('src/lib/geo.ts', 'geocode')).toBe('yes');
  });

  it('a token fetched by a function that then calls the model is on the agent path', () => {
    expect(paths.agentPath('src/auth/token.ts', 'serviceToken')).toBe('yes');
  });

  it('a helper of a scheduled job is on the agent path', () => {
    expect(paths.agentPath('src/jobs/sync.ts', 'fetchOrders')).toBe('yes');
  });

  it('a server action a form calls, a route nothing agentic is behind, and dead code are not', () => {
    expect(paths.agentPath('src/actions/check-email.ts', 'checkEmail')).toBe('no');
    expect(paths.agentPath('src/share/store.ts', 'storeCopy')).toBe('no');
    expect(paths.agentPath('src/lib/billing.ts', 'unused')).toBe('no');
  });

  it('a private method whose only caller drops its failure (a best-effort probe) is not; one awaited by a public method may be', () => {
    expect(paths.agentPath('src/lib/provider.ts', 'Provider.detectRegion')).toBe('no');
    expect(paths.agentPath('src/lib/provider.ts', 'Provider.quota')).toBe('unknown');
  });

  it('knows a function only ever started detached (nobody waits for it or for its failure)', () => {
    expect(paths.onlyDetachedCallers('src/lib/provider.ts', 'Provider.detectRegion')).toBe(true);
    expect(paths.onlyDetachedCallers('src/lib/provider.ts', 'Provider.quota')).toBe(false);
    expect(paths.onlyDetachedCallers('src/lib/billing.ts', 'unused')).toBe(false);
  });

  it('a handler given to registerTool on a server built by an untraced factory is a tool', () => {
    expect(paths.agentPath('src/lib/registry.ts', 'lookupPackage')).toBe('yes');
  });

  it('a helper whose failure a tool catches and turns into an error answer is still on the agent path', () => {
    expect(paths.agentPath('src/lib/search-api.ts', 'searchIndex')).toBe('yes');
  });

  it('an exported function whose only caller catches its failure, in an event handler, is not', () => {
    expect(paths.agentPath('src/lib/models.ts', 'listModels')).toBe('no');
  });

  it('a method, or an exported function nothing here calls, may be called from code not seen', () => {
    expect(paths.agentPath('src/lib/billing.ts', 'Billing.invoices')).toBe('unknown');
    expect(paths.agentPath('src/lib/billing.ts', 'exchangeRates')).toBe('unknown');
  });
});
