import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stronglyConnected } from '../src/model/summaries/strongly-connected.js';
import { MODEL_FIXTURES, modelOf } from './helpers/model.js';
import { computeProjectFacts } from '../src/model/project-facts.js';
import { conditionHolds, type SummaryFlow } from '../src/model/project-conditions.js';

const model = modelOf('summaries');
const summary = (file: string, key: string) => model.summaries().summaryOf(file, key);
/** The summary of the call that starts with `text` in `file`. */
const callTo = (file: string, text: string) => model.summaries().summaryOfCall(file, readFileSync(join(MODEL_FIXTURES, 'summaries', file), 'utf8').indexOf(text));

describe('function summaries', () => {
  it('a function that calls an HTTP client or an LLM SDK reaches the network (and the LLM)', () => {
    expect(summary('src/http.ts', 'getJson')).toEqual({ reachesNetwork: 'yes', reachesLLM: 'no', reachesTextModel: 'no', writesVectorStore: 'no', retriesInside: 'no', returnsModelOutput: 'no', returnsUntrustedContent: 'yes', returnsUnverifiedRetrieval: 'no', paramFlowsToSink: {} });
    expect(summary('src/llm.ts', 'ask')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes', reachesTextModel: 'yes' });
  });

  it('a function returning documents of a vector search nothing verifies returns unverified retrieval, also through a wrapper', () => {
    expect(summary('src/knowledge.ts', 'nearestNotes')).toMatchObject({ returnsUntrustedContent: 'yes', returnsUnverifiedRetrieval: 'yes' });
    expect(summary('src/knowledge.ts', 'notesAgain')).toMatchObject({ returnsUnverifiedRetrieval: 'yes' });
    // Weak matches dropped on the way, or an HTTP body: external content, but no unverified retrieval.
    expect(summary('src/knowledge.ts', 'strongNotes')).toMatchObject({ returnsUntrustedContent: 'yes', returnsUnverifiedRetrieval: 'no' });
    expect(summary('src/knowledge.ts', 'handbookPage')).toMatchObject({ returnsUntrustedContent: 'yes', returnsUnverifiedRetrieval: 'no' });
  });

  it('an embeddings call reaches a model but makes no text: no agent step runs there', () => {
    expect(summary('src/llm.ts', 'embedQuery')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes', reachesTextModel: 'no' });
  });

  it('follows model calls on an LLM client another file makes and exports', () => {
    expect(summary('src/answers.ts', 'answer')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes', reachesTextModel: 'yes' });
    expect(summary('src/answers.ts', 'embedQuestion')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes', reachesTextModel: 'no' });
  });

  it('follows own methods through this and imports through re-exports', () => {
    expect(summary('src/weather.ts', 'WeatherFeed.load')?.reachesNetwork).toBe('yes');
    expect(summary('src/weather.ts', 'WeatherFeed.refresh')?.reachesNetwork).toBe('yes');
    expect(callTo('src/weather.ts', 'this.load(')?.reachesNetwork).toBe('yes');
  });

  it("names a bundle's class expressions by their var and sees through its __name wrapper", () => {
    expect(summary('src/bundled-classes.js', 'BaseFeed.fetchFeed')?.reachesNetwork).toBe('yes');
    // `this.fetchFeed()` in a subclass written as an expression reaches its base's method.
    expect(summary('src/bundled-classes.js', 'NewsFeed.latest')?.reachesNetwork).toBe('yes');
    expect(summary('src/bundled-classes.js', 'loadHeadlines')?.reachesNetwork).toBe('yes');
  });

  it("counts the effects of code a bundle copied from a dependency, but does not trace what it returns", () => {
    // Its own code: the page text it returns is external content.
    expect(summary('src/bundled-dependency.js', 'readPage')).toMatchObject({ reachesNetwork: 'yes', returnsUntrustedContent: 'yes' });
    // The copied client still reaches the network, so its callers do; its flows are the dependency's, as when imported.
    expect(summary('src/bundled-dependency.js', 'fetchPageText')).toMatchObject({ reachesNetwork: 'yes', returnsUntrustedContent: 'no' });
    expect(summary('src/bundled-dependency.js', 'loadDocs')).toMatchObject({ reachesNetwork: 'yes', returnsUntrustedContent: 'no' });
  });

  it('joins cycles to a fixed point, through a namespace import of a renamed re-export', () => {
    expect(summary('src/cycle.ts', 'ping')).toMatchObject({ reachesNetwork: 'yes', reachesLLM: 'yes', reachesTextModel: 'yes' });
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

describe('security summaries (model output, external content, parameters reaching sinks)', () => {
  const flows = modelOf('flows');
  const of = (file: string, key: string) => flows.summaries().summaryOf(file, key);

  it('a function returning an LLM call\'s text returns model output; one that only reads its argument does not', () => {
    expect(of('src/lib/generate.ts', 'draftQuery')?.returnsModelOutput).toBe('yes');
    expect(of('src/lib/generate.ts', 'wordCount')?.returnsModelOutput).toBe('no');
  });

  it('sees model output through a project wrapper class used from an instance field in another file', () => {
    expect(of('src/lib/generator.ts', 'StructuredGenerator.produce')?.returnsModelOutput).toBe('yes');
    expect(of('src/lib/planner.ts', 'Planner.plan')?.returnsModelOutput).toBe('yes');
  });

  it('a parameter spliced into raw SQL reaches a sink; an allow-listed or bound one does not, and forwarding carries it', () => {
    expect(of('src/db/run.ts', 'runQuery')?.paramFlowsToSink).toEqual({ 0: 'sql' });
    expect(of('src/db/run.ts', 'runReport')?.paramFlowsToSink).toEqual({});
    expect(of('src/db/run.ts', 'findByTitle')?.paramFlowsToSink).toEqual({});
    expect(of('src/db/forward.ts', 'execute')?.paramFlowsToSink).toEqual({ 0: 'sql' });
  });

  it('model output passed into a returned project call is returned only if that function returns its argument', () => {
    expect(of('src/relay/answers.ts', 'answerText')?.returnsModelOutput).toBe('yes');
    expect(of('src/relay/answers.ts', 'answerLabel')?.returnsModelOutput).toBe('no');
  });

  it('a result passed whole to another project call is that call\'s, not model output', () => {
    expect(of('src/app.ts', 'answer')?.returnsModelOutput).toBe('no');
  });

  it('fetched pages are external content, through a cycle and through CommonJS interop', () => {
    expect(of('src/cycle/ping.ts', 'ping')?.returnsUntrustedContent).toBe('yes');
    expect(of('src/cycle/pong.ts', 'pong')?.returnsUntrustedContent).toBe('yes');
    expect(of('src/legacy/search.js', 'searchWeb')?.returnsUntrustedContent).toBe('yes');
    expect(of('src/legacy/answer.js', 'gather')?.returnsUntrustedContent).toBe('yes');
    expect(of('src/lib/generate.ts', 'draftQuery')?.returnsUntrustedContent).toBe('no');
  });

  it('resolves callees through a tsconfig path alias and a renamed re-export', () => {
    expect(flows.summaries().summaryOfCallee('src/app.ts', { kind: 'import', local: 'writeQuery' }).returnsModelOutput).toBe('yes');
    expect(flows.summaries().summaryOfCallee('src/app.ts', { kind: 'import', local: 'execute' }).paramFlowsToSink).toEqual({ 0: 'sql' });
    expect(flows.summaries().summaryOfCallee('src/app.ts', { kind: 'import', local: 'nowhere' }).returnsModelOutput).toBe('unknown');
  });
});

describe('unprovenFlow conditions (findings a file saw only half of)', () => {
  const flows = modelOf('flows');
  const facts = computeProjectFacts([]);
  const holds = (flow: SummaryFlow) => conditionHolds({ unprovenFlow: flow }, facts, () => flows.summaries());

  it('a value from a project function is proven model output only when its summary says yes', () => {
    expect(holds({ file: 'src/app.ts', from: { returns: 'returnsModelOutput', callees: [{ kind: 'import', local: 'writeQuery' }] } })).toBe(false);
    expect(holds({ file: 'src/app.ts', from: { returns: 'returnsModelOutput', callees: [{ kind: 'import', local: 'wordCount' }] } })).toBe(true);
    expect(holds({ file: 'src/app.ts', from: { returns: 'returnsUntrustedContent', callees: [{ kind: 'import', local: 'writeQuery' }] } })).toBe(true);
  });

  it('a value passed to a project function is proven to reach a sink only through a parameter that does', () => {
    expect(holds({ file: 'src/app.ts', into: { callee: { kind: 'import', local: 'execute' }, argument: 0 } })).toBe(false);
    expect(holds({ file: 'src/app.ts', into: { callee: { kind: 'import', local: 'execute' }, argument: 1 } })).toBe(true);
  });

  it('without a project model nothing is proven', () => {
    expect(conditionHolds({ unprovenFlow: { file: 'src/app.ts', into: { callee: { kind: 'import', local: 'execute' }, argument: 0 } } }, facts)).toBe(true);
  });
});

describe('request path (do only a person\'s requests run a function?)', () => {
  const paths = modelOf('person-requests').summaries();
  it('a static method of a subclass that only a route calls, catching its failure, runs for that request alone', () => {
    expect(paths.requestPath('src/billing.ts', 'StripeGateway.verifyKeys')).toBe('no');
  });

  it('a function of a service object (`export default { listPlans }`) is reached through the object, and a route is its only caller', () => {
    expect(paths.requestPath('src/plans.ts', 'listPlans')).toBe('no');
  });

  it('a service object held in a const before it is exported (`const invoices = { … }; export default invoices`, `export const coupons = { \'active\': … }`) reaches its functions too', () => {
    expect(paths.requestPath('src/invoices.ts', 'listInvoices')).toBe('no');
    expect(paths.requestPath('src/coupons.ts', 'activeCoupons')).toBe('no');
  });

  it('the same service\'s function a route calls on the way to the model runs for the agent', () => {
    expect(paths.requestPath('src/plans.ts', 'describePlan')).toBe('yes');
  });

  it('a function a file holds as a value (a dispatch table) may run for anyone, though a route also calls it', () => {
    expect(paths.requestPath('src/plans.ts', 'quotePlan')).toBe('unknown');
  });

  it('a webhook route is no person\'s request, though a person\'s route also calls the function', () => {
    expect(paths.requestPath('src/feeds.ts', 'pullFeed')).toBe('unknown');
  });
});

describe('request callers (is a function run for requests, whoever else runs it?)', () => {
  const paths = modelOf('request-callers').summaries();
  it('a function a route reaches through a helper in another file is run for requests', () => {
    expect(paths.servesRequests('src/lib/assistant.ts', 'reply')).toBe(true);
  });

  it('so is the same-file helper that function calls, one caller further up', () => {
    expect(paths.servesRequests('src/lib/assistant.ts', 'remember')).toBe(true);
  });

  it('a function only a timer runs is run for no request', () => {
    expect(paths.servesRequests('src/lib/assistant.ts', 'nightlyDigest')).toBe(false);
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

  it('knows a function no caller waits for (a dropped statement, in another file too); one awaited anywhere is waited for', () => {
    expect(paths.onlyUnwaitedCallers('src/lib/usage.ts', 'countUsage')).toBe(true);
    expect(paths.onlyDetachedCallers('src/lib/usage.ts', 'countUsage')).toBe(false);
    expect(paths.onlyUnwaitedCallers('src/lib/usage.ts', 'countQuota')).toBe(false);
    expect(paths.onlyUnwaitedCallers('src/lib/provider.ts', 'Provider.detectRegion')).toBe(true);
    expect(paths.onlyUnwaitedCallers('src/lib/billing.ts', 'unused')).toBe(false);
    // The fixture's package is private: an application, so an exported function's callers are all in view.
    const application = modelOf('agent-path', {}, { publishedLibrary: () => false }).summaries();
    expect(application.onlyUnwaitedCallers('src/lib/usage.ts', 'pingCollector')).toBe(true);
    expect(application.onlyUnwaitedCallers('src/lib/usage.ts', 'warmCounter')).toBe(true);
    expect(paths.onlyUnwaitedCallers('src/lib/usage.ts', 'pingCollector')).toBe(false);
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

describe('agent path through methods called on untraced instances (calls matched by method name)', () => {
  const paths = modelOf('member-calls').summaries();
  it('a method only a route calls, on a service from a registry, is not on the agent path', () => {
    expect(paths.agentPath('src/ledger.ts', 'Ledger.balance')).toBe('no');
  });

  it('a route that catches the failure of a helper calling the method is where its chain ends', () => {
    expect(paths.agentPath('src/ledger.ts', 'Ledger.statement')).toBe('no');
  });

  it('the same kind of method a tool calls is', () => {
    expect(paths.agentPath('src/ledger.ts', 'Ledger.transfer')).toBe('yes');
  });

  it('a chain ending at a function nobody waits for is no evidence a person is there', () => {
    expect(paths.agentPath('src/ledger.ts', 'Ledger.audit')).toBe('unknown');
    // A route's background task whose catch only logs: the route answered already.
    expect(paths.agentPath('src/ledger.ts', 'Ledger.reindex')).toBe('unknown');
  });

  it('a method some file reads as a value, or of a class that extends another, may be called from where the graph cannot see', () => {
    expect(paths.agentPath('src/ledger.ts', 'Ledger.export')).toBe('unknown');
    expect(paths.agentPath('src/ledger.ts', 'CachedLedger.prefetch')).toBe('unknown');
  });
});
