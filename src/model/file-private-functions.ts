import { ts, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';
import { isExportedFunction } from './syntax.js';

/**
 * A function only its own file can call, so `facts.callersOf(fn)` are all its callers: a class's
 * `private m()` / `#m()`, or a function the module keeps to itself and names only where it calls it
 * (passed on as a value, a callback or an export list, it may be called from anywhere).
 */
export function isCalledOnlyInFile(fn: FunctionLike, facts: FileFacts): boolean {
  if (ts.isMethodDeclaration(fn)) {
    const isPrivate = ts.isPrivateIdentifier(fn.name) || (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
    return isPrivate && ts.isClassLike(fn.parent);
  }
  if (isExportedFunction(fn)) return false;
  const name = ts.isFunctionDeclaration(fn) ? fn.name : fn.parent && ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  const decl = name && facts.resolve(name.text, name);
  if (!decl) return false;
  return facts.references(decl).every((ref) => ts.isCallExpression(ref.parent) && ref.parent.expression === ref);
}
