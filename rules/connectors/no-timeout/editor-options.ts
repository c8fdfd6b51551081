import { enclosingFunction, staticName, ts } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';

/**
 * The name a member of an object literal or class is declared under (`loadMethods = {…}`, `loadOptions: {…}`),
 * or assigned to, as compiled class fields are in the constructor (`this.loadMethods = {…}`).
 */
function memberName(node: ts.Node): string | undefined {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) return node.left.name.text;
  return ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) ? staticName(node.name) : undefined;
}

/**
 * A request in a workflow node's option loader (catalog `editorOptionLoaders`: Flowise `loadMethods`,
 * n8n `methods.loadOptions` and `listSearch`): a function held in an object kept under one of those
 * names. It fills a dropdown in the flow editor while a person configures the node; no agent step waits.
 */
export function fillsEditorOptions(site: CallSite, file: FileFacts): boolean {
  const containers = file.classifier.editorOptionLoaders ?? [];
  if (site.entry.kind !== 'http' || containers.length === 0) return false;
  for (let fn = enclosingFunction(site.node); fn; fn = enclosingFunction(fn)) {
    // The loader itself: a method or function-valued property of an object literal.
    const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) ? fn.parent : undefined;
    const holder = member?.parent && ts.isObjectLiteralExpression(member.parent) ? member.parent.parent : undefined;
    const name = holder ? memberName(holder) : undefined;
    if (name !== undefined && containers.includes(name)) return true;
  }
  return false;
}
