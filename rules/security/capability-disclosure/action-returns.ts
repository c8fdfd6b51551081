import { enclosingFunction, ts } from '../../../src/model/ast.js';
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
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node) && node.expression && enclosingFunction(node) === fn) sinks.push({ node, payload: [node.expression] });
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
  }
  return sinks;
}
