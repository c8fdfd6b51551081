import { staticName, ts, type FunctionLike } from './ast.js';

/** The node carries this modifier keyword (`export`, `default`, `abstract`, `static`…). */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** `export function f`, `export const x = …`, `export class C`: the node carries the export keyword. */
export function hasExportModifier(node: ts.Node): boolean {
  return hasModifier(node, ts.SyntaxKind.ExportKeyword);
}

/** `exports.x = …`, `module.exports.x = …`: a CommonJS named export. `module.exports = …`: the default. */
export function commonJsExport(expression: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  const target = expression.expression;
  if (ts.isIdentifier(target) && target.text === 'exports') return expression.name.text;
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports') return expression.name.text;
  if (ts.isIdentifier(target) && target.text === 'module' && expression.name.text === 'exports') return 'default';
  return undefined;
}

/** `export function f() {}` or `export const f = () => …`: the statement declaring the function is exported. */
export function isExportedFunction(fn: FunctionLike): boolean {
  const statement = ts.isFunctionDeclaration(fn) ? fn : fn.parent?.parent?.parent;
  return statement !== undefined && hasExportModifier(statement);
}

/** The value of `key` in an object literal: the initializer of `key: value`, or the name of a shorthand `{ key }`. */
export function propertyValue(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const prop = obj.properties.find((p) => staticName(p.name) === key);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
}

/** A specifier that names a module of the project, not a package: relative, absolute, or an alias (`@/lib/db`, `~/`, `#db`, `$lib`). */
export const isProjectSpecifier = (module: string): boolean => /^(?:\.|\/|[@~#$]\/|#|\$lib)/.test(module);

/** The module of `require('m')` or `import('m')` when it is a string literal. */
export function requiredModule(call: ts.CallExpression): string | undefined {
  const arg = call.arguments[0];
  if (!arg || !ts.isStringLiteral(arg)) return undefined;
  const callee = call.expression;
  if ((ts.isIdentifier(callee) && callee.text === 'require') || callee.kind === ts.SyntaxKind.ImportKeyword) return arg.text;
  return undefined;
}

/** `export { a }`, `export default a`, `module.exports = { a }`, `exports.a = a`: statements that only export. */
export function onlyExports(statement: ts.Statement, sourceFile: ts.SourceFile): boolean {
  if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) return true;
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = statement.expression.left.getText(sourceFile);
  return target === 'module.exports' || target.startsWith('module.exports.') || target.startsWith('exports.');
}

/** The directive prologue of a file or function body (`'use server'`, `'use strict'`): its leading string statements. */
export function leadingDirectives(statements: readonly ts.Statement[]): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    found.push(statement.expression.text);
  }
  return found;
}
