import { ts } from '../../../src/model/ast.js';
import { returnedExpressions } from '../../../src/model/value-flow.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { serverActions } from '../../../src/domain/routes/registered-routes.js';
import type { ResponseSink } from './disclosed-capabilities.js';

/**
 * What Next.js server actions return: the value goes back, serialised, to whoever posted to the action
 * (`'use server'`), so a returned `{ error: e.message }` reaches the client as a response body would.
 */
export function actionReturnSinks(facts: FileFacts): ResponseSink[] {
  const sinks: ResponseSink[] = [];
  for (const action of serverActions(facts)) {
    const fn = action.handler;
    if (!fn?.body || !ts.isBlock(fn.body)) continue;
    // The action's own return statements; those of callbacks and helpers inside it answer their callers.
    for (const returned of returnedExpressions(fn)) sinks.push({ node: returned.parent, payload: [returned] });
  }
  return sinks;
}
