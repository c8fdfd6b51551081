import { staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { isFalse } from './approval-option.js';

/** Tool names compare without case or separators: `send_email` in `interruptOn` is the `sendEmail` tool. */
export const normaliseToolName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Every tool is held for approval. */
export const ALL_TOOLS = '*';

/**
 * The tools an agent's own options in this file hold for a person's approval, normalised (`ALL_TOOLS` for
 * all): `toolApproval: { deleteFile: 'user-approval' }`, `interruptOn: { send_email: true }` (a name set
 * to false is not held), `interruptBefore: ['tools']`, `requireToolApproval: true` (the catalog's
 * `humanApproval.agentOptions`). The agent is often set up in another file than its tools.
 */
export function agentOptionApprovals(file: FileFacts): string[] {
  const approved = new Set<string>();
  const keys = file.classifier.humanApproval.agentOptions;
  for (const node of file.index.properties) {
    const key = staticName(node.name);
    if (!key || !keys.includes(key)) continue;
    const value = ts.isPropertyAssignment(node) ? unwrap(node.initializer) : node.name;
    if (isFalse(value)) continue;
    if (!ts.isObjectLiteralExpression(value)) {
      approved.add(ALL_TOOLS);
      continue;
    }
    for (const prop of value.properties) {
      const name = staticName(prop.name);
      if (name && !(ts.isPropertyAssignment(prop) && isFalse(unwrap(prop.initializer)))) approved.add(normaliseToolName(name));
    }
  }
  return [...approved].sort();
}

/** Is a tool of this name (null: unnamed) among those approvals? */
export function isApprovedTool(name: string | null, approved: ReadonlySet<string>): boolean {
  if (approved.size === 0) return false;
  return approved.has(ALL_TOOLS) || name === null || approved.has(normaliseToolName(name));
}
