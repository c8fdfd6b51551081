import { isFunctionLike, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { argumentProperty } from '../../inventory/values.js';
import { toolDefinitionOf } from './tool-definitions.js';

/** Calls that hand each element of a collection to their callback. */
const ITERATING = new Set(['map', 'forEach', 'flatMap', 'reduce', 'filter']);

/** The declaration is an element of a collection being walked: a `for…of` variable, or a parameter of a `map`/`forEach` callback. */
function isCollectionElement(node: ts.Node): boolean {
  let decl: ts.Node = node;
  while (ts.isBindingElement(decl) || ts.isObjectBindingPattern(decl) || ts.isArrayBindingPattern(decl)) decl = decl.parent;
  if (ts.isVariableDeclaration(decl)) {
    const list = decl.parent;
    return ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list;
  }
  if (!ts.isParameter(decl) || !isFunctionLike(decl.parent)) return false;
  const call = decl.parent.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(decl.parent as ts.Expression)) return false;
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && ITERATING.has(callee.name.text);
}

/** `tool.name`, `t.description ?? ''`, `name`: a value read from an element of a collection being walked. */
function readsElement(expr: ts.Expression | undefined, facts: FileFacts): boolean {
  if (!expr) return false;
  let node = unwrap(expr);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) node = unwrap(node.left);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) node = unwrap(node.expression);
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  return decl !== undefined && (decl.kind === 'parameter' || decl.kind === 'variable') && isCollectionElement(decl.node);
}

/**
 * A tool definition that copies tools defined elsewhere, one per element of a collection: its name or
 * description is read from the element (`for (const tool of start.tools) server.tool(tool.name,
 * tool.description ?? '', shape, relay)`, `mcpTools.map((t) => tool({ description: t.description, … }))`).
 * A bridge or adapter relaying a host's tools owns no agent behaviour through them.
 */
export function relaysToolDefinitions(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  const definition = toolDefinitionOf(call, facts);
  if (!definition) return false;
  const args = call.arguments ?? [];
  const positional = definition.positionalSchema ? [args[0], args[1]] : [];
  return [argumentProperty(call, 'name'), argumentProperty(call, 'description'), ...positional].some((expr) => readsElement(expr, facts));
}
