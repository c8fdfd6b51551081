import { isFunctionLike, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import { callMemberNames, pathMatchesAnyGlob } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import { hasExportModifier } from '../../model/syntax.js';
import { eventHandlerFunctions } from './event-handlers.js';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `export async function POST()` and `export const GET = async () => …` in a Next.js route file; the default export of pages/api. */
function nextHandlers(facts: FileFacts): FunctionLike[] {
  // Exported GET/POST… in a file named route.* is the Next.js app-router signature (the app/ folder may be above the audit root).
  const { nextRouteFiles, nextPagesApiFiles } = facts.classifier.endpointAuth;
  const appRoute = pathMatchesAnyGlob(facts.path, nextRouteFiles);
  const pagesApi = pathMatchesAnyGlob(facts.path, nextPagesApiFiles);
  if (!appRoute && !pagesApi) return [];
  const found: FunctionLike[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement)) {
      const isDefault = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
      if ((appRoute && statement.name && HTTP_METHODS.has(statement.name.text)) || (pagesApi && isDefault)) found.push(statement);
    } else if (appRoute && ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer && unwrap(decl.initializer);
        if (ts.isIdentifier(decl.name) && HTTP_METHODS.has(decl.name.text) && init && isFunctionLike(init)) found.push(init);
      }
    }
  }
  return found;
}

/** `async function handle(request: Request)`: a fetch-style handler, wherever it is mounted. */
function fetchStyleHandlers(facts: FileFacts): FunctionLike[] {
  const types = facts.classifier.httpRequests.types;
  return facts.index.functions.filter((fn) => {
    const type = fn.body && fn.parameters[0]?.type;
    const name = type && ts.isTypeReferenceNode(type) ? (ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text) : undefined;
    return name !== undefined && types.includes(name);
  });
}

/**
 * Functions that answer HTTP requests in this file: handlers passed to route registrations of the
 * catalog's HTTP frameworks (express, fastify, hono, koa routers; `app.use` error middleware included)
 * Next.js route exports, functions whose first parameter is typed as a request (`Request`, `NextRequest`), and
 * handlers that take an event (SvelteKit, Remix, Astro, h3/Nuxt: see event-handlers.ts).
 */
export function httpHandlerFunctions(facts: FileFacts): FunctionLike[] {
  const { httpServers } = facts.classifier.agents;
  const methods = callMemberNames(httpServers);
  const found = new Set<FunctionLike>([...nextHandlers(facts), ...fetchStyleHandlers(facts), ...eventHandlerFunctions(facts)]);
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !methods.has(callee.name.text)) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(httpServers, origin)) continue;
    for (const arg of call.arguments) {
      const node = unwrap(arg);
      const handler = isFunctionLike(node) ? node : ts.isIdentifier(node) ? facts.localFunction(node) : undefined;
      if (handler) found.add(handler);
    }
  }
  return [...found];
}

const REQUEST_PARAM = /^req(uest)?$/;
const RESPONSE_PARAM = /^(res|response|reply)$/;
const ANSWERING_METHODS = new Set(['json', 'send', 'status', 'write', 'end', 'sendStatus', 'writeHead', 'sendFile', 'redirect', 'render', 'code', 'pipe']);

/**
 * `async processUpload(req, res) { … res.status(500).json(…) }`: an express-style handler, wherever it is
 * mounted (a service method a route calls through an instance the call graph does not follow). It takes
 * the request and answers it itself, so a failure inside goes back to whoever sent the request.
 */
export function answersRequestItself(fn: FunctionLike): boolean {
  const answerer = responseParameter(fn);
  return !!fn.body && answerer !== undefined && answersThrough(fn.body, answerer);
}

/** The response parameter of an express-style `(req, res)` handler. */
export function responseParameter(fn: FunctionLike): string | undefined {
  const [request, response] = fn.parameters;
  if (!request || !response || !ts.isIdentifier(request.name) || !ts.isIdentifier(response.name)) return undefined;
  return REQUEST_PARAM.test(request.name.text) && RESPONSE_PARAM.test(response.name.text) ? response.name.text : undefined;
}

/** Code that answers the request through the response object named `answerer` (`res.status(500).json(…)`). */
export function answersThrough(code: ts.Node, answerer: string): boolean {
  let answers = false;
  const visit = (node: ts.Node): void => {
    if (answers) return;
    if (ts.isCallExpression(node)) {
      let callee = unwrap(node.expression);
      // res.status(500).json(…): walk the chain down to its receiver.
      while (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(unwrap(callee.expression))) callee = unwrap((unwrap(callee.expression) as ts.CallExpression).expression);
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === answerer && ANSWERING_METHODS.has(callee.name.text)) answers = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(code);
  return answers;
}
