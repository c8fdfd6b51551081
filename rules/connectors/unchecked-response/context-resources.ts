import { callTakingFunction, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { registrationOnUntypedParameter } from '../../../src/domain/tools/tool-definitions.js';

/**
 * The read callback of a resource a server hands to an agent's host as context (`server.resource(name,
 * uri, meta, async (uri) => …)` of the MCP SDK: the catalog's agents.contextResources). What it answers,
 * the host puts before the model as it is. In compiled JavaScript the server is often a plain parameter
 * (`export function registerDocs(server) { server.resource(…) }`), known by the registration's shape.
 */
export function isContextResourceReader(fn: FunctionLike, facts: FileFacts): boolean {
  const call = callTakingFunction(fn);
  if (!call) return false;
  const resources = facts.classifier.agents.contextResources;
  const origin = facts.originOf(call.expression);
  if (origin) return origin.module !== 'globalThis' && facts.classifier.matches(resources, origin);
  // Compiled JavaScript of a `registerResource(server)` module: known by the registration's shape.
  const method = registrationOnUntypedParameter(call, facts);
  return method !== undefined && resources.some((entry) => entry.calls.includes(method));
}
