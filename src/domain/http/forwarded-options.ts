import { enclosingFunction, ts, unwrap } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import { optionsArgumentByMethod } from './request-options.js';
import { assignedValues } from '../../model/value-flow.js';

/**
 * A request wrapper that passes its caller's options on (`fetch(url, { ...init, redirect: 'manual' })`)
 * is bounded only if its callers pass a bound. These two halves meet in the function summaries: the
 * wrapper says which of its parameters the options come from, and every call in the project says in
 * which argument positions it passes nothing that could bound a request.
 */

/** Option names that can bound a request in some client: a caller passing one may be passing a timeout. */
const BOUNDING_KEY = /signal|timeout|dispatcher/i;
/** Positions looked at: a wrapper's options are among its first few parameters. */
const MAX_POSITION = 4;
const MAX_DEPTH = 4;

const isUndefined = (node: ts.Expression): boolean => ts.isIdentifier(node) && node.text === 'undefined';

/** `{ method: 'POST', headers }`: an object literal, written here or in a const, with no spread and no key that could bound a request. */
function isPlainOptions(expr: ts.Expression, facts: FileFacts): boolean {
  let node = unwrap(expr);
  if (ts.isIdentifier(node)) {
    const decl = facts.resolve(node.text, node);
    if (decl?.kind !== 'variable' || !decl.isConst || !decl.init || decl.init.path.length > 0) return false;
    node = unwrap(decl.init.expression);
  }
  if (!ts.isObjectLiteralExpression(node)) return false;
  return node.properties.every((prop) => !ts.isSpreadAssignment(prop) && !(prop.name && BOUNDING_KEY.test(prop.name.getText())));
}

/**
 * Argument positions (bits 0 to 3) where the call passes nothing that could bound a request: no
 * argument, `undefined`, or plain options. Past a spread argument nothing is known.
 */
export function optionlessArguments(call: ts.CallExpression, facts: FileFacts): number {
  let bits = 0;
  for (let position = 0; position < MAX_POSITION; position++) {
    const arg = call.arguments[position];
    if (arg && ts.isSpreadElement(arg)) break;
    if (!arg || isUndefined(unwrap(arg)) || isPlainOptions(arg, facts)) bits |= 1 << position;
  }
  return bits;
}

/** Values a local variable holds: its initialiser and what is assigned to it later (`current = { ...current, url }`). */
function valuesOf(decl: Declaration, facts: FileFacts): ts.Expression[] {
  return [...(decl.init && decl.init.path.length === 0 ? [decl.init.expression] : []), ...assignedValues(decl, facts)];
}

/**
 * The parameter of the function around the request that its options come from: passed whole
 * (`fetch(url, init)`), spread into them (`{ ...init, agent }`), or through a local built so
 * (`let current = { ...config, maxRedirects: 0 }; axios(current)`). The first argument counts only
 * through an object literal: a bare parameter there is the URL; the body a method sends before its
 * options (`axios.post(url, data, config)`) does not count.
 */
export function forwardedOptionsParameter(site: CallSite, facts: FileFacts): number | undefined {
  const fn = enclosingFunction(site.node);
  if (!fn) return undefined;
  const seen = new Set<ts.Node>();
  const from = (expr: ts.Expression, depth: number, viaObject: boolean): number | undefined => {
    const node = unwrap(expr);
    if (depth > MAX_DEPTH || seen.has(node)) return undefined;
    seen.add(node);
    if (ts.isObjectLiteralExpression(node)) {
      for (const prop of node.properties) {
        const found = ts.isSpreadAssignment(prop) ? from(prop.expression, depth + 1, true) : undefined;
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const decl = facts.resolve(node.text, node);
    if (decl?.kind === 'parameter') {
      const param = decl.node;
      return viaObject && decl.scope === fn && ts.isParameter(param) && !param.dotDotDotToken ? fn.parameters.indexOf(param) : undefined;
    }
    if (decl?.kind !== 'variable' || enclosingFunction(decl.node) !== fn) return undefined;
    for (const value of valuesOf(decl, facts)) {
      const found = from(value, depth + 1, viaObject);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const bodyBefore = optionsArgumentByMethod(site) ?? 0;
  for (const [position, arg] of site.node.arguments.entries()) {
    if (position > 0 && position < bodyBefore) continue;
    const found = from(arg, 0, position > 0);
    if (found !== undefined) return found;
  }
  return undefined;
}
