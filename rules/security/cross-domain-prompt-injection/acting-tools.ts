import { isFunctionLike, ts, unwrap, walk } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { argumentProperty } from '../../../src/inventory/values.js';
import { definedTools } from '../../../src/domain/tools/tool-definitions.js';
import { isDestructiveTool } from '../../../src/domain/tools/destructive-calls.js';
import { isReference } from '../../../src/model/scope.js';

/** The LLM call or agent constructor an instruction slot is an option or a message of. */
function holdingCall(slot: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  for (let node: ts.Node | undefined = slot.parent; node && !isFunctionLike(node); node = node.parent) {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some((arg) => arg.pos <= slot.pos && slot.end <= arg.end)) return node;
  }
  return undefined;
}

/** The `tools` option and the declarations it names, a couple of hops deep (`tools: { send: sendTool }`, `tools: agentTools`). */
function toolNodes(value: ts.Expression, facts: FileFacts): ts.Node[] {
  const nodes: ts.Node[] = [value];
  const follow = (child: ts.Node): boolean => {
    if (ts.isIdentifier(child) && isReference(child)) {
      const init = facts.resolve(child.text, child)?.init?.expression;
      if (init && !nodes.includes(init)) nodes.push(init);
    }
    return !isFunctionLike(child);
  };
  for (let i = 0; i < nodes.length && nodes.length < 20; i++) {
    const node = nodes[i] as ts.Node;
    if (follow(node)) walk(node, follow);
  }
  return nodes;
}

/**
 * Does the model steered by this instruction slot act on the server through tools defined in this
 * file that change or send something (a destructive verb in the tool's name or handler)? Then text
 * the requester splices into the operator's instructions governs what the operator's tools do with
 * the server's credentials; without such tools, the requester only rewrites their own conversation.
 */
export function governsActingTools(slot: ts.Expression, facts: FileFacts): boolean {
  const call = holdingCall(slot);
  const tools = call && argumentProperty(call, 'tools');
  if (!tools) return false;
  const nodes = toolNodes(unwrap(tools), facts);
  for (const tool of definedTools(facts)) {
    if (!nodes.some((node) => node.pos <= tool.call.pos && tool.call.end <= node.end)) continue;
    if (isDestructiveTool(tool.name, tool.handler, facts)) return true;
  }
  return false;
}
