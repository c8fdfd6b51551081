import { isToolRequestHandler } from '../../../src/domain/tools/request-handlers.js';
import { enclosingFunction, isFunctionLike, ts, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { toolDefinitionCallOf, toolName } from '../../../src/domain/tools/tool-definitions.js';
import { argumentProperty, stringValue } from '../../../src/inventory/values.js';
import { untrustedFlowsInto, type UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';

/** One function the value passed through on its way from a tool's arguments to the sink. */
export interface FlowStep {
  readonly scope: FunctionLike;
  readonly flow: UntrustedFlow;
  /** Where the value goes in this function: the sink's path argument, or the argument handed to the next helper. */
  readonly target: ts.Expression;
}

/** A tool argument that reaches an expression, possibly through same-file helper calls. */
export interface ToolArgumentFlow {
  readonly tool: string | null;
  /** Handler first, then each helper down to the function holding the expression. */
  readonly steps: readonly FlowStep[];
}

/** How many same-file helper calls a tool argument may pass through. */
const MAX_HELPER_DEPTH = 2;

function parameterIndex(node: ts.Node, fn: FunctionLike): number {
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (ts.isParameter(current) && current.parent === fn) return fn.parameters.indexOf(current);
  }
  return -1;
}

function toolOfHandler(handler: FunctionLike, facts: FileFacts): { name: string | null } | undefined {
  if (isToolRequestHandler(handler, facts)) return { name: null };
  const call = toolDefinitionCallOf(handler, facts);
  if (!call) return undefined;
  // Mastra and VoltAgent name tools with `id`; `export const readNote = tool({…})` names it by its variable.
  const variable = call.parent && ts.isVariableDeclaration(call.parent) && ts.isIdentifier(call.parent.name) ? call.parent.name.text : undefined;
  return { name: toolName(call, facts) ?? stringValue(argumentProperty(call, 'id'), facts) ?? variable ?? null };
}

/**
 * Tool arguments (the model's input) that reach `expr`: directly inside the tool's handler, or through
 * parameters of same-file helpers the handler calls with them (followed up to MAX_HELPER_DEPTH calls).
 */
export function toolArgumentFlowsInto(expr: ts.Expression, facts: FileFacts, depth = 0): ToolArgumentFlow[] {
  const scope = enclosingFunction(expr);
  if (!scope) return [];
  // Only a helper called by name in this file: a callback's parameter (`files.map((f) => …)`) is traced by its receiver.
  const followsCallers = depth < MAX_HELPER_DEPTH && !toolOfHandler(scope, facts) && facts.callersOf(scope).length > 0;
  const isHelperParameter = (node: ts.Node): boolean => followsCallers && parameterIndex(node, scope) >= 0;
  const flows = untrustedFlowsInto(expr, facts, { parameterSource: (decl) => (isHelperParameter(decl.node) ? 'tool-input' : undefined) });
  const result: ToolArgumentFlow[] = [];
  for (const flow of flows) {
    if (flow.kind !== 'tool-input') continue;
    const handler = enclosingFunction(flow.source);
    const tool = handler && isFunctionLike(handler) ? toolOfHandler(handler, facts) : undefined;
    if (handler && tool) {
      result.push({ tool: tool.name, steps: [{ scope: handler, flow, target: expr }] });
      continue;
    }
    const index = parameterIndex(flow.source, scope);
    if (index < 0) continue;
    for (const caller of facts.callersOf(scope)) {
      const argument = caller.arguments[index];
      if (!argument) continue;
      for (const upstream of toolArgumentFlowsInto(argument, facts, depth + 1)) {
        result.push({ tool: upstream.tool, steps: [...upstream.steps, { scope, flow, target: expr }] });
      }
    }
  }
  return result;
}
