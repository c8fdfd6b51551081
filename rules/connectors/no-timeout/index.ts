import { enclosingFunction, objectProperty, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite } from '../../../src/model/file-facts.js';
import { forwardsIncomingBody, isPassthroughWrapper, isSameOriginRequest, opensWebSocketSession, resolvedOptions } from '../../../src/domain/http/request-options.js';
import { relaysUpstreamResponse } from '../../../src/domain/http/relay.js';
import { isLocalServiceRequest } from '../../../src/domain/http/local-service.js';
import { isFireAndForget } from '../../../src/domain/http/fire-and-forget.js';
import { inServerStartCallback } from './server-start.js';
import { isSignInStep } from '../../../src/domain/http/auth-exchange.js';
import { listsModels } from '../../../src/domain/http/request-purpose.js';
import { fillsEditorOptions } from './editor-options.js';
import { deadCodeCondition } from '../../../src/model/dead-code.js';
import { ownBackendCondition } from '../../../src/domain/http/own-backend.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';
import { defineRule } from '../../../src/engine/rule.js';
import { isRacedAgainstTimer } from './raced.js';
import { withTimeoutFix } from './fix.js';
import { factKey, ownerKey } from '../../../src/model/summaries/function-facts.js';
import { forwardedOptionsParameter } from '../../../src/domain/http/forwarded-options.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { runsOffAgentStep } from '../../../src/domain/http/off-agent-requests.js';

function literal(expr: ts.Expression): number | string | boolean | undefined {
  const node = unwrap(expr);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** `.timeout(5000)` chained onto the request (superagent). */
function hasChainedTimeout(site: CallSite, methods: readonly string[]): boolean {
  let node: ts.Node = site.node;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      if (methods.includes(parent.name.text)) return true;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.expression === node) continue;
    if (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent)) continue;
    return false;
  }
  return false;
}

/** `init.signal = controller.signal` after the options object was built. */
function assignedLater(site: CallSite, options: readonly string[]): boolean {
  const names = site.node.arguments.map(unwrap).filter(ts.isIdentifier).map((id) => id.text);
  if (names.length === 0) return false;
  const scope = enclosingFunction(site.node) ?? site.node.getSourceFile();
  const opts = options.join('|');
  const pattern = new RegExp(String.raw`\b(?:${names.join('|')})(?:\.(?:${opts})\b|\[['"](?:${opts})['"]\])\s*=(?!=)`);
  return pattern.test(scope.getText());
}

/**
 * No agent step waits on the call: a function only started detached, one only a person's requests run,
 * one nothing in the project calls, or a client of the project's own backend.
 */
function nobodyWaits(site: CallSite, file: FileFacts): ProjectCondition | undefined {
  const fn = ownerKey(site.node);
  const ref = fn === undefined ? undefined : { file: file.path, fn };
  // A hang holds whoever waits: a caller that drops the promise (`track(event);`) waits for nothing.
  const detached: ProjectCondition | undefined = ref && { unwaitedOnly: ref };
  // A person waiting on a settings page or a picker sees the spinner and cancels; no agent step is held.
  const personWaits: ProjectCondition | undefined = ref && { requestOnly: ref };
  return anyCondition(detached, personWaits, deadCodeCondition(site.node, file), ownBackendCondition(site, file));
}

/**
 * A wrapper passing its caller's options on (`fetch(url, { ...init, redirect: 'manual' })`): the
 * condition under which it is not judged, that no call in the project passes it options without a bound.
 * Undefined when the options come from elsewhere (a field, a helper's result): then it is not judged at all.
 */
function unboundedByNoCaller(site: CallSite, file: FileFacts): ProjectCondition | undefined {
  const fn = enclosingFunction(site.node);
  const key = ownerKey(site.node);
  const param = fn && key !== undefined && factKey(fn) === key ? forwardedOptionsParameter(site, file) : undefined;
  return param === undefined || key === undefined ? undefined : { not: { callerOmitsBound: { file: file.path, fn: key, param } } };
}

