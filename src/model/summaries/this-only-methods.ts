import { enclosingClass, ts, type FunctionLike } from '../ast.js';
import { baseClassesInFile } from './class-bases.js';

/** `this.name(…)` written inside `owner` or a subclass of it in this file: a call the call graph resolves to the owner's method. */
function isOwnThisCall(use: ts.Node, owner: ts.ClassLikeDeclaration): boolean {
  const access = use.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.name !== use || access.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const call = access.parent;
  if (!call || !ts.isCallExpression(call) || call.expression !== access) return false;
  const cls = enclosingClass(access);
  return cls === owner || (!!cls && baseClassesInFile(cls).includes(owner as ts.ClassDeclaration));
}

/** The name a declaration introduces, which is no use of it. */
function isDeclarationName(node: ts.Node): boolean {
  const parent = node.parent;
  return !!parent && (ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isMethodSignature(parent) || ts.isPropertySignature(parent)) && parent.name === node;
}

/**
 * Public methods (`Class.method` keys) that this file uses only as `this.method(…)` calls inside their
 * own class or a subclass the file declares: no other mention of the name here, not as a value, a property of another object, a string
 * (`this[name]()`) or a call on an instance. If no other file of the project mentions the name either,
 * the method is private in practice and the call graph has seen all its callers.
 */
export function thisOnlyMethods(sourceFile: ts.SourceFile, candidates: ReadonlyMap<string, FunctionLike>): Set<string> {
  const owners = new Map<string, { key: string; owner: ts.ClassLikeDeclaration }[]>();
  for (const [key, fn] of candidates) {
    if (!ts.isMethodDeclaration(fn) || !ts.isClassLike(fn.parent) || !fn.name || !ts.isIdentifier(fn.name)) continue;
    const list = owners.get(fn.name.text) ?? [];
    list.push({ key, owner: fn.parent });
    owners.set(fn.name.text, list);
  }
  if (owners.size === 0) return new Set();
  const spoiled = new Set<string>();
  const called = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isStringLiteralLike(node)) {
      const name = node.text;
      const methods = owners.get(name);
      if (methods && !spoiled.has(name) && !isDeclarationName(node)) {
        const own = methods.length === 1 && ts.isIdentifier(node) && isOwnThisCall(node, (methods[0] as { owner: ts.ClassLikeDeclaration }).owner);
        if (own) called.add(name);
        else spoiled.add(name);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const found = new Set<string>();
  for (const [name, methods] of owners) if (called.has(name) && !spoiled.has(name)) for (const { key } of methods) found.add(key);
  return found;
}
