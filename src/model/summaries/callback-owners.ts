import { calleeLastName, ts, type FunctionLike } from '../ast.js';

/**
 * Calls whose function argument is stored to run later, by a framework, a job scheduler or the runtime,
 * not while the enclosing function runs: timers, scheduled jobs, event and message handlers, route
 * registrations, tool registrations, RPC procedure resolvers. These method names are API conventions,
 * not project names.
 */
const REGISTRATIONS = new Set([
  'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'schedule', 'scheduleJob',
  'on', 'once', 'addListener', 'addEventListener', 'prependListener', 'subscribe', 'onMessage',
  'use', 'get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'handle', 'listen',
  'tool', 'registerTool', 'addTool', 'setRequestHandler', 'action', 'command', 'event', 'message', 'process',
]);

/** RPC procedure builders (tRPC and the like): `procedure.input(schema).query(async ({ ctx, input }) => …)`. */
const RESOLVER_REGISTRATIONS = new Set(['query', 'mutation', 'subscription']);

/**
 * The procedure's only argument, taking one destructured request object (`{ ctx, input }`) or nothing:
 * unlike a database `query(sql, callback)`, whose callback comes after the statement.
 */
function isProcedureResolver(fn: FunctionLike, call: ts.CallExpression): boolean {
  if (call.arguments.length !== 1 || !ts.isPropertyAccessExpression(call.expression)) return false;
  const [param, ...rest] = fn.parameters;
  return rest.length === 0 && (param === undefined || ts.isObjectBindingPattern(param.name));
}

const skipWrappers = (node: ts.Node): ts.Node => {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isSatisfiesExpression(current.parent)) current = current.parent;
  return current;
};

/**
 * An anonymous function that runs later, on its own, rather than while the function around it runs:
 * passed to a registration (`app.post('/x', async (req) => …)`, `setInterval(() => …)`), held in an
 * object literal that is handed on (`tool({ execute: async () => … })`), or set as a JSX attribute or
 * property (`onClick={…}`, `ws.onmessage = …`). Callbacks of `map`, `then`, `pRetry` and the like run
 * as part of the enclosing function and stay its own.
 */
export function isDeferredCallback(fn: FunctionLike): boolean {
  // `tool({ async execute() { … } })`: a method of an options object is its `execute: async () => …` form.
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) return !ts.isVariableDeclaration(fn.parent.parent);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const node = skipWrappers(fn);
  const parent = node.parent;
  if (ts.isCallExpression(parent)) {
    if (parent.expression === node) return false;
    const name = calleeLastName(parent.expression) ?? '';
    return REGISTRATIONS.has(name) || (RESOLVER_REGISTRATIONS.has(name) && isProcedureResolver(fn, parent));
  }
  if (ts.isPropertyAssignment(parent)) return !ts.isVariableDeclaration(parent.parent.parent);
  if (ts.isJsxExpression(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) return ts.isPropertyAccessExpression(parent.left) || ts.isElementAccessExpression(parent.left);
  return false;
}

/** The key a deferred callback is known by: anonymous, so by where it starts. */
export const callbackKey = (fn: FunctionLike): string => `<callback@${fn.getStart()}>`;
