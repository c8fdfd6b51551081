/**
 * HTTP paths the project serves itself, from framework file conventions: Next.js app-router route
 * handlers (`app/api/items/[id]/route.ts` serves `/api/items/:id`; route groups `(name)` and slots
 * `@name` add no segment) and pages-router API files (`pages/api/items.ts`); and from routes a router
 * declares in code on a base path it names (`new Hono().basePath('/api/agent')` then
 * `app.post('/webhooks/:platform', …)` serves `/api/agent/webhooks/:platform`). A call to one of these
 * paths is a call to the project's own backend.
 */

/** One segment of a served path: a literal, one dynamic segment, or the rest of the path. */
type RouteSegment = { readonly literal: string } | { readonly one: true } | { readonly rest: true; readonly optional: boolean };

const APP_ROUTE = /(?:^|\/)app\/((?:[^/]+\/)*)route\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/api\/((?:[^/]+\/)*[^/]+?)\.[cm]?[jt]sx?$/;
/** A request path needs this many literal segments matched literally: `/api/[...path]` alone says nothing. */
const MIN_LITERAL_MATCHES = 2;

function segment(text: string): RouteSegment | undefined {
  if (/^\(.*\)$/.test(text) || text.startsWith('@')) return undefined;
  const optionalRest = /^\[\[\.\.\..+\]\]$/.test(text);
  if (optionalRest || /^\[\.\.\..+\]$/.test(text)) return { rest: true, optional: optionalRest };
  if (/^\[.+\]$/.test(text)) return { one: true };
  return { literal: text };
}

/** The path a route file serves, or undefined when the file is no route handler. */
export function servedRoute(file: string): readonly RouteSegment[] | undefined {
  if (file.includes('node_modules/')) return undefined;
  const app = APP_ROUTE.exec(file);
  const pages = app ? undefined : PAGES_API.exec(file);
  const raw = app ? (app[1] ?? '').split('/').filter(Boolean) : pages ? ['api', ...(pages[1] ?? '').split('/')].filter((s, i, all) => !(s === 'index' && i === all.length - 1)) : undefined;
  return raw?.flatMap((text) => segment(text) ?? []);
}

/**
 * The paths a router pattern serves (`/webhooks/:platform/:appId?`, `/files/*`): `:name` is one
 * segment, a trailing `?` makes it optional (a path with and one without), `*` the rest of the path.
 */
export function declaredRoutes(pattern: string): (readonly RouteSegment[])[] {
  const parts = pattern.split('/').filter(Boolean);
  const segments: RouteSegment[] = [];
  const routes: RouteSegment[][] = [];
  for (const part of parts) {
    if (part === '*' || /^:[^/]*\*$/.test(part)) return [...routes, [...segments, { rest: true, optional: true }]];
    if (part.startsWith(':') && part.endsWith('?')) routes.push([...segments]);
    else if (routes.length > 0) return [];
    segments.push(part.startsWith(':') ? { one: true } : { literal: part });
  }
  return [...routes, segments];
}

/** `/trpc/lambda/*`: literal segments, `*` for a segment the caller computes (matched only by a parameter). */
function requestSegments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function matches(route: readonly RouteSegment[], request: readonly string[]): boolean {
  let literal = 0;
  for (let i = 0; i < route.length; i++) {
    const part = route[i] as RouteSegment;
    // A catch-all takes only what the caller computes: `/api/v1/[[...route]]` does not serve every `/api/v1/…` path a client writes out.
    if ('rest' in part) return (part.optional || request.length > i) && request.slice(i).every((s) => s === '*') && literal >= MIN_LITERAL_MATCHES;
    const asked = request[i];
    if (asked === undefined) return false;
    if ('literal' in part) {
      if (asked !== part.literal) return false;
      literal++;
    }
  }
  return route.length === request.length && literal >= MIN_LITERAL_MATCHES;
}

/**
 * Does a route of these files, or a route pattern declared in code with its base path
 * (`/api/agent/webhooks/:platform`), serve the request path (`/trpc/lambda/*`, `*` standing for a
 * computed segment)?
 */
export function createServedPaths(files: readonly string[], declared: readonly string[] = []): (path: string) => boolean {
  const routes = [...files.map(servedRoute).filter((r): r is readonly RouteSegment[] => r !== undefined), ...declared.flatMap(declaredRoutes)];
  return (path) => {
    const request = requestSegments(path);
    return routes.some((route) => matches(route, request));
  };
}
