import { nestedRepetition } from '../../catalog/regex-safety.js';
import { pathMatchesAnyGlob } from '../../catalog/matcher.js';
import { isStringLike, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { hasExportModifier, propertyValue } from '../../model/syntax.js';

/**
 * Where a Next.js middleware.ts (proxy.ts) runs: the paths of its `export const config = { matcher }`
 * (a string, an array of strings, or `{ source }` objects). `undefined` when it runs on every path: no
 * matcher, or one the code computes (taken to cover everything, as the framework may).
 */
export function middlewareMatchers(facts: FileFacts): readonly string[] | undefined {
  if (!pathMatchesAnyGlob(facts.path, facts.classifier.endpointAuth.nextMiddlewareFiles)) return undefined;
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !hasExportModifier(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const init = decl.initializer && unwrap(decl.initializer);
      if (!ts.isIdentifier(decl.name) || decl.name.text !== 'config' || !init || !ts.isObjectLiteralExpression(init)) continue;
      const matcher = propertyValue(init, 'matcher');
      return matcher ? literalMatchers(unwrap(matcher)) : undefined;
    }
  }
  return undefined;
}

function literalMatchers(node: ts.Expression): readonly string[] | undefined {
  const items = ts.isArrayLiteralExpression(node) ? node.elements.map(unwrap) : [node];
  const paths: string[] = [];
  for (const item of items) {
    const source = ts.isObjectLiteralExpression(item) ? objectSource(item) : item;
    if (!source || !isStringLike(source)) return undefined;
    paths.push(source.text);
  }
  return paths;
}

/** `{ source: '/api/:path*', has: [...] }`: the conditions only narrow it further, the source is where it may run. */
function objectSource(obj: ts.ObjectLiteralExpression): ts.Expression | undefined {
  const prop = obj.properties.find((p) => ts.isPropertyAssignment(p) && staticName(p.name) === 'source');
  return prop && ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
}

/** Longer matchers than this are taken to cover every path rather than compiled. */
const MAX_MATCHER_LENGTH = 500;

/**
 * A matcher (path-to-regexp syntax: `/s/:path*`, `/api/:id`, `/((?!_next|static).*)`) as a regular
 * expression over a request path; undefined when it cannot be read safely (then it may cover anything).
 */
export function matcherPattern(matcher: string): RegExp | undefined {
  if (matcher.length > MAX_MATCHER_LENGTH || !matcher.startsWith('/')) return undefined;
  let source = '';
  for (let i = 0; i < matcher.length; i++) {
    const ch = matcher[i]!;
    if (ch === '(') {
      // A group is raw regular-expression text up to its matching parenthesis.
      const end = groupEnd(matcher, i);
      const group = matcher.slice(i, end + 1);
      // The code under audit wrote it: a backtracking bomb is not compiled.
      if (end < 0 || nestedRepetition(group) !== undefined) return undefined;
      source += group;
      i = end;
    } else if (ch === ':' && /[A-Za-z_]/.test(matcher[i + 1] ?? '')) {
      let j = i + 1;
      while (/\w/.test(matcher[j] ?? '')) j++;
      const modifier = matcher[j];
      const slash = source.endsWith('/');
      if (slash) source = source.slice(0, -1);
      const prefix = slash ? '/' : '';
      if (modifier === '*') source += `(?:${prefix}.*)?`;
      else if (modifier === '+') source += `${prefix}.+`;
      else if (modifier === '?') source += `(?:${prefix}[^/]+)?`;
      else source += `${prefix}[^/]+`;
      i = modifier === '*' || modifier === '+' || modifier === '?' ? j : j - 1;
    } else if (ch === '*') {
      source += '.*';
    } else {
      source += /[.+?^${}|[\]\\]/.test(ch) ? `\\${ch}` : ch;
    }
  }
  try {
    return new RegExp(`^${source}/?$`);
  } catch {
    return undefined;
  }
}

function groupEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Does a middleware with these matchers (undefined: every path) run for this route path? */
export function matchersCover(matchers: readonly string[] | undefined, path: string): boolean {
  if (!matchers) return true;
  return matchers.some((matcher) => matcherPattern(matcher)?.test(path) ?? true);
}

/** A route file's request path with a sample value for each dynamic segment: app/(chat)/api/[id]/route.ts → /api/x. */
export function samplePath(route: string): string {
  return route.replace(/\/\([^/)]*\)(?=\/|$)/g, '').replace(/\[\[?(?:\.\.\.)?[^\]]+\]\]?/g, 'x') || '/';
}

/** The names Next.js runs a middleware file by: `middleware` (Next 12–15) and `proxy` (Next 16). */
const MIDDLEWARE_EXPORTS = new Set(['middleware', 'proxy']);

/**
 * Is a file named like a Next.js middleware one that the framework runs: it exports a `middleware` or
 * `proxy` function, or a default one? A helper module of the same name (`lib/supabase/middleware.ts`
 * exporting `createClient`) intercepts nothing.
 */
export function exportsMiddleware(facts: FileFacts): boolean {
  for (const statement of facts.sourceFile.statements) {
    if (ts.isExportAssignment(statement)) return true;
    if (ts.isFunctionDeclaration(statement) && hasExportModifier(statement) && (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) || MIDDLEWARE_EXPORTS.has(statement.name?.text ?? ''))) return true;
    if (ts.isVariableStatement(statement) && hasExportModifier(statement) && statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && MIDDLEWARE_EXPORTS.has(d.name.text))) return true;
    // `export * from './auth'`: what it exports is out of sight; it may be the middleware.
    if (ts.isExportDeclaration(statement) && !statement.exportClause && statement.moduleSpecifier) return true;
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((e) => MIDDLEWARE_EXPORTS.has(e.name.text) || e.name.text === 'default')) return true;
  }
  return false;
}
