import type { FunctionLike } from '../ast.js';
import { bundledLinesOf } from '../bundled-regions.js';
import type { FileFacts } from '../file-facts.js';

const NONE: ReadonlySet<FunctionLike> = new Set();

/**
 * The functions of a bundle that sit in code it copied in from a dependency (bundled-regions.ts). Their
 * effects still count (a copied HTTP client reaches the network), but what they do with untrusted
 * values is not traced: a flow through a dependency is not followed when it is imported either, and
 * no rule reports in copied code.
 */
export function copiedFunctions(facts: FileFacts): ReadonlySet<FunctionLike> {
  const copied = bundledLinesOf(facts.sourceFile);
  if (!copied) return NONE;
  const { sourceFile } = facts;
  return new Set(facts.index.functions.filter((fn) => copied(sourceFile.getLineAndCharacterOfPosition(fn.getStart(sourceFile)).line + 1)));
}
