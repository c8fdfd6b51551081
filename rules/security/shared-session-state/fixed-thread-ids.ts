import { enclosingFunction, isFunctionLike, isStringLike, staticName, ts, unwrap } from '../../../src/model/ast.js';
import { isAgentCall } from '../../../src/domain/routes/registered-routes.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isModuleLevel } from './module-variable-changes.js';

/** A conversation-thread option of a model or agent call whose value is the same for every caller. */
export interface SharedThread {
  /** The `thread_id: 'main'` property. */
  readonly node: ts.ObjectLiteralElementLike;
  readonly key: string;
  /** `the literal 'main'`, or ``module-level `threadId` ``. */
  readonly value: string;
}

/**
 * Object literals an argument carries, nested ones included (`{ configurable: { thread_id } }`), through
 * one local const; not telemetry metadata, where a fixed session id only labels traces.
 */
function optionObjects(arg: ts.Expression, facts: FileFacts): ts.ObjectLiteralExpression[] {
  let node = unwrap(arg);
  if (ts.isIdentifier(node)) {
    const init = facts.resolve(node.text, node)?.init;
    if (!init || init.path.length > 0) return [];
    node = unwrap(init.expression);
  }
  if (!ts.isObjectLiteralExpression(node)) return [];
  const skipped = facts.classifier.sessionState.nonThreadContainers;
  const nested = node.properties.flatMap((p) => (ts.isPropertyAssignment(p) && !skipped.includes(staticName(p.name) ?? '') && ts.isObjectLiteralExpression(unwrap(p.initializer)) ? optionObjects(p.initializer, facts) : []));
  return [node, ...nested];
}

/** A value that names the same thread for every call: a literal, or a module-level variable. */
function sharedValue(expr: ts.Expression, facts: FileFacts): string | undefined {
  const node = unwrap(expr);
  if (isStringLike(node)) return node.text === '' ? undefined : `the literal '${node.text}'`;
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!isModuleLevel(decl)) return undefined;
  const init = ts.isVariableDeclaration(decl.node) ? decl.node.initializer : undefined;
  if (init && isFunctionLike(unwrap(init))) return undefined;
  return `module-level \`${node.text}\``;
}

/**
 * Thread, conversation and session ids (sessionState.threadKeys) passed to a model or agent call
 * inside a function as a literal or a module-level value: LangGraph `configurable: { thread_id: '1' }`,
 * Mastra `memory: { thread: 'main' }`, OpenAI `previous_response_id: lastResponseId`.
 */
export function sharedThreadIds(facts: FileFacts): SharedThread[] {
  const keys = facts.classifier.sessionState.threadKeys;
  const found: SharedThread[] = [];
  if (!keys.some((key) => facts.sourceFile.text.includes(key))) return found;
  for (const call of facts.index.calls) {
    if (call.arguments.length === 0 || !enclosingFunction(call)) continue;
    const threads = call.arguments.flatMap((arg) => optionObjects(arg, facts)).flatMap((obj) => obj.properties.filter((p) => keys.includes(staticName(p.name) ?? '')));
    // Options are read before asking whether the call runs an agent: most calls carry no thread key.
    if (threads.length === 0 || !isAgentCall(call, facts)) continue;
    for (const p of threads) {
      const value = ts.isPropertyAssignment(p) ? sharedValue(p.initializer, facts) : ts.isShorthandPropertyAssignment(p) ? sharedValue(p.name, facts) : undefined;
      if (value) found.push({ node: p, key: staticName(p.name) ?? '', value });
    }
  }
  return found;
}
