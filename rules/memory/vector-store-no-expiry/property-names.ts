import { enclosingFunction, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/**
 * Every property name written or read in the value of `expr`: object-literal keys, member names,
 * destructured keys, followed through identifiers to their initialisers (bounded depth). Used to ask
 * "does this write carry an expiresAt?" without a type checker.
 */
export function propertyNamesIn(expr: ts.Node, facts: FileFacts, depth = 0, seen = new Set<ts.Node>()): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isPropertyAccessExpression(node) || ts.isBindingElement(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(ts.isBindingElement(node) ? node.propertyName ?? node.name : node.name);
      if (name) names.add(name);
    }
    if (ts.isIdentifier(node) && depth < 3) {
      const decl = facts.resolve(node.text, node);
      if (decl?.init && !seen.has(decl.init.expression)) {
        for (const name of propertyNamesIn(decl.init.expression, facts, depth + 1, seen)) names.add(name);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(unwrap(expr as ts.Expression));
  return names;
}

/** Property names used anywhere in the function enclosing `node` (or the file's top level). */
export function propertyNamesAround(node: ts.Node, facts: FileFacts): Set<string> {
  const scope = enclosingFunction(node) ?? facts.sourceFile;
  return propertyNamesIn(scope, facts);
}
