import { isFunctionLike, ts } from './ast.js';
import type { FileFacts } from './file-facts.js';
import type { ProjectCondition } from './project-facts.js';
import { hasExportModifier, isExportedFunction } from './syntax.js';

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean => (ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).some((m) => m.kind === kind) : false);
const decorated = (node: ts.Node): boolean => ts.canHaveDecorators(node) && (ts.getDecorators(node) ?? []).length > 0;

/** A class whose methods a library or framework may call by name: it extends a base class, implements an imported interface, or is decorated. */
function calledByConvention(cls: ts.ClassDeclaration, facts: FileFacts): boolean {
  if (decorated(cls)) return true;
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) return true;
    for (const type of clause.types) {
      let root: ts.Expression = type.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      const from = ts.isIdentifier(root) ? facts.resolve(root.text, root)?.importFrom?.module : undefined;
      if (from !== undefined && !from.startsWith('.')) return true;
    }
  }
  return false;
}

/** The conditions under which the named function or method around a node is never called. */
function candidate(fn: ts.Node, facts: FileFacts): ProjectCondition | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent) && fn.parent.name && ts.isIdentifier(fn.name)) {
    const cls = fn.parent;
    const className = fn.parent.name.text;
    if (decorated(fn) || calledByConvention(cls, facts) || hasModifier(fn, ts.SyntaxKind.AbstractKeyword)) return undefined;
    // A library's classes are its API: their users call them.
    const method: ProjectCondition = { allOf: [{ neverReferenced: [fn.name.text] }, { not: { libraryPackage: true } }] };
    return hasExportModifier(cls) ? method : { anyOf: [method, { neverReferenced: [className] }] };
  }
  // `export function f`, `export const f = …`: a caller outside the file may start it by a name we cannot
  // follow (a framework route, a handler a host loads). `export { f }` and `module.exports = { f }`
  // mention the name again, so the project-wide name set keeps it alive.
  if (ts.isFunctionDeclaration(fn) && fn.name && fn.body) return isExportedFunction(fn) ? undefined : { neverReferenced: [fn.name.text] };
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn && ts.isIdentifier(fn.parent.name)) {
    return isExportedFunction(fn) ? undefined : { neverReferenced: [fn.parent.name.text] };
  }
  return undefined;
}

/**
 * Withdraws a finding in code nothing in the project calls: the call sits in a function or method
 * whose name no file uses (no call, no reference, no property read, no string naming it), so it never
 * runs and fixing it protects no path. Not dead: exported functions (a framework or host may start
 * them by name), methods of classes that extend a base class, implement an imported interface or are
 * decorated (the library calls them), abstract methods, and any method of a published library's classes.
 * A call inside a callback is dead when a named function around it is.
 */
export function deadCodeCondition(node: ts.Node, facts: FileFacts): ProjectCondition | undefined {
  const found: ProjectCondition[] = [];
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const condition = candidate(current, facts);
    if (condition) found.push(condition);
  }
  return found.length === 0 ? undefined : found.length === 1 ? found[0] : { anyOf: found };
}
