import type { HumanApprovalCatalog } from '../../catalog/types.js';
import { ts, unwrap } from '../../model/ast.js';
import { argumentProperty } from '../../inventory/values.js';

export const isFalse = (node: ts.Node): boolean => node.kind === ts.SyntaxKind.FalseKeyword;

/** `false`, or a function that answers false whatever it is asked (`async () => false`). */
export function alwaysFalse(value: ts.Expression): boolean {
  const node = unwrap(value);
  return isFalse(node) || (ts.isArrowFunction(node) && !ts.isBlock(node.body) && isFalse(unwrap(node.body)));
}

/**
 * `needsApproval: true`, `requireApproval: async (…) => …` on a tool definition (the catalog's
 * `humanApproval.toolOptions`): a person approves each call before it runs. Anything but a literal false.
 */
export function hasApprovalOption(call: ts.CallExpression | ts.NewExpression, catalog: HumanApprovalCatalog): boolean {
  return catalog.toolOptions.some((key) => {
    const value = argumentProperty(call, key);
    return value !== undefined && !alwaysFalse(value);
  });
}
