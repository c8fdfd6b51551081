import type { HandlerRegistration } from '../../../src/catalog/types.js';
import { functionName, isFunctionLike, isStringLike, staticName, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import { lastSegment, moduleMatcher, pathMatchesAnyGlob } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { httpRoutes } from '../../../src/domain/routes/registered-routes.js';
import { httpHandlerFunctions } from '../../../src/domain/routes/handler-functions.js';

/** A function that runs once per request, message or connection, for whoever sent it. */
export interface RequestHandler {
  readonly fn: FunctionLike;
  /** How findings name it: `POST /chat (express)`, `app.message handler (slack)`, the `handler` serverless export. */
  readonly label: string;
}

/** `asyncHandler(async (req, res) => …)`: the function an argument is, or the one it wraps (one call deep). */
function functionsOf(expr: ts.Expression | undefined, facts: FileFacts): FunctionLike[] {
  const node = expr && unwrap(expr);
  if (!node) return [];
  if (isFunctionLike(node)) return [node];
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    const local = facts.localFunction(node);
    return local ? [local] : [];
  }
  if (ts.isCallExpression(node)) return node.arguments.flatMap((arg) => (isFunctionLike(unwrap(arg)) ? [unwrap(arg) as FunctionLike] : []));
  return [];
}

/** Express, fastify, hono and koa routes and Next.js route handlers, labelled with method and route. */
function routeRequestHandlers(facts: FileFacts): RequestHandler[] {
  const { nextRouteFiles, nextPagesApiFiles } = facts.classifier.endpointAuth;
  const nextFile = pathMatchesAnyGlob(facts.path, [...nextRouteFiles, ...nextPagesApiFiles]);
  // Routers are recognised by import: without an HTTP framework import only a Next.js route module can serve.
  if (!nextFile && !importsHttpServer(facts)) return [];
  return httpRoutes(facts).flatMap((route) => {
    const label = `${route.method} ${route.route} (${route.framework})`;
    const fns = route.handler ? [route.handler] : functionsOf(route.registration?.arguments.at(-1), facts);
    return fns.map((fn) => ({ fn, label }));
  });
}

function registrationHandlers(call: ts.CallExpression, entry: HandlerRegistration, facts: FileFacts): FunctionLike[] {
  const [first] = call.arguments;
  const event = first && isStringLike(unwrap(first)) ? (unwrap(first) as ts.StringLiteral).text : undefined;
  if (entry.events && event !== undefined && !entry.events.includes(event)) return [];
  if (!entry.handlerOptions) return call.arguments.flatMap((arg) => functionsOf(arg, facts));
  const keys = entry.handlerOptions;
  return call.arguments.flatMap((arg) => {
    const options = unwrap(arg);
    if (!ts.isObjectLiteralExpression(options)) return [];
    return options.properties.flatMap((p) => {
      if (!keys.includes(staticName(p.name) ?? '')) return [];
      if (ts.isMethodDeclaration(p)) return [p];
      return ts.isPropertyAssignment(p) ? functionsOf(p.initializer, facts) : [];
    });
  });
}

function registrationLabel(call: ts.CallExpression, entry: HandlerRegistration): string {
  const callee = unwrap(call.expression);
  const text = ts.isPropertyAccessExpression(callee) ? `${callee.expression.getText()}.${callee.name.text}` : callee.getText();
  const [first] = call.arguments;
  const event = first && isStringLike(unwrap(first)) ? `('${(unwrap(first) as ts.StringLiteral).text}')` : '';
  return `${text}${event} handler (${entry.id})`;
}

/** Is the entry's module imported (or, for a global like `Bun.serve`, its name in the text)? A cheap filter before resolving calls. */
function mayRegister(entry: HandlerRegistration, facts: FileFacts): boolean {
  if (entry.module === 'globalThis') return entry.calls.some((call) => facts.sourceFile.text.includes(call.split('.')[0] ?? call));
  const matches = moduleMatcher([entry.module]);
  return [...facts.importedModules].some(matches);
}

/** ws/socket.io connections, chat-bot message handlers, node:http, Bun and Deno servers (sessionState.messageHandlers). */
function messageHandlers(facts: FileFacts): RequestHandler[] {
  const entries = facts.classifier.sessionState.messageHandlers.filter((entry) => mayRegister(entry, facts));
  if (entries.length === 0) return [];
  const names = new Set(entries.flatMap((entry) => entry.calls.map(lastSegment)));
  const found: RequestHandler[] = [];
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined || !names.has(name)) continue;
    const origin = facts.originOf(call.expression);
    const entry = origin && entries.find((candidate) => facts.classifier.matches([candidate], origin));
    if (!entry) continue;
    const label = registrationLabel(call, entry);
    for (const fn of registrationHandlers(call, entry, facts)) found.push({ fn, label });
  }
  return found;
}

