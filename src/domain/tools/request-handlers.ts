import type { AgentsCatalog } from '../../catalog/types.js';
import { isFunctionLike, staticName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import { moduleMatcher } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';

type RequestHandlerEntry = AgentsCatalog['toolRequestHandlers'][number];

/** A server-wide tool-call handler (MCP `setRequestHandler(CallToolRequestSchema, handler)`). */
export interface ToolRequestHandler {
  readonly call: ts.CallExpression;
  readonly entry: RequestHandlerEntry;
  readonly handler: FunctionLike;
}

/** The handler function: an argument, or wrapped once (`withTelemetry(async (request) => …)`). */
function handlerArgument(arg: ts.Expression | undefined, facts: FileFacts): FunctionLike | undefined {
  if (!arg) return undefined;
  const node = unwrap(arg);
  if (isFunctionLike(node)) return node;
  const local = facts.localFunction(node);
  if (local) return local;
  if (!ts.isCallExpression(node)) return undefined;
  for (const inner of node.arguments) {
    const candidate: ts.Node = unwrap(inner);
    if (isFunctionLike(candidate)) return candidate;
  }
  return undefined;
}

/** `server.setRequestHandler(CallToolRequestSchema, fn)`: recognised by the imported request schema. */
export function toolRequestHandlerOf(call: ts.CallExpression, facts: FileFacts): ToolRequestHandler | undefined {
  const callee = unwrap(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const schema = call.arguments[0];
  if (!method || !schema) return undefined;
  const schemaName = staticName(unwrap(schema)) ?? (ts.isPropertyAccessExpression(unwrap(schema)) ? (unwrap(schema) as ts.PropertyAccessExpression).name.text : undefined);
  for (const entry of facts.classifier.agents.toolRequestHandlers) {
    if (!entry.calls.includes(method) || !schemaName || !entry.requestSchemas.includes(schemaName)) continue;
    const origin = facts.originOf(schema);
    if (!origin || !moduleMatcher([entry.module])(origin.module)) continue;
    const handler = handlerArgument(call.arguments[1], facts);
    if (handler) return { call, entry, handler };
  }
  return undefined;
}

const handlersByFile = new WeakMap<ts.SourceFile, ToolRequestHandler[]>();

/** Every server-wide tool-call handler registered in the file. */
export function toolRequestHandlersIn(facts: FileFacts): ToolRequestHandler[] {
  let found = handlersByFile.get(facts.sourceFile);
  if (found) return found;
  found = facts.classifier.agents.toolRequestHandlers.length === 0 ? [] : facts.index.calls.flatMap((call) => toolRequestHandlerOf(call, facts) ?? []);
  handlersByFile.set(facts.sourceFile, found);
  return found;
}

/** Is `fn` a server-wide tool-call handler? Its first parameter holds the model's tool name and arguments. */
export function isToolRequestHandler(fn: FunctionLike, facts: FileFacts): boolean {
  return toolRequestHandlersIn(facts).some((h) => h.handler === fn);
}
