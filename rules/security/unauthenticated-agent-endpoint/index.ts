import { drivesAgent, httpRoutes, serverActions, type RouteHandler } from '../../../src/domain/routes/registered-routes.js';
import { callerPassedBy, functionAuthenticates, middlewareVerdict, rateLimitsCaller } from '../../../src/domain/routes/endpoint-auth.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { exportedRouterSetup, routeSetup } from '../../../src/domain/routes/middleware-chain.js';
import { samplePath } from '../../../src/domain/routes/middleware-matcher.js';
import { anyCondition, type ProjectCondition } from '../../../src/model/project-conditions.js';
import { defineRule } from '../../../src/engine/rule.js';
import { projectCallsFrom, someCallReaches } from '../../../src/model/reaches.js';
import type { FunctionLike } from '../../../src/model/ast.js';

/**
 * Authenticated, unauthenticated, or not judged (undefined): a router whose app is not made and served
 * (beyond localhost) in this file may get its middleware in another file, and middleware imported from
 * the project's own files may authenticate out of sight — both are left alone.
 */
function isAuthenticated(route: RouteHandler, facts: FileFacts): { readonly authenticated: boolean; readonly mounted?: ProjectCondition } | undefined {
  const setup = route.registration ? routeSetup(route.registration, route.route, facts) : undefined;
  // A router this file exports: whoever mounts it decides what runs in front, once every file was seen.
  const exported = route.kind === 'router' && !setup && route.registration ? exportedRouterSetup(route.registration, route.route, facts) : undefined;
  if (route.kind === 'router' && !setup && !exported) return undefined;
  const verdicts = [...(setup?.middleware ?? exported?.middleware ?? []), ...route.chain].map((middleware) => middlewareVerdict(middleware, facts));
  if (verdicts.includes('auth') || functionAuthenticates(route.handler, facts)) return { authenticated: true };
  if (verdicts.includes('unknown')) return undefined;
  return exported ? { authenticated: false, mounted: { mountedOnlyOpen: { file: facts.path, names: exported.names } } } : { authenticated: false };
}

/**
 * The framework's files that run before the route, when there are any: a Next.js middleware.ts counts
 * where its matcher covers the route's path (a server action posts to whatever page shows its form).
 */
function middlewareCondition(route: RouteHandler, nextMiddlewareFiles: readonly string[]): ProjectCondition | undefined {
  if (route.kind === 'next') {
    if (nextMiddlewareFiles.length === 0) return undefined;
    return { middlewareCovers: { files: nextMiddlewareFiles, path: route.path ? samplePath(route.path) : '' } };
  }
  return route.kind === 'file' && route.middlewareFiles?.length ? { hasFile: route.middlewareFiles } : undefined;
}

/**
 * Whether the handler runs the agent: undefined when it does in this file; false when it does not, or
 * cannot be told; otherwise the condition that none of the project functions it calls reaches a model
 * (`await deepResearch(req.body.query)`). Only for routers, whose authentication is middleware in
 * sight, and only when no such call is handed the caller's request or identity, which it may check
 * itself out of sight (`await handleChat(req, res)`).
 */
function agentOutOfSight(route: RouteHandler, handler: FunctionLike, facts: FileFacts): ProjectCondition | false | undefined {
  if (drivesAgent(route, facts)) return undefined;
  if (route.kind !== 'router') return false;
  const calls = projectCallsFrom(handler, facts);
  const through = someCallReaches(calls, facts, 'textModel');
  if (!through || calls.some(callerPassedBy(handler, facts))) return false;
  return { not: through };
}