export default defineRule({
  id: 'connectors/no-timeout',
  category: 'connectors',
  severity: 'medium',
  confidence: 'medium',
  title: 'Network call without a timeout or abort signal',
  taxonomy: {
    microsoft: ['resource-exhaustion'],
    owaspLlm: ['LLM10:2025'],
    owaspAgentic: ['ASI08', 'T4'],
    cwe: ['CWE-1088', 'CWE-400'],
  },
  docs: {
    summary: 'Flags HTTP requests made with no timeout or abort signal (fetch, undici, node-fetch, axios, got, ofetch, superagent), or with the client\'s default timeout turned off (ky).',
    details: [
      'A fetch or undici call needs an abort signal. A node-fetch call needs a signal or its v2 `timeout` option; the built-in fetch ignores `timeout`.',
      'An axios, got, ofetch or superagent call needs a timeout option, in the call or in the client made by axios.create & co. A ky call is flagged when it turns its default timeout off.',
      'Options held in a local variable are followed. A request raced against a timer (`Promise.race([fetch(url), timeout(ms)])`) counts as bounded.',
      'A wrapper that passes its caller\'s options on (`fetch(url, { ...init, redirect: \'manual\' })`, `axios({ ...config, maxRedirects: 0 })`) and adds no timeout of its own is reported once, at its request, when some call in the project passes it no options, or options with no signal or timeout.',
      'Requests that only a person\'s request runs are left alone (see "Not flagged"), but some handlers stay judged: a handler in a file that defines or registers tools, such as an MCP server\'s HTTP front, serves the agent; a route whose path names a cron, webhook or job serves no person; and a function some file holds as a value, as in a dispatch table, may run for anyone.',
    ],
    notFlagged: [
      'A wrapper whose callers all pass a signal is not flagged: every request through it is bounded. Nor is a wrapper that only an SDK calls (a transport): the SDK, not the project\'s code, passes it its options.',
      'A wrapper that spreads its caller\'s whole argument list into the request, wherever the result goes (`fetch(...args) { return this.queue.run(() => fetch(...args).then(check)) }`), is not flagged: the caller\'s options reach it unchanged.',
      'Calls whose options come from code the audit cannot see are not flagged: those options may carry the signal or timeout.',
      'WebSocket upgrades (`Upgrade: websocket`) are not flagged: the request stays open as the session.',
      'A transparent proxy, a handler that streams the incoming request body on (`body: req.body`) and answers with the upstream response as it is, is not flagged: its client holds the connection and owns the deadline, and a fixed timeout would cut a long upload.',
      'Fire-and-forget notifications (`fetch(url).catch(log);`, `void fetch(url);`) are not flagged: nobody waits on them.',
      'Requests in the callback a server runs once it listens (`app.listen(port, async () => { … })`) are not flagged: the server drops the callback\'s promise, so nobody waits on it.',
      'Requests that only a person\'s request runs are not flagged: every caller chain, up to a few helpers up, ends at a route or request handler answering a person, or at UI code calling a server function, with no tool, job or model call on the way (a settings page\'s connection test, a picker\'s list, a share link). The person waits and can cancel; no agent step does.',
      'Steps of a person\'s sign-in are not flagged: an OAuth exchange of an authorization code, device code or refresh token, or a request inside a sign-in strategy\'s verify callback such as passport\'s. The person waits at the login page; no agent step does.',
      'A GET of a provider\'s model list, in a function named for models or a model registry or catalog (`fetchOpenRouterModels`, `fetchModelsDevRegistry`) or of a URL ending in `/models`, is not flagged: it fills a model picker or a settings form, where the person cancels and reloads. The agent\'s own model calls are judged where they are made.',
      'A request in a workflow node\'s option loader (Flowise `loadMethods`, n8n `methods.loadOptions` and `listSearch`: the catalog\'s `editorOptionLoaders`) is not flagged: it fills a dropdown in the flow editor for the person configuring the node.',
      'A request in a tool class\'s static factory (`static async fromPluginUrl(url) { … return new AIPluginTool(…) }`) is not flagged: it runs while the application builds its tools, before any agent step. A function the factory builds for the tool is judged.',
      'An update check, a request to a package registry (the catalog\'s `packageRegistries`) from a function named for updates (`checkForUpdates`), is not flagged: it answers a console, and no agent step waits on it.',
      'A request in a callback handler the framework runs in the background (a LangChain tracer\'s `persistRun` exporting runs: the catalog\'s `backgroundCallbackBases`) is not flagged: no agent step waits on it.',
      'Work handed to the platform\'s `waitUntil`, directly or held in a const that is only started so (`const p = send(); if (waitUntil) waitUntil(p); else void p.catch(() => {});`), is not flagged: the platform finishes it after the response, and nobody waits for its result.',
      'Calls in a function that no caller waits for are not flagged: one started detached, as a best-effort probe (`detect().then(use).catch(() => {})`), called as a statement whose promise is dropped (`track(event);`, `void track(event)`), or called from an async callback of `forEach`, which drops each callback\'s promise. A hang holds only whoever waits, and no one does. This is decided across files: an exported function counts when other files of the project start it so.',
      'A helper only such a function calls is not flagged either, nor a method it calls by name on a service no file can trace (`services.inbox.markUnread()`) when no other code names the method: its only caller waits for nothing.',
      'Calls to a service on the same machine are not flagged: a loopback host such as `localhost:3000` written in the URL, a fallback or a class\'s default options, or the default port of a local model daemon such as Ollama\'s 11434. Such a service is no third-party upstream.',
      'Requests to the project\'s own backend are no connector and are not flagged: a path that a route handler of the workspace serves (Next.js `app/**/route.ts`, `pages/api/`, or a router declaring its routes on a base path it names, `new Hono().basePath(\'/api/agent\')`) on a base URL the code computes (`${serverUrl}/trpc/lambda/device.register` from a desktop client or a server forwarding to its own webhook route). This holds also when the URL reaches the request as a parameter of a function only its file calls (a private method) and every call passes that path.',
    ],
    why: 'axios, got and node-fetch wait forever by default, and Node\'s built-in fetch waits five minutes for the headers and five more between chunks of the body. One upstream that accepts the connection and never answers holds the agent step, its worker and the user request above it until something else gives up — and retries cannot start, because nothing failed. Every connector call needs an upper bound.',
    bad: `export async function getRates() {
  const res = await fetch('https://fx.example.com/latest');
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
    good: `export async function getRates() {
  const res = await fetch('https://fx.example.com/latest', { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
}`,
    references: ['https://developer.mozilla.org/en-US/docs/Web/API/AbortSignal/timeout_static', 'https://axios-http.com/docs/req_config', 'https://cwe.mitre.org/data/definitions/1088.html'],
  },
  hint: 'Bound every request: fetch(url, { signal: AbortSignal.timeout(ms) }), axios/got { timeout: ms }.',
  messages: {
    noTimeout: "{{client}} call has no timeout: a hung upstream holds this agent step for as long as the client waits by default (minutes for Node's fetch, forever for axios and got).",
    timeoutDisabled: '{{client}} call turns its default timeout off.',
    noTimeoutFromCallers: "{{client}} call takes its options from its caller, and some callers pass no timeout or signal: a hung upstream holds their agent step for as long as the client waits by default. Give the wrapper a default timeout, used when the caller passes no signal.",
  },
  check({ file, report, checked, fixSettings }) {
    for (const site of file.callSites) {
      const timeout = site.entry.timeout;
      if (site.entry.kind !== 'http' || site.operation !== 'request' || !timeout || isSameOriginRequest(site) || isLocalServiceRequest(site, file)) continue;
      // `(input) => fetch(input)`: the caller's Request may carry the signal.
      if (site.node.arguments.length < 2 && isPassthroughWrapper(site, file)) continue;
      // `fetch(url).catch(log);`: nobody waits on a fire-and-forget notification.
      if (isFireAndForget(site.node)) continue;
      // `app.listen(port, async () => { … })`: the server drops the start-up callback's promise; nobody waits.
      if (inServerStartCallback(site.node)) continue;
      // A WebSocket upgrade opens a long-lived session: a timeout on the request would cut the session.
      if (opensWebSocketSession(site, file)) continue;
      // A step of a person's sign-in (a code or refresh-token exchange, a sign-in strategy's verify callback):
      // the person waits at the login page, and no agent step does.
      if (isSignInStep(site, file)) continue;
      // A provider's model list fills a picker or a settings form: the person waiting there cancels and
      // reloads; the agent's own model calls are judged where they are made.
      if (listsModels(site, file)) continue;
      // A workflow node's option loader fills a dropdown in the flow editor for the person configuring it.
      if (fillsEditorOptions(site, file)) continue;
      // A tool factory runs while the application builds its tools, an update check answers a console,
      // a tracer's export runs in the framework's background queue: no agent step waits on any.
      if (runsOffAgentStep(site, file)) continue;
      // A transparent proxy streams the incoming body on and answers with the upstream response as it is:
      // its client holds the connection and owns the deadline (a fixed one would cut long transfers).
      if (forwardsIncomingBody(site, file) && relaysUpstreamResponse(site, file)) continue;
      const { objects, unknown } = resolvedOptions(site, file);
      const set = objects.flatMap((obj) => timeout.options.map((name) => objectProperty(obj, name)).filter((p): p is ts.ObjectLiteralElementLike => p !== undefined));
      const disabled = set.some((p) => ts.isPropertyAssignment(p) && staticName(p.name) !== 'signal' && (timeout.disabledWhen ?? []).includes(literal(p.initializer) as never));
      if (disabled) {
        report(site.node, 'timeoutDisabled', { client: site.entry.id });
        continue;
      }
      const bounded = set.length > 0 || assignedLater(site, timeout.options) || timeout.defaultMs !== undefined || hasChainedTimeout(site, timeout.chainMethods ?? []) || isRacedAgainstTimer(site.node, file);
      // Options that come from the caller may carry the signal: judged where some caller in the project passes none.
      if (!bounded && unknown) {
        const noCaller = unboundedByNoCaller(site, file);
        if (!noCaller) continue;
        const exempt = anyCondition(noCaller, nobodyWaits(site, file)) ?? noCaller;
        checked(site.node, { unless: exempt });
        report(site.node, 'noTimeoutFromCallers', { client: site.entry.id }, { notApplicableIf: exempt });
        continue;
      }
      // A function only ever started detached (`probe().then(use).catch(() => {})`) holds nobody when it hangs,
      // nor does a function nothing in the project calls, or a client of the project's own backend.
      const detachedOnly = nobodyWaits(site, file);
      checked(site.node, detachedOnly ? { unless: detachedOnly } : undefined);
      if (!bounded) report(site.node, 'noTimeout', { client: site.entry.id }, { ...(detachedOnly ? { notApplicableIf: detachedOnly } : {}), ...withTimeoutFix(site, file, fixSettings) });
    }
  },
});
