import { isFunctionLike, staticName, ts, unwrap, type FunctionLike } from './ast.js';
import { commonJsExport, hasModifier } from './syntax.js';

/** What a module exports under one name: a value, written as an expression, or a function. */
export type ExportedNode = { readonly value: ts.Expression } | { readonly fn: FunctionLike };

function nodeOf(value: ts.Expression): ExportedNode {
  const inner = unwrap(value);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) ? { fn: inner } : { value };
}

/** Module-level `const x = …` and `function f()`: what a name exported later stands for. */
function moduleLocals(sourceFile: ts.SourceFile): Map<string, ExportedNode> {
  const locals = new Map<string, ExportedNode>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && statement.name) locals.set(statement.name.text, { fn: statement });
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) locals.set(declaration.name.text, nodeOf(declaration.initializer));
    }
  }
  return locals;
}

/** What a value exported by expression stands for: the module-level declaration it names (`module.exports = openai`), or itself. */
function exportedNode(value: ts.Expression, locals: ReadonlyMap<string, ExportedNode>): ExportedNode {
  const inner = unwrap(value);
  return (ts.isIdentifier(inner) ? locals.get(inner.text) : undefined) ?? nodeOf(value);
}

/** `module.exports = { client, llm: new OpenAI() }`: each property is a named export. */
function objectExports(literal: ts.ObjectLiteralExpression, locals: ReadonlyMap<string, ExportedNode>, into: Map<string, ExportedNode>): void {
  for (const property of literal.properties) {
    if (ts.isShorthandPropertyAssignment(property)) {
      const local = locals.get(property.name.text);
      if (local) into.set(property.name.text, local);
    } else if (ts.isPropertyAssignment(property)) {
      const name = staticName(property.name);
      if (name !== undefined) into.set(name, exportedNode(property.initializer, locals));
    } else if (ts.isMethodDeclaration(property) && isFunctionLike(property)) {
      const name = staticName(property.name);
      if (name !== undefined && property.body) into.set(name, { fn: property });
    }
  }
}

/**
 * What a module exports, by name, in the forms that share a client: `export const x = …`, `export function
 * f()`, `export { x as y }`, `export default x`, and CommonJS `module.exports = x`, `module.exports = { a, b }`,
 * `exports.x = …` (a whole-module export is named `default`, as an interop import reads it).
 */
export function exportedValues(sourceFile: ts.SourceFile): Map<string, ExportedNode> {
  const locals = moduleLocals(sourceFile);
  const exported = new Map<string, ExportedNode>();
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (isDefault || statement.name) exported.set(isDefault ? 'default' : (statement.name as ts.Identifier).text, { fn: statement });
    } else if (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) exported.set(declaration.name.text, nodeOf(declaration.initializer));
      }
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        const local = locals.get((element.propertyName ?? element.name).text);
        if (local && !element.isTypeOnly) exported.set(element.name.text, local);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      const local = locals.get(statement.expression.text);
      if (local) exported.set('default', local);
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const name = commonJsExport(unwrap(statement.expression.left));
      if (name === undefined) continue;
      const value = unwrap(statement.expression.right);
      if (name === 'default' && ts.isObjectLiteralExpression(value)) objectExports(value, locals, exported);
      else exported.set(name, exportedNode(statement.expression.right, locals));
    }
  }
  return exported;
}