export default defineRule({
  id: 'security/unauthenticated-agent-endpoint',
  category: 'security',
  severity: 'high',
  confidence: 'medium',
  title: 'HTTP endpoint drives the agent without authentication',
  taxonomy: {
    microsoft: ['agent-impersonation', 'incorrect-permissions', 'resource-exhaustion'],
    owaspLlm: ['LLM06:2025', 'LLM10:2025'],
    owaspAgentic: ['ASI03', 'T9'],
    cwe: ['CWE-306'],
  },
  docs: {
    summary: 'Flags HTTP routes, Next.js route handlers and server actions, and file routes whose handler runs the agent with no authentication in front of it.',
    details: [
      'Endpoints are express, fastify, hono and koa routes, Next.js route handlers and server actions, and SvelteKit, Remix, Astro and Nuxt file routes.',
      'A server action (`\'use server\'`) is a POST endpoint anyone can call directly, not only through the form that uses it.',
      'Running the agent means an LLM call, AI SDK streamText/generateText, an OpenAI Agents run, a LangGraph graph or a Mastra agent, in the handler or a same-file helper.',
      'For express, fastify, hono and koa routes the agent may also run in a function of another file that makes text with a model or runs an agent (`await investigate(req.body.query)`), or through a client another file makes and exports (`openai.chat.completions.create(…)` with `export const openai = new OpenAI()` in lib/openai.ts).',
      'Authentication in front of it is auth middleware in the route or before it on the app, a fastify auth hook, a session/token/API-key check with a 401 in the handler, a Next.js middleware.ts (proxy.ts) whose `config.matcher` covers the route, SvelteKit hooks.server.ts, or Nuxt server middleware.',
      'Plugins that only load a session or add a helper the route must call itself are no authentication in front of it: `app.register(fastifyJwt)` (until the route calls `request.jwtVerify()`), `@fastify/auth`, `express-session`, `passport.initialize()` and `passport.session()`.',
      'A router made in one file and mounted in another (`export const chatRouter = Router()` in routes/chat.ts, `app.use(\'/api/chat\', chatRouter)` before `app.listen()` in server.ts, also through `module.exports = router` and `require`) is judged where it is mounted: its agent routes are reported when every mount in the project has nothing in front that authenticates or may, on the app or in the mount call, and the router puts no authentication in front of them itself (`router.use(requireAuth)`).',
      'For a server action, any Next.js middleware.ts (proxy.ts) counts. A file of that name exporting no `middleware`, `proxy` or default function, such as a Supabase helper in `lib/supabase/middleware.ts`, is no middleware.',
    ],
    notFlagged: [
      'A route whose agent runs only in another file is not judged when the call there is handed the request, its headers or identity, or all the client sent (`await handleChat(req)`, `answer(req.body)`), because the function called may check the caller itself. A field of the body carries no identity, so handing one on does not exempt the route.',
      'Routers whose app is set up in another file are not judged, nor are apps handed to a project function (`configure(app)`) or given a project plugin (`app.register(plugins)`), because authentication may be added there. A router the file exports is the exception when the project mounts it (see above); one mounted nowhere in the audited code, or anywhere behind middleware of the project that may authenticate, is not judged.',
      'Handlers that rate-limit each caller themselves (`await ratelimit.limit(ip)`, `checkRateLimit(req)`) are not flagged, because an anonymous endpoint metered per caller is public on purpose, as a docs site\'s playground or a demo open to visitors.',
    ],
    why: 'An agent endpoint without authentication lets anyone on the network act as a user of the agent: drive its tools with your credentials, read what its memory and retrieval return, and run up the model bill (each request is a paid completion, often many). The agent cannot tell who is asking, so per-user permissions, quotas and audit logs have nothing to attach to — the identity-management gap behind agent impersonation.',
    bad: `import express from 'express';
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';

const app = express();
app.use(express.json());

app.post('/api/chat', async (req, res) => {
  const result = streamText({ model: openai('gpt-4o'), messages: req.body.messages });
  result.pipeTextStreamToResponse(res);
});

app.listen(3000);`,
    good: `import express from 'express';
import { streamText } from 'ai';
import { openai } from '@ai-sdk/openai';
import { requireAuth } from './auth.js';

const app = express();
app.use(express.json());

app.post('/api/chat', requireAuth, async (req, res) => {
  const result = streamText({ model: openai('gpt-4o'), messages: req.body.messages });
  result.pipeTextStreamToResponse(res);
});

app.listen(3000);`,
    references: [
      'https://www.microsoft.com/en-us/security/blog/2025/04/24/new-whitepaper-outlines-the-taxonomy-of-failure-modes-in-ai-agents/',
      'https://genai.owasp.org/llmrisk/llm062025-excessive-agency/',
      'https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/',
      'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
      'https://cwe.mitre.org/data/definitions/306.html',
      'https://nextjs.org/docs/app/guides/authentication',
    ],
  },
  hint: 'Put authentication in front of the agent: auth middleware on the route or app (requireAuth, passport.authenticate, bearerAuth, clerkMiddleware), a fastify onRequest hook, or a session/token check that returns 401 before the model is called.',
  messages: {
    unauthenticated: '{{method}} {{route}} ({{framework}}) runs the agent with no authentication in front of it: anyone who can reach it can act as a user and spend the model budget.',
  },
  check({ file, report, checked }) {
    const { nextMiddlewareFiles } = file.classifier.endpointAuth;
    for (const route of [...httpRoutes(file), ...serverActions(file)]) {
      if (!route.handler) continue;
      const runsNoAgent = agentOutOfSight(route, route.handler, file);
      if (runsNoAgent === false) continue;
      const judged = isAuthenticated(route, file);
      if (judged === undefined) continue;
      // A Next.js middleware.ts (proxy.ts), SvelteKit hooks.server.ts or Nuxt server middleware runs before every route.
      const middleware = middlewareCondition(route, nextMiddlewareFiles);
      // An exported router is judged only where the project mounts it with nothing in front that authenticates or may.
      const notApplicableIf = anyCondition(middleware, runsNoAgent, judged.mounted && { not: judged.mounted });
      if (judged.authenticated || rateLimitsCaller(route.handler, file)) checked(route.node, { unless: notApplicableIf });
      else report(route.node, 'unauthenticated', { method: route.method, route: route.route, framework: route.framework }, { unless: middleware, notApplicableIf });
    }
  },
});
