import { calleeLastName, callTakingArgument, contains, enclosingFunction, functionName, inPlaceInvocation, isFunctionLike, ts, withParentheses } from '../../../src/model/ast.js';
import { awaitedThroughJoin } from '../../../src/model/promise-chain.js';
import { startsWithDestructiveVerb } from '../../../src/domain/tools/destructive-calls.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';
import { forwardsIncomingBody, hasOptionValue, isGenericRequestHelper, isPassthroughWrapper, isSameOriginRequest, isSdkTransportHook, opensWebSocketSession, requestMethod, sendsIdempotencyKey } from '../../../src/domain/http/request-options.js';
import { forwardsCallerRequest } from '../../../src/domain/http/forwarding-guard.js';
import { isLocalServiceRequest } from '../../../src/domain/http/local-service.js';
import { relaysUpstreamResponse } from '../../../src/domain/http/relay.js';
import { retryCoverage, type RetryCoverage } from '../../../src/domain/http/retry.js';
import { failureCaughtInChain, isFireAndForget } from '../../../src/domain/http/fire-and-forget.js';
import { catchStopsRequestFailure } from '../../../src/domain/http/client-error-catch.js';
import { onlyIgnoredByCallers } from './best-effort-callers.js';
import { mapMemberKeys } from '../../../src/domain/http/fallback-dispatch.js';
import { deadCodeCondition } from '../../../src/model/dead-code.js';
import { ownBackendCondition } from '../../../src/domain/http/own-backend.js';
import { defineRule } from '../../../src/engine/rule.js';
import { isSignInStep } from '../../../src/domain/http/auth-exchange.js';
import { ownerKey } from '../../../src/model/summaries/function-facts.js';
import { notForBlindRetry } from './not-for-blind-retry.js';
import { insidePollLoop } from './status-poll.js';
import { answersFailedStatus } from './status-answered.js';
import { documentsNoRetry } from './documented-no-retry.js';
import { fetchesChosenUrl } from './chosen-url.js';
import { runsOffAgentStep } from '../../../src/domain/http/off-agent-requests.js';

/**
 * Withdrawn once every file was seen if no agent run fails with the call: no caller chain of the function
 * around it runs for an agent (a tool, a scheduled job, a path to an LLM call or a vector-store write)
 * without some caller on the way catching the failure. A failure of a call a person started (a Share
 * button, a sign-up check, a model picker) goes back to that person; one a caller catches is handled there.
 * In an application every caller is in the project, so a chain the audit cannot follow to an agent (a
 * strategy table, a factory's product) is no evidence of one: there the chain must be seen.
 */
function offAgentPath(site: CallSite, file: FileFacts, withoutRetry: boolean): ProjectCondition | undefined {
  const fn = ownerKey(site.node);
  // A call with no retry at all: a tool framework that hands its failure to the model keeps the run going.
  const ref = fn === undefined ? undefined : { file: file.path, fn, ...(withoutRetry ? { toolErrorsAnswered: true as const } : {}) };
  const off = ref && anyCondition({ offAgentPath: ref }, { allOf: [{ applicationPackage: true }, { not: { agentDependsOn: ref } }] });
  // Code nothing in the project calls runs for nobody; a request to a route the project serves is no connector.
  return anyCondition(off, deadCodeCondition(site.node, file), ownBackendCondition(site, file));
}

