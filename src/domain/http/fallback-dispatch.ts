import { enclosingFunction, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { helperKey } from '../../model/cross-file-helpers.js';
import { identifierKey } from '../../model/function-maps.js';
import { catchGoesOn, enclosingLoop, leavesLoopOnSuccess } from './retry.js';

/**
 * Implementations kept in an object map and called by key from a loop that goes on to the next one,
 * or tries again, when a call fails:
 *
 * ```ts
 * export const readers = { primary, mirror };                       // readers/index.ts
 * for (const name of order) {                                       // reader.ts
 *   try { return await readers[name](url); } catch (error) { last = error; }
 * }
 * ```
 *
 * Each side is seen in its own file: the map's file lists its members, the dispatcher's file the maps
 * it calls that way, both as project helper keys (`<module>#<name>`, see cross-file-helpers.ts).
 */

/**
 * `map[key](…)` inside a try, inside a loop, whose catch goes on (does not rethrow) and whose try block
 * leaves the loop on success: a failure moves to the next implementation or the next attempt.
 */
function dispatchesWithFallback(call: ts.CallExpression): ts.Identifier | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isElementAccessExpression(callee) || !ts.isIdentifier(unwrap(callee.expression))) return undefined;
  const fn = enclosingFunction(call);
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (!ts.isTryStatement(current)) continue;
    const handler = current.catchClause;
    const goesOn = !!handler && catchGoesOn(handler);
    const loop = enclosingLoop(current);
    return goesOn && loop && leavesLoopOnSuccess(current, loop) ? (unwrap(callee.expression) as ts.Identifier) : undefined;
  }
  return undefined;
}

/** Keys of the maps this file calls members of from a fallback or retry loop. */
export function fallbackDispatchedMaps(facts: FileFacts): string[] {
  const keys = new Set<string>();
  for (const call of facts.index.calls) {
    const map = dispatchesWithFallback(call);
    const key = map && identifierKey(map, facts);
    if (key) keys.add(key);
  }
  return [...keys];
}

/** `{ … } as const`, `({ … })`, `{ … } satisfies Shape`: the expression the object literal is written as. */
function outsideWrappers(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent)) current = current.parent;
  return current;
}

/**
 * The keys a map can hold the function around `node` under: a top-level function or const
 * (`export const primary = async (url) => …`), or a function written in a top-level map (`readers.primary`).
 */
export function mapMemberKeys(node: ts.Node, facts: FileFacts): string[] {
  const keys: string[] = [];
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const holder = fn.parent;
    if (ts.isFunctionDeclaration(fn) && fn.name && ts.isSourceFile(holder)) keys.push(helperKey(facts.path, fn.name.text));
    else if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) && ts.isVariableStatement(holder.parent.parent) && ts.isSourceFile(holder.parent.parent.parent)) keys.push(helperKey(facts.path, holder.name.text));
    else {
      const property = ts.isMethodDeclaration(fn) ? fn : holder && ts.isPropertyAssignment(holder) ? holder : undefined;
      const object = property?.parent;
      const declaration = object && ts.isObjectLiteralExpression(object) ? outsideWrappers(object).parent : undefined;
      const name = property?.name && staticName(property.name);
      if (name && declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) keys.push(helperKey(facts.path, `${declaration.name.text}.${name}`));
    }
  }
  return keys;
}
