import { isFunctionLike, ts } from './ast.js';
import type { FileFacts } from './file-facts.js';
import { anyCondition, type ProjectCondition } from './project-conditions.js';
import { hasExportModifier, hasModifier, isExportedFunction, onlyExports } from './syntax.js';

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

/** Does the file use the name other than in its declaration and in statements that only export it? */
function usedInOwnFile(name: string, declaration: ts.Node, sourceFile: ts.SourceFile): boolean {
  const visit = (node: ts.Node): boolean => {
    if (node === declaration || ts.isExportDeclaration(node) || ts.isExportAssignment(node)) return false;
    if (ts.isIdentifier(node)) return node.text === name;
    return ts.forEachChild(node, visit) ?? false;
  };
  return sourceFile.statements.some((statement) => !onlyExports(statement, sourceFile) && visit(statement));
}

/**
 * An exported function or class that runs for nobody (roles/unreached-exports.ts), unless its own file
 * uses it (top-level code, a sibling that is exported too); never in a published library, whose exports are its API.
 */
function unreachedExport(name: string, kind: 'function' | 'class', declaration: ts.Node, facts: FileFacts): ProjectCondition | undefined {
  if (usedInOwnFile(name, declaration, facts.sourceFile)) return undefined;
  return { allOf: [{ unreachedExport: { file: facts.path, name, kind } }, { not: { libraryPackage: true } }] };
}

/** The conditions under which the named function or method around a node is never called. */
function candidate(fn: ts.Node, facts: FileFacts): ProjectCondition | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isClassDeclaration(fn.parent) && fn.parent.name && ts.isIdentifier(fn.name)) {
    const cls = fn.parent;
    const className = fn.parent.name.text;
    if (decorated(fn) || calledByConvention(cls, facts) || hasModifier(fn, ts.SyntaxKind.AbstractKeyword)) return undefined;
    // A library's classes are its API: their users call them.
    // Only `x.name`, a destructured member or a string can reach a method: a bare `name()` elsewhere is another function.
    const method: ProjectCondition = { allOf: [{ memberNeverNamed: [fn.name.text] }, { not: { libraryPackage: true } }] };
    const unreached = unreachedExport(className, 'class', cls, facts);
    return anyCondition(method, hasExportModifier(cls) ? undefined : { neverReferenced: [className] }, unreached);
  }
  // `export function f`, `export const f = …`: a caller outside the file may start it by a name we cannot
  // follow (a framework route, a handler a host loads), unless no entry reaches the file and no other file
  // names it. `export { f }` and `module.exports = { f }` mention the name again, so the project-wide
  // name set keeps it alive.
  if (ts.isFunctionDeclaration(fn) && fn.name && fn.body) {
    const unreached = unreachedExport(fn.name.text, 'function', fn, facts);
    return isExportedFunction(fn) ? unreached : anyCondition({ neverReferenced: [fn.name.text] }, unreached);
  }
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn && ts.isIdentifier(fn.parent.name)) {
    const unreached = unreachedExport(fn.parent.name.text, 'function', fn.parent, facts);
    return isExportedFunction(fn) ? unreached : anyCondition({ neverReferenced: [fn.parent.name.text] }, unreached);
  }
  return undefined;
}

/**
 * Withdraws a finding in code nothing in the project calls: the call sits in a function whose name no
 * file uses (no call, no reference, no property read, no string naming it), or in a method no file names
 * as a member (no `x.name`, no destructured member, no string: a bare `name()` elsewhere is another
 * function), so it never runs and fixing it protects no path; likewise an exported function or class of
 * an application that no entry point reaches and no other file names. Not dead: other exported functions (a framework or host may start
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
