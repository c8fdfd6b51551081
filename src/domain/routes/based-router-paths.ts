import { calleeLastName, isStringLike, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { routerRoutes } from './registered-routes.js';

/** `.basePath('/api/agent')` (hono): the literal prefix every route of that router serves under. */
function basePathOf(calls: readonly (ts.CallExpression | ts.NewExpression)[]): string | undefined {
  for (const call of calls) {
    if (!ts.isCallExpression(call) || calleeLastName(call.expression) !== 'basePath') continue;
    const arg = call.arguments[0] && unwrap(call.arguments[0]);
    if (arg && isStringLike(arg) && arg.text.startsWith('/')) return arg.text;
  }
  return undefined;
}

/**
 * Full paths of the routes a router registers on a base path it names in code
 * (`new Hono().basePath('/api/agent').post('/webhooks/:platform', …)` → `/api/agent/webhooks/:platform`).
 * A router without one may be mounted anywhere, so its paths say nothing about the request path.
 */
export function basedRouterPaths(facts: FileFacts): string[] {
  if (!facts.sourceFile.text.includes('basePath')) return [];
  const paths: string[] = [];
  for (const route of routerRoutes(facts)) {
    const registration = route.registration;
    if (!registration || route.route === '?' || !route.route.startsWith('/')) continue;
    const origin = facts.originOf(registration.expression);
    const base = origin && basePathOf(origin.calls);
    if (base !== undefined) paths.push(`${base.replace(/\/$/, '')}${route.route}`);
  }
  return paths;
}
