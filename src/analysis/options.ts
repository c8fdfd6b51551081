import { objectProperty, ts, unwrap } from './ast.js';
import type { CallSite } from './facts.js';

/** Object-literal options passed to the call itself or to the constructor/factory that made its client. */
export function optionObjects(site: CallSite): ts.ObjectLiteralExpression[] {
  const calls = [...site.origin.calls, site.node];
  return calls.flatMap((call) => (call.arguments ?? []).map((arg) => unwrap(arg)).filter(ts.isObjectLiteralExpression));
}

function literalValue(expr: ts.Expression): number | string | boolean | undefined {
  const node = unwrap(expr);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** Does an option object set `name` to one of `values`? "limit: 0" matches `{ name: { limit: 0 } }`. */
export function hasOptionValue(site: CallSite, name: string, values: readonly (number | string | boolean)[]): boolean {
  return optionObjects(site).some((obj) => {
    const prop = objectProperty(obj, name);
    if (!prop || !ts.isPropertyAssignment(prop)) return false;
    const value = unwrap(prop.initializer);
    return values.some((expected) => {
      if (typeof expected === 'string' && expected.includes(':')) {
        const [key, raw] = expected.split(':').map((s) => s.trim());
        if (!ts.isObjectLiteralExpression(value) || !key) return false;
        const inner = objectProperty(value, key);
        return !!inner && ts.isPropertyAssignment(inner) && String(literalValue(inner.initializer)) === raw;
      }
      return literalValue(value) === expected;
    });
  });
}

export function hasOption(site: CallSite, names: readonly string[]): boolean {
  return optionObjects(site).some((obj) => names.some((name) => objectProperty(obj, name) !== undefined));
}

/** fetch('/api/chat') from a browser: same-origin calls to the app's own backend, not a connector. */
export function isSameOriginRequest(site: CallSite): boolean {
  const first = site.node.arguments[0];
  if (!first) return false;
  const target = unwrap(first);
  const text = ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target) ? target.text : ts.isTemplateExpression(target) ? target.head.text : undefined;
  return text !== undefined && /^\/(?!\/)|^\.\.?\//.test(text);
}
