import type { ToolDefinition } from '../../catalog/types.js';
import { isFunctionLike, staticName, ts, unwrap, type FunctionLike } from '../ast.js';
import { moduleMatcher, pathMatches } from '../classify.js';
import type { FileFacts } from '../facts.js';
import type { InventoryTool } from './types.js';
import { argumentProperty, calleeLastName, lineOf, stringValue } from './values.js';

const HANDLER_KEYS = ['execute', 'func', 'handler', 'run', 'invoke', 'call'];

/** A tool definition call or constructor, by import (`tool` from 'ai', `server.tool` from the MCP SDK…). */
export function toolDefinitionOf(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): ToolDefinition | undefined {
  const name = calleeLastName(call.expression);
  const definitions = facts.classifier.agents.toolDefinitions;
  if (!name || !definitions.some((d) => d.calls.includes(name))) return undefined;
  const origin = facts.originOf(call.expression);
  if (!origin) return undefined;
  return definitions.find((d) => moduleMatcher([d.module])(origin.module) && d.calls.some((c) => pathMatches(origin.path, c)));
}

/** The function the model's arguments reach: a function argument, or an execute/func/handler option. */
export function toolHandler(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): FunctionLike | undefined {
  for (const arg of call.arguments ?? []) {
    const node = unwrap(arg);
    if (isFunctionLike(node)) return node;
  }
  for (const key of HANDLER_KEYS) {
    const value = argumentProperty(call, key);
    if (!value) continue;
    const node = unwrap(value);
    if (isFunctionLike(node)) return node;
    const local = facts.localFunction(node);
    if (local) return local;
  }
  return undefined;
}

/** The tool's name: a `name` option, a leading string argument, or the key it is assigned to. */
export function toolName(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): string | null {
  const named = stringValue(argumentProperty(call, 'name'), facts) ?? stringValue(call.arguments?.[0], facts);
  if (named) return named;
  // AI SDK style: tools: { getWeather: tool({...}) }
  const parent = call.parent;
  return parent && ts.isPropertyAssignment(parent) ? (staticName(parent.name) ?? null) : null;
}

function hasSchema(call: ts.CallExpression | ts.NewExpression, definition: ToolDefinition): boolean {
  if (definition.schemaKeys.some((key) => argumentProperty(call, key) !== undefined)) return true;
  if (!definition.positionalSchema) return false;
  // MCP: tool(name, [description], paramsSchema, handler): something that is not a string before the handler.
  const args = [...(call.arguments ?? [])].map((a) => unwrap(a));
  const handlerIndex = args.findIndex(isFunctionLike);
  return args.slice(1, handlerIndex < 0 ? args.length : handlerIndex).some((a) => !ts.isStringLiteralLike(a));
}

function words(text: string): string[] {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
}

/**
 * The tool's name or a call in its handler starts with a world-changing verb (delete…, send…, pay…,
 * exec…). Only the leading word counts: getCancelSignal reads, it does not cancel.
 */
export function startsWithDestructiveVerb(text: string, facts: FileFacts): boolean {
  return facts.classifier.agents.destructiveVerbs.includes(words(text)[0] ?? '');
}

export function isDestructiveTool(name: string | null, handler: FunctionLike | undefined, facts: FileFacts): boolean {
  const leadingVerb = (text: string): boolean => startsWithDestructiveVerb(text, facts);
  if (name && leadingVerb(name)) return true;
  if (!handler?.body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = calleeLastName(node.expression);
      if (callee && leadingVerb(callee)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(handler.body);
  return found;
}

export function collectTools(facts: FileFacts): InventoryTool[] {
  const tools: InventoryTool[] = [];
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    const definition = toolDefinitionOf(call, facts);
    if (!definition) continue;
    const name = toolName(call, facts);
    const handler = toolHandler(call, facts);
    tools.push({ file: facts.path, line: lineOf(call, facts), name, framework: definition.id, schemaValidated: hasSchema(call, definition), destructive: isDestructiveTool(name, handler, facts) });
  }
  return tools.sort((a, b) => a.line - b.line);
}
