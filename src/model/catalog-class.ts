import { moduleMatcher, pathMatches } from '../catalog/matcher.js';
import { ts } from './ast.js';
import type { FileFacts } from './file-facts.js';

/** The catalog entries (a module and class names) of the class a class extends directly (`class Lookup extends StructuredTool`). */
export function extendedCatalogClasses<Entry extends { readonly module: string; readonly classes: readonly string[] }>(cls: ts.ClassLikeDeclaration, entries: readonly Entry[], facts: FileFacts): Entry[] {
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || entries.length === 0) return [];
  const origin = facts.originOf(base);
  return origin ? entries.filter((e) => moduleMatcher([e.module])(origin.module) && e.classes.some((c) => pathMatches(origin.path, c))) : [];
}
