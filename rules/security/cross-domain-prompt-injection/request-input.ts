import { calleeLastName, enclosingFunction, ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isSplicedIntoText } from './prompt-fencing.js';
import { isCheckedIn, untrustedFlowsInto, type UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';

/** `MODES.includes(mode)`, `allowed.has(mode)`: the request value was checked against a fixed set. */
function isAllowListCheck(call: ts.CallExpression, facts: FileFacts): boolean {
  return facts.classifier.promptInjection.allowListMethods.includes(calleeLastName(call.expression) ?? '');
}

/**
 * HTTP request input written into an instruction slot. A request value that only picks an entry
 * (`PROMPTS[req.body.mode]`) chooses among the operator's texts and is not traced; one checked
 * against an allow-list in the same function is cleared (isAllowListed). Schema validation is not: a string that
 * passes `z.string()` is still the sender's text.
 */
export function requestInputInto(slot: ts.Expression, facts: FileFacts): UntrustedFlow[] {
  return untrustedFlowsInto(slot, facts, { isBarrier: (call) => isProjectHelperCall(call, facts) }).filter((flow) => flow.kind === 'request');
}

/**
 * `systemPrompt({ selectedChatModel })` imported from another file of the project: whether it splices
 * the value or only branches on it is not visible from here, so its result is not taken as request text.
 */
function isProjectHelperCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const origin = facts.originOf(call.expression);
  return !!origin && facts.classifier.endpointAuth.projectModulePrefixes.some((prefix) => origin.module.startsWith(prefix));
}

/** The request value is the whole prompt (a client-written system prompt), not spliced into the operator's text. */
export function isWholePrompt(slot: ts.Expression, flow: UntrustedFlow, facts: FileFacts): boolean {
  return !isSplicedIntoText(slot, flow, facts);
}

export function isAllowListed(slot: ts.Expression, flow: UntrustedFlow, facts: FileFacts): boolean {
  return isCheckedIn(enclosingFunction(slot) ?? facts.sourceFile, flow, facts, isAllowListCheck);
}
