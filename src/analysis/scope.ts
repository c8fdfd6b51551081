import { contains, ts } from './ast.js';
import type { Declaration, FileIndex } from './file-index.js';

/** True when the identifier reads a binding (not a property name, a label or a declaration's own name). */
export function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent) || ts.isEnumMember(parent)) && parent.name === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && (parent.name === id || parent.propertyName === id)) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent)) return false;
  return true;
}

/** Innermost visible declaration of `name` at `site`, by lexical scope. */
export function resolveName(index: FileIndex, name: string, site: ts.Node): Declaration | undefined {
  const candidates = index.declarations.get(name);
  if (!candidates) return undefined;
  let best: Declaration | undefined;
  for (const decl of candidates) {
    if (!contains(decl.scope, site)) continue;
    if (!best || contains(best.scope, decl.scope)) best = decl;
  }
  return best;
}

/** Identifiers that read the given declaration. */
export function referencesOf(index: FileIndex, decl: Declaration): ts.Identifier[] {
  const ids = index.identifiers.get(decl.name) ?? [];
  return ids.filter((id) => contains(decl.scope, id) && isReference(id) && resolveName(index, decl.name, id) === decl);
}
