import { isFunctionLike, staticName, ts, unwrap, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';
import { helperKey, importedHelperKey } from './cross-file-helpers.js';

/**
 * Top-level maps of functions (`const handlers = { primary, mirror: readMirror, run: async (x) => … }`),
 * named by project helper keys (`<module>#<name>`, see cross-file-helpers.ts) so that the file that
 * defines a map and the file that calls its members by key compute the same names.
 */

export interface FunctionMapEntry {
  /** The property name (`mirror`, `'refund_order'`); undefined for a computed one. */
  readonly name: string | undefined;
  readonly property: ts.ObjectLiteralElementLike;
  /** The member's helper key: of the imported or same-file function it names, or `map.member` for one written in place. */
  readonly key: string;
  /** The function when this file has its body: written in place, or a function of this file it names. */
  readonly fn?: FunctionLike;
  /** The name of the function it names (`readMirror` of `mirror: readMirror`), when it names one. */
  readonly valueName?: string;
}

export interface FunctionMap {
  readonly key: string;
  readonly entries: readonly FunctionMapEntry[];
}

/** The key of a map or function `id` names: imported from a relative module, or a function or variable of this file. */
export function identifierKey(id: ts.Identifier, facts: FileFacts): string | undefined {
  const imported = importedHelperKey(id, facts);
  if (imported) return imported;
  const decl = facts.resolve(id.text, id);
  return decl && (decl.kind === 'function' || decl.kind === 'variable') ? helperKey(facts.path, id.text) : undefined;
}

/** A function value of a map: an imported function, one of this file, or a function written in place (`map.member`). */
function entryOf(mapName: string, property: ts.ObjectLiteralElementLike, facts: FileFacts): FunctionMapEntry | undefined {
  const name = property.name && staticName(property.name);
  if (ts.isShorthandPropertyAssignment(property)) return named(name, property, property.name, facts);
  if (ts.isMethodDeclaration(property)) return name ? { name, property, key: helperKey(facts.path, `${mapName}.${name}`), fn: property } : undefined;
  if (!ts.isPropertyAssignment(property)) return undefined;
  const value = unwrap(property.initializer);
  if (ts.isIdentifier(value)) return named(name, property, value, facts);
  return isFunctionLike(value) && name ? { name, property, key: helperKey(facts.path, `${mapName}.${name}`), fn: value } : undefined;
}

function named(name: string | undefined, property: ts.ObjectLiteralElementLike, value: ts.Identifier, facts: FileFacts): FunctionMapEntry | undefined {
  const key = identifierKey(value, facts);
  if (!key) return undefined;
  const fn = facts.localFunction(value);
  return { name, property, key, valueName: value.text, ...(fn ? { fn } : {}) };
}

/** Top-level `const map = { a, b: helper, c: async () => … }` (also `as const` / `satisfies`), each with its function members. */
export function functionMapsOf(facts: FileFacts): FunctionMap[] {
  const maps: FunctionMap[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      const value = decl.initializer && unwrap(decl.initializer);
      if (!ts.isIdentifier(decl.name) || !value || !ts.isObjectLiteralExpression(value)) continue;
      const name = decl.name.text;
      const entries = value.properties.map((p) => entryOf(name, p, facts)).filter((entry): entry is FunctionMapEntry => entry !== undefined);
      if (entries.length > 0) maps.push({ key: helperKey(facts.path, name), entries });
    }
  }
  return maps;
}
