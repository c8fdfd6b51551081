import { posix } from 'node:path';
import { isFunctionLike, ts, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';
import { hasExportModifier } from './syntax.js';

/**
 * Project helpers across files: a function exported by one file and imported by a relative path in
 * another, named `<module path without extension>#<export name>` so both sides compute the same key.
 */
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

function moduleKey(path: string): string {
  const withoutExtension = path.replace(SOURCE_EXTENSION, '');
  return withoutExtension.endsWith('/index') ? withoutExtension.slice(0, -'/index'.length) : withoutExtension;
}

export function helperKey(filePath: string, exportName: string): string {
  return `${moduleKey(posix.normalize(filePath))}#${exportName}`;
}

/** The key of the project helper `callee` names, when it is imported from a relative module. */
export function importedHelperKey(callee: ts.Expression, facts: FileFacts): string | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const decl = facts.resolve(callee.text, callee);
  const from = decl?.kind === 'import' ? decl.importFrom : undefined;
  if (!from || !from.module.startsWith('.') || from.imported === '*') return undefined;
  return helperKey(posix.join(posix.dirname(facts.path), from.module), from.imported);
}

/** Exported functions of the file: `export function f`, `export const f = () => …`. */
export function exportedFunctions(facts: FileFacts): { name: string; fn: FunctionLike }[] {
  const found: { name: string; fn: FunctionLike }[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && hasExportModifier(statement)) found.push({ name: statement.name.text, fn: statement });
    if (ts.isVariableStatement(statement) && hasExportModifier(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (ts.isIdentifier(decl.name) && decl.initializer && isFunctionLike(decl.initializer)) found.push({ name: decl.name.text, fn: decl.initializer });
      }
    }
  }
  return found;
}

/** Keys of the exported functions whose body satisfies `test` (e.g. retries in a loop). */
export function exportedHelperKeys(facts: FileFacts, test: (fn: FunctionLike) => boolean): string[] {
  return exportedFunctions(facts)
    .filter(({ fn }) => fn.body !== undefined && test(fn))
    .map(({ name }) => helperKey(facts.path, name));
}
