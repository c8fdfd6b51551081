import { receivingCall, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/**
 * The read callback of a resource a server hands to an agent's host as context (`server.resource(name,
 * uri, meta, async (uri) => …)` of the MCP SDK: the catalog's agents.contextResources). What it answers,
 * the host puts before the model as it is.
 */
export function isContextResourceReader(fn: FunctionLike, facts: FileFacts): boolean {
  const call = receivingCall(fn);
  if (!call || !ts.isCallExpression(call) || !call.arguments.some((arg) => unwrap(arg) === fn)) return false;
  const origin = facts.originOf(call.expression);
  return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(facts.classifier.agents.contextResources, origin);
}
