import { calleeLastName, ts, valueCarrier } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { ProjectCondition } from '../../../src/model/project-conditions.js';
import { calleeContext, calleeRef } from '../../../src/model/summaries/callee-refs.js';
import { traceRetrievedDocuments } from '../../../src/domain/vector-stores/retrieval-flow.js';

/** A call of a project function in another file whose result reaches an LLM prompt here, with nothing verifying it on the way. */
export interface ReturnedRetrieval {
  readonly call: ts.CallExpression;
  readonly callee: string;
  /** Holds unless the function's summary says it returns documents of a search nothing verified. */
  readonly unproven: ProjectCondition;
}

/**
 * `const context = await retrieve(question)` with retrieve() in lib/retrieve.ts: the search is made
 * there, the prompt here. Each such call is judged as the search would be, once the summaries tell
 * whether the function returns unverified documents (a call to anything else does not count).
 */
export function returnedRetrievals(file: FileFacts): ReturnedRetrieval[] {
  if (!file.callSites.some((site) => site.entry.kind === 'llm')) return [];
  const context = calleeContext(file);
  const found: ReturnedRetrieval[] = [];
  for (const call of file.index.calls) {
    // A result dropped on the spot (`await warmCache(q);`) goes into no prompt.
    if (file.callSiteOf(call) || file.localFunction(call.expression) || ts.isExpressionStatement(valueCarrier(call).parent)) continue;
    const ref = calleeRef(call, context, file);
    if (!ref || ref.kind === 'local') continue;
    const flow = traceRetrievedDocuments(call, file);
    if (flow.sinks.length === 0 || flow.verified) continue;
    const from = { returns: 'returnsUnverifiedRetrieval' as const, callees: [ref] };
    found.push({ call, callee: calleeLastName(call.expression) ?? 'a project function', unproven: { unprovenFlow: { file: file.path, from } } });
  }
  return found;
}
