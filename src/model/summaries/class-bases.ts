import { nameOfClass, ts } from '../ast.js';

/** How many `extends` steps to follow: a tool hierarchy is two or three deep. */
const MAX_DEPTH = 5;

const bases = new WeakMap<ts.ClassLikeDeclaration, readonly ts.ClassLikeDeclaration[]>();

/** The top-level class of the file declared under this name, if any: `class Name` or a bundle's `var Name = class`. */
function classNamed(sourceFile: ts.SourceFile, name: string): ts.ClassLikeDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) return statement;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (init && ts.isClassExpression(init) && nameOfClass(init) === name) return init;
    }
  }
  return undefined;
}

/**
 * The classes `cls` extends that the same file declares, nearest first: `class ListDrafts extends
 * BaseGmailTool` gives BaseGmailTool, and its own base if the file declares that too. A base imported
 * from elsewhere ends the chain.
 */
export function baseClassesInFile(cls: ts.ClassLikeDeclaration): readonly ts.ClassLikeDeclaration[] {
  const known = bases.get(cls);
  if (known) return known;
  const found: ts.ClassLikeDeclaration[] = [];
  let current: ts.ClassLikeDeclaration = cls;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const heritage = current.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const base = heritage && ts.isIdentifier(heritage) ? classNamed(cls.getSourceFile(), heritage.text) : undefined;
    if (!base || base === cls || found.includes(base)) break;
    found.push(base);
    current = base;
  }
  bases.set(cls, found);
  return found;
}
