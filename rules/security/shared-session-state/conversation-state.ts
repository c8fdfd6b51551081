import { ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isAgentCall } from '../../../src/domain/routes/registered-routes.js';
import { camelWords } from '../../../src/model/name-words.js';
import { feedsLlmCall, hasMessageArrayType, isMessageValue } from '../../../src/domain/messages/message-shape.js';

/** Is this a name for a conversation, memory or agent state (messages, chatHistory, memory), not a log or socket list? */
export function isStateName(name: string, facts: FileFacts): boolean {
  const { stateWords, nonStateWords } = facts.classifier.sessionState;
  const words = camelWords(name);
  return words.some((word) => stateWords.includes(word)) && !words.some((word) => nonStateWords.includes(word));
}

const callsModelMemo = new WeakMap<ts.SourceFile, boolean>();

/** Does the file run a model: a text generation (not an embedding) or a catalog agent run? */
export function callsModel(facts: FileFacts): boolean {
  let result = callsModelMemo.get(facts.sourceFile);
  if (result === undefined) {
    result = facts.index.calls.some((call) => isAgentCall(call, facts));
    callsModelMemo.set(facts.sourceFile, result);
  }
  return result;
}

/**
 * `new Portkey()`, `await browser.newContext()`: an object a package makes (a client, a browser
 * context), not data someone sent. A name like `context` does not make it a conversation.
 */
function isLibraryObject(value: ts.Expression, facts: FileFacts): boolean {
  const node = unwrap(value);
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return false;
  const module = facts.originOf(node.expression)?.module;
  return module !== undefined && module !== 'globalThis' && !facts.classifier.endpointAuth.projectModulePrefixes.some((prefix) => module.startsWith(prefix));
}

/** What is known about a piece of state: its name, declared type and initial value, what is put in it, where it is read. */
export interface StateEvidence {
  readonly name: string;
  readonly type?: ts.TypeNode;
  readonly initializer?: ts.Expression;
  /** Values appended or assigned to it. */
  readonly values: readonly ts.Expression[];
  /** Reads of it (lazily: finding them can walk the file). */
  readonly reads: () => readonly ts.Expression[];
}

/**
 * Is it a conversation or agent state? Chat messages (with a model role) are put in it, it is sent to a
 * model as the conversation, or — in a file that runs a model — it is typed as a message array or its
 * name says so.
 */
export function isConversationState(state: StateEvidence, facts: FileFacts): boolean {
  if (state.values.some((value) => isMessageValue(ts.isSpreadElement(value) ? value.expression : value, facts))) return true;
  // `Message[]` also types the rooms of human chat apps: a message type counts where a model is called.
  if (hasMessageArrayType(state.type, state.initializer, facts) && callsModel(facts)) return true;
  if (isStateName(state.name, facts) && callsModel(facts) && !state.values.every((value) => isLibraryObject(value, facts))) return true;
  return state.reads().some((read) => feedsLlmCall(read, facts));
}