/** `@Post('ask')` on a method: `@Post('ask') ChatController.ask`. */
function decoratedLabel(call: ts.CallExpression, method: ts.MethodDeclaration, facts: FileFacts): string {
  const owner = method.parent;
  const className = ts.isClassLike(owner) && owner.name ? `${owner.name.text}.` : '';
  return `@${call.expression.getText(facts.sourceFile)}(${call.arguments.map((a) => a.getText(facts.sourceFile)).join(', ')}) ${className}${staticName(method.name) ?? ''}`;
}

/** Methods carrying a handler decorator (sessionState.decoratedHandlers: NestJS routes, gateways, message patterns). */
function decoratedHandlers(facts: FileFacts): RequestHandler[] {
  const list = facts.classifier.sessionState.decoratedHandlers;
  const found: RequestHandler[] = [];
  for (const call of facts.index.calls) {
    const method = ts.isDecorator(call.parent) ? call.parent.parent : undefined;
    if (!method || !ts.isMethodDeclaration(method)) continue;
    const origin = facts.originOf(call.expression);
    if (origin && facts.classifier.matches(list, origin)) found.push({ fn: method, label: decoratedLabel(call, method, facts) });
  }
  return found;
}

const hasExport = (node: ts.Node): boolean => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** `exports.handler = …` and `module.exports.handler = …`. */
function commonJsExportName(left: ts.Expression): string | undefined {
  const node = unwrap(left);
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const owner = unwrap(node.expression);
  const isExports = (ts.isIdentifier(owner) && owner.text === 'exports') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'exports' && ts.isIdentifier(owner.expression) && owner.expression.text === 'module');
  return isExports ? node.name.text : undefined;
}

/** Serverless `export const handler = async (event) => …` and worker `export default { fetch(request) {…} }`. */
function platformEntryPoints(facts: FileFacts): RequestHandler[] {
  const { serverlessExports, workerMethods } = facts.classifier.sessionState;
  const found: RequestHandler[] = [];
  const addServerless = (name: string | undefined, fns: FunctionLike[]): void => {
    if (name !== undefined && serverlessExports.includes(name)) for (const fn of fns) found.push({ fn, label: `serverless export \`${name}\`` });
  };
  for (const statement of facts.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && hasExport(statement)) addServerless(statement.name?.text, [statement]);
    else if (ts.isVariableStatement(statement) && hasExport(statement)) {
      for (const decl of statement.declarationList.declarations) addServerless(staticName(decl.name), functionsOf(decl.initializer, facts));
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      addServerless(commonJsExportName(statement.expression.left), functionsOf(statement.expression.right, facts));
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isObjectLiteralExpression(unwrap(statement.expression))) {
      for (const p of (unwrap(statement.expression) as ts.ObjectLiteralExpression).properties) {
        const name = staticName(p.name);
        if (!name || !workerMethods.includes(name)) continue;
        const fns = ts.isMethodDeclaration(p) ? [p] : ts.isPropertyAssignment(p) ? functionsOf(p.initializer, facts) : [];
        for (const fn of fns) found.push({ fn, label: `worker \`${name}\` handler` });
      }
    }
  }
  return found;
}

/**
 * Middleware and fetch-style handlers need an HTTP framework import or a parameter typed as a request
 * (whose type name then appears in the text): most files have neither, and finding them walks the file.
 */
function mayHaveRouteFunctions(facts: FileFacts): boolean {
  return importsHttpServer(facts) || facts.classifier.httpRequests.types.some((type) => facts.sourceFile.text.includes(type));
}

function importsHttpServer(facts: FileFacts): boolean {
  const matches = moduleMatcher(facts.classifier.agents.httpServers.map((server) => server.module));
  return [...facts.importedModules].some(matches);
}

/** Does the file start with a directive that makes it browser code (`'use client'`)? */
export function isClientModule(facts: FileFacts): boolean {
  const directives = facts.classifier.sessionState.clientDirectives;
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (directives.includes(statement.expression.text)) return true;
  }
  return false;
}

/**
 * Every function in the file that runs per request or message from any user: HTTP routes (labelled
 * with method and route), middleware and fetch-style handlers, message and connection handlers of
 * socket servers and chat bots, decorated controller methods, serverless and worker entry points.
 * One entry per function.
 */
export function requestHandlers(facts: FileFacts): RequestHandler[] {
  const found = new Map<FunctionLike, RequestHandler>();
  const add = (handler: RequestHandler): void => {
    if (!found.has(handler.fn)) found.set(handler.fn, handler);
  };
  routeRequestHandlers(facts).forEach(add);
  messageHandlers(facts).forEach(add);
  decoratedHandlers(facts).forEach(add);
  platformEntryPoints(facts).forEach(add);
  if (mayHaveRouteFunctions(facts)) for (const fn of httpHandlerFunctions(facts)) add({ fn, label: `request handler \`${functionName(fn) ?? '(anonymous)'}\`` });
  return [...found.values()];
}