/** Calls whose promise, if any, does not settle with the callback's work: it runs per item, per event or later. */
const CALLBACKS_RUN_LATER = new Set(['forEach', 'on', 'once', 'addListener', 'addEventListener', 'subscribe', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick']);

/**
 * The call a callback is handed to when that call is awaited where it is written
 * (`await observe('search', () => fetch(url))`): the callback runs as part of the awaited work, so a
 * try around the await sees its failure.
 */
function awaitedCallTaking(fn: ts.Node): ts.CallExpression | undefined {
  const call = callTakingArgument(fn)?.call;
  if (!call || CALLBACKS_RUN_LATER.has(calleeLastName(call.expression) ?? '')) return undefined;
  return ts.isAwaitExpression(withParentheses(call).parent) || awaitedThroughJoin(call) ? call : undefined;
}

/**
 * A try/catch around the call that does not rethrow, or its promise form (`await fetch(url).catch(() => {})`):
 * the failure is handled (or swallowed) on the spot. The try may sit around a function called where it is
 * written (`(async () => { … })()`) or around an awaited call the request's callback is handed to.
 */
function failureHandledLocally(call: ts.CallExpression, file: FileFacts): boolean {
  if (failureCaughtInChain(call)) return true;
  for (let current = call.parent; current; current = current.parent) {
    if (isFunctionLike(current) && !inPlaceInvocation(current) && !awaitedCallTaking(current)) return false;
    if (ts.isTryStatement(current) && contains(current.tryBlock, call) && current.catchClause && catchStopsRequestFailure(current.catchClause, file)) return true;
  }
  return false;
}

/** A request or model call to a third party: not the app's own origin, not a service on this machine. */
function isOutbound(site: CallSite, file: FileFacts): boolean {
  const request = (site.entry.kind === 'http' && site.operation === 'request' && !isSameOriginRequest(site)) || (site.entry.kind === 'llm' && site.operation === 'generate');
  return request && !isLocalServiceRequest(site, file);
}

/** A POST retried by a generic wrapper or loop, with no idempotency key: a retry after a lost response repeats it. */
function retriesSideEffect(site: CallSite, coverage: RetryCoverage, file: FileFacts): boolean {
  const retried = coverage.kind === 'wrapper' || (coverage.kind === 'hand-written' && coverage.problems.length === 0);
  return retried && site.entry.kind === 'http' && requestMethod(site, file) === 'POST' && inSideEffectFunction(site, file) && !sendsIdempotencyKey(site, file);
}

/** POST also reads (search, embeddings, completions): only a function named for a side effect (chargeCard, sendSms) counts. */
function inSideEffectFunction(site: CallSite, file: FileFacts): boolean {
  for (let fn = enclosingFunction(site.node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name) return startsWithDestructiveVerb(name, file);
  }
  return false;
}

type BuiltIn = 'covered' | 'disabled' | 'absent';

/** The client was derived through `.withRetry()` or `.withFallbacks([...])`: retried or failed over. */
function derivedWithRetry(site: CallSite, methods: readonly string[]): boolean {
  return site.origin.calls.some((call) => ts.isCallExpression(call) && methods.includes(calleeLastName(call.expression) ?? ''));
}

function builtInRetry(site: CallSite): BuiltIn {
  const retry = site.entry.retry;
  if (derivedWithRetry(site, retry?.chainMethods ?? [])) return 'covered';
  if (!retry?.builtIn) return 'absent';
  return retry.option && retry.disabledWhen && hasOptionValue(site, retry.option, retry.disabledWhen) ? 'disabled' : 'covered';
}

export default defineRule({
  id: 'connectors/no-backoff',
  category: 'connectors',
  severity: 'medium',
  confidence: 'medium',
  title: 'Outbound call without retry, or retried without exponential backoff and jitter',
  taxonomy: {
    microsoft: ['resource-exhaustion'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['ASI08', 'T4'],
    cwe: ['CWE-754', 'CWE-770'],
  },
  docs: {
    summary: 'Flags HTTP and LLM calls that an agent run or a background job depends on and that no retry covers, and hand-written retry loops with no delay, a fixed delay, no attempt limit or no jitter.',
    details: [
      'A call is covered by a retry library, a client retry option or an SDK\'s built-in retry. It is also covered when the function it sits in is handed to a retry wrapper (p-retry, LangChain\'s `this.caller.call(…)`), also by a caller in another file (`pRetry(() => getAccount(id), { retries: 4 })` around an imported helper), as a bound method (`this.caller.call(this.embedOne.bind(this), text)`) or through a helper that hands what it is given to one (`call(work) { return pRetry(() => work()) }`, over a vendored copy too).',
      'A POST that is retried from a function named for a side effect (charge…, send…, transfer…) without an Idempotency-Key is reported at low severity: a retry after a lost response repeats the payment or the message.',
      'A call is judged where an agent depends on it: in a tool implementation, in a scheduled job, or in a function that some caller chain (across files, a few calls up) links to an LLM call or a vector-store write, such as a token fetched before every model request or a crawl feeding an index.',
      'In a published library (its package.json names an entry point and is not private) or code no package.json describes, methods and exported functions whose callers the audit cannot see are judged too.',
      'A method that only its own class or a subclass in its file calls, through `this`, and that no other file names, has all its callers seen. In a library that holds only when the file keeps the class to itself (constructing or extending it but never exporting it, as a tool hierarchy\'s base class with its request helper), or when the method\'s name marks it as internal (`_fetchPage`, as compiled code keeps TypeScript\'s `private`). The two copies of one module that a package built twice ships (`x.js` beside `x.cjs`) count as one file.',
      'In an application (a package.json that is private or names no entry point) every caller is in the project, so a caller chain must be seen to reach the agent: a function reached only through a strategy table, a factory\'s product or a method handed on as a value is not judged.',
      'A flawed retry loop of a tool\'s own is judged whoever sees its error.',
    ],
    notFlagged: [
      'Calls whose failure goes straight back to the person who started them: every caller chain ends at a route, an event or UI handler (also a `(req, res)` service method that answers the request itself, however a route reaches it), or browser code with no agent behind it (a Share button\'s route, a sign-up form\'s check, a model list for a picker). The person sees the error and tries again, and a blind retry there only delays the answer.',
      'Calls whose failure is handled on the spot: a try/catch or a `.catch(() => …)` handler that does not rethrow, also a try around an awaited helper the request is handed to, or around `await Promise.all(batches.map(async (batch) => …))` whose callbacks make the request, or `try { return await observe(\'search\', () => fetch(url), read) } catch { return { error } }`.',
      'For fetch and other clients that do not throw on an error status, a status check that answers with a value, `if (!res.ok) return { error: res.statusText }`, as a price tool answering the model does. A check that answers the request it serves with an HTTP error, `return Response.json(body, { status: 502 })`, does not count.',
      'Calls whose failure every caller that waits for them handles, in any file and a few calls up. In a library too: a public method or export whose every call in the package catches its failure, counting calls by its name on receivers the audit cannot trace (`for (const gateway of this.gateways) try { await gateway.fetchPrices() } catch { … }`); or, for a call with no retry at all, one that passes it to a caller whose every call does, a few levels up with no tool, job or model call on the way, throws to its caller by contract, and a caller outside holds the same contract.',
      'Handling counts when the run goes on without the answer: a typing indicator\'s config read in `try { … } catch { /* best-effort */ }`, a tool whose catch answers the model with the error (also one that answers every axios error and rethrows only other kinds, `if (axios.isAxiosError(error)) return { isError: true, … }; throw error;`, since axios raises one for an error status and a lost connection alike), a fallback to the next source, a log and a placeholder.',
      'For a call with no retry at all, a tool whose framework hands what the tool throws to the model as its result: AI SDK 5 and later and LangChain 1.0 and later (whose agents\' ToolNode answers with a ToolMessage), both read from the package.json; the OpenAI Agents SDK; MCP servers, FastMCP and Supabase\'s mcp-utils. Not LangChain 0.x, whose AgentExecutor rethrows it.',
      'The public instance methods of such a tool class (`results()` beside `_call` in `class Search extends Tool`) count as the tool when code out of view may call them: they are the tool\'s own API, and a caller outside holds its contract. A module of the package that imports the class and calls the method for itself (`new Search().results(q)`) is a caller in view, and is followed as any other.',
      'Wrappers that only forward their caller\'s request: guards that validate each redirect hop and pass the caller\'s config or options on, `fetch(currentUrl, { ...init, redirect: \'manual\' })`; a client\'s transport method that puts the caller\'s path on its configured base URL and sends the caller\'s init or payload, handing the raw response back, `` fetch(`${this.baseUrl}${path}`, { ...init, headers }) ``, also from a callback it hands to a helper whose result it returns, `return withErrorContext(() => fetch(…))`; and a fetch-shaped transport passing its caller\'s init on, `(input, init) => fetch(input, { ...init, dispatcher })`.',
      'Proxies that stream the incoming request body on (it can be read once) or relay the upstream answer with its status (a handler returning the response, `new Response(res.body, { status: res.status })`): the caller sees the 429/5xx and owns the retry.',
      'Fire-and-forget notifications (`fetch(url).catch(log);`) whose answer nobody uses.',
      'OAuth exchanges of a single-use or rotating grant: authorization code, device code, refresh token, also when no grant type is written (a POST sending a refresh token, or to a token path that refreshes or issues one such as `/auth/tokens/refresh`). A failure goes back to the user to sign in again. Also the first step of a device login (a POST sending the client id to a device-code endpoint: the person types the code and starts again on failure), and requests inside a sign-in strategy\'s verify callback (passport: reading the e-mail with the fresh access token).',
      'A fetch handed to an SDK as its transport (`createOpenAI({ fetch })`, also one a factory builds: `{ fetch: this.makeGuardedFetch(opts) }`): it runs inside the SDK\'s retry.',
      'WebSocket upgrades (`Upgrade: websocket`): they open a session whose owner reconnects.',
      'Calls to a service on the same machine (a loopback host written in the URL, a fallback or a class\'s default options, or the default port of a local model daemon such as Ollama\'s 11434, or its SDK client with no remote host written), where 429s and flaky networks are not the failure mode, or to the project\'s own backend (a path a route handler of the workspace serves, on a base URL the code computes: a desktop client calling the user\'s server).',
      'Where a blind retry is the wrong fix: a POST that starts a billed media generation or a queued job (`createVideoTask`, `/images/generations`) with no idempotency key; a POST that pays, charges, books, orders, refunds or transfers (`chargeCustomer`, `POST /bookings`), or tells a remote to execute, trigger or dispatch a step or job (`executeStep`, `POST /pipelines/:id/trigger`), with no idempotency key, unless its words say it only asks (a quote, a search).',
      'Nor is a retry asked of one status query of a job a poller asks again (`queryClipStatus`, a poll loop whose catch ends the loop); a GET in the tick of a `setInterval`, which the next tick asks again; an executor whose HTTP method comes from data (`if (method === \'post\') axios.post(…)`: operations someone else defined).',
      'A tRPC query or mutation that calls no model, a page fetch kept in Next\'s data cache (`next: { revalidate }`), a provider\'s model list, a button or QR-code request, or a webhook registration: all are answered to a person who tries again.',
      'A function its caller already tries again from its catch clause (calling it once more, or re-running the step around it, such as a reconnect that schedules itself again after a delay), or that a caller in any file, or one call further up, runs from a retry loop (attempts counted, or left on success) or from a repeating loop whose catch waits before the next round starts with the same call (a long poll backing off after an error): that loop is the retry.',
      'An implementation kept in an object map whose dispatcher goes on from its catch to the next implementation or another attempt (`for (const name of order) { try { return await readers[name](url); } catch (e) { last = e; } }`, across files): that loop is the retry.',
      'A request in a tool class\'s static factory (`static async fromPluginUrl(url) { … return new AIPluginTool(…) }`): it runs while the application builds its tools, and a failure stops its start-up, where the developer runs it again. A function the factory builds for the tool runs for the agent and is judged.',
      'An update check (a request to a package registry, the catalog\'s `packageRegistries`, from a function named for updates, `checkForUpdates`) or a request in a callback handler the framework runs in the background (a LangChain tracer\'s `persistRun`: the catalog\'s `backgroundCallbackBases`): no agent step waits on either.',
      'A request to a URL the model or the requester chose whole (a browsing tool\'s `fetch(input)`, `fetch(args.url)`, a page to import, `fetch(req.body.url)`): no upstream of the code\'s own sits behind it, and a dead page is the answer. A URL the code builds on a host it names stays judged.',
      'A call whose author wrote down that it is not retried on purpose, in the comment right above its statement or the doc comment of its function (`/** … No retries: the registry serves the last copy … */`, `// do not retry: the provider bills each attempt`; the phrases are the catalog\'s `noRetryNotes`), unless the note records debt (TODO, FIXME).',
      'A call that turns its SDK\'s retry off (`maxRetries: 0`) where the callers above would excuse it: the retry was moved up to them, as in an agent\'s model-fallback loop that retries each model with backoff (also behind esbuild\'s `__name` wrapper in bundles).',
    ],
    why: 'Upstream APIs rate-limit (429), fail over and time out every day. Without retries a transient blip fails the whole agent run; with fixed-delay retries every agent instance retries in lock-step and turns a brief outage into a thundering herd. The official OpenAI and Anthropic SDKs, LangChain models and the AI SDK retry with backoff by default; raw fetch, axios and undici do not.',
    bad: `export async function lookupCustomer(id: string) {
  const res = await fetch(\`https://crm.example.com/customers/\${id}\`);
  if (!res.ok) throw new Error(\`crm answered \${res.status}\`);
  return res.json();
}`,
    good: `import pRetry from 'p-retry';

export async function lookupCustomer(id: string) {
  return pRetry(async () => {
    const res = await fetch(\`https://crm.example.com/customers/\${id}\`);
    if (!res.ok) throw new Error(\`crm answered \${res.status}\`);
    return res.json();
  }, { retries: 4, factor: 2, randomize: true });
}`,
    references: ['https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/', 'https://github.com/sindresorhus/p-retry', 'https://cwe.mitre.org/data/definitions/754.html'],
  },
  hint: 'Retry with exponential backoff, jitter and a cap (p-retry, SDK maxRetries).',
  messages: {
    noRetry: '{{client}} call has no retry: a transient 429/5xx or network blip fails the agent run.',
    retryDisabled: '{{client}} call has its built-in retry turned off ({{option}}).',
    noDelay: '{{client}} call is retried in a loop with no delay between attempts.',
    fixedDelay: '{{client}} call is retried with a fixed delay: instances retry in lock-step (no exponential backoff).',
    unbounded: '{{client}} call is retried forever: no attempt limit.',
    noJitter: '{{client}} call is retried with backoff but no jitter: instances retry in lock-step.',
    retriedWithoutIdempotencyKey: '{{client}} POST is retried without an idempotency key: a retry after a lost response repeats its side effect (reported as low).',
  },
  check({ file, report, checked }) {
    for (const site of file.callSites) {
      // A fetch an SDK takes as its transport runs inside the SDK's own retry.
      if (!isOutbound(site, file) || isSdkTransportHook(site, file)) continue;
      const builtIn = builtInRetry(site);
      const coverage = builtIn === 'covered' ? undefined : retryCoverage(site.node, file);
      // Without any retry, a call whose failure is handled on the spot or that only forwards its
      // caller's request is not where a retry belongs: it is not judged.
      if (coverage?.kind === 'none' && (failureHandledLocally(site.node, file) || answersFailedStatus(site, file) || isPassthroughWrapper(site, file) || forwardsCallerRequest(site, file) || isGenericRequestHelper(site, file) || forwardsIncomingBody(site, file) || relaysUpstreamResponse(site, file))) continue;
      // `fetch(url).catch(log);`: a notification nobody waits on; its failure is logged and dropped.
      if (coverage?.kind === 'none' && isFireAndForget(site.node)) continue;
      // A helper whose every caller ignores its failure on purpose (`catch { /* best-effort */ }`).
      if (coverage?.kind === 'none' && onlyIgnoredByCallers(site, file)) continue;
      // OAuth code/device/refresh exchanges: the grant is single-use or rotates; the user signs in again.
      if (isSignInStep(site, file)) continue;
      // A WebSocket upgrade opens a session whose owner reconnects.
      if (opensWebSocketSession(site, file)) continue;
      // A generation job, a poll tick, a person's UI request, an operation someone else defined.
      if ((coverage?.kind === 'none' && notForBlindRetry(site, file)) || insidePollLoop(site, file)) continue;
      // The author wrote down that the call is not retried on purpose (`/** … No retries … */` on its function).
      if ((coverage?.kind === 'none' || builtIn === 'disabled') && documentsNoRetry(site.node, file)) continue;
      // A browsing tool's `fetch(input)`, a page a person asked for: the site was chosen, there is no upstream of the code's own.
      if (coverage?.kind === 'none' && fetchesChosenUrl(site, file)) continue;
      // A tool factory (its failure stops the app's start-up), an update check, a tracer's background export.
      if (coverage?.kind === 'none' && runsOffAgentStep(site, file)) continue;
      const notOnAgentPath = offAgentPath(site, file, coverage?.kind === 'none');
      checked(site.node, notOnAgentPath ? { unless: notOnAgentPath } : undefined);
      if (coverage && retriesSideEffect(site, coverage, file)) {
        report(site.node, 'retriedWithoutIdempotencyKey', { client: site.entry.id }, { severity: 'low', ...(notOnAgentPath ? { notApplicableIf: notOnAgentPath } : {}) });
        continue;
      }
      if (!coverage || coverage.kind === 'wrapper') continue;
      // A retry add-on installed anywhere in the project (axios-retry) covers the client's calls.
      // A helper imported from another project file may retry it, or the function may be one of a map of
      // implementations whose dispatcher tries the next one or again on failure (decided once every file was seen).
      const addOns = site.entry.retry?.addOnModules ?? [];
      const helpers = coverage.kind === 'none' ? coverage.importedHelpers : [];
      const members = coverage.kind === 'none' ? mapMemberKeys(site.node, file) : [];
      // A caller in any file may run the function around the call again from its loop (a long poll that backs off).
      const owner = coverage.kind === 'none' ? ownerKey(site.node) : undefined;
      const conditions: ProjectCondition[] = [
        ...(addOns.length > 0 ? [{ importsModule: addOns }] : []),
        ...(helpers.length > 0 ? [{ retryHelper: helpers }] : []),
        ...(members.length > 0 ? [{ inWorkspace: { fallbackDispatched: members } }] : []),
        ...(owner !== undefined ? [{ retriedByCaller: { file: file.path, fn: owner } }] : []),
      ];
      const retried = anyCondition(...conditions);
      const extras = { ...(retried ? { unless: retried } : {}), ...(notOnAgentPath ? { notApplicableIf: notOnAgentPath } : {}) };
      const client = site.entry.id;
      if (coverage.kind === 'hand-written') {
        const problem = coverage.problems[0];
        if (problem) report(site.node, problem, { client }, extras);
      } else if (builtIn === 'disabled') {
        // `maxRetries: 0` under a caller or helper that retries: the retry was moved there on purpose.
        report(site.node, 'retryDisabled', { client, option: site.entry.retry?.option ?? 'retry' }, extras);
      } else {
        report(site.node, 'noRetry', { client }, extras);
      }
    }
  },
});
