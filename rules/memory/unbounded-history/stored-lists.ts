import { methodName, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isJsonSerialisation, urlText } from '../../../src/domain/messages/llm-endpoint.js';
import { isMessageValue } from '../../../src/domain/messages/message-shape.js';
import { letterWords } from '../../../src/model/name-words.js';

/**
 * Conversation history kept in a key-value store's list (Redis `RPUSH history:<session>`): appended to
 * on every turn and read back whole (`LRANGE key 0 -1`). Nothing in the process bounds it; only a trim
 * of the list (`LTRIM`), a bounded read or an expiry on the key does.
 */
export interface StoredListHistory {
  /** The append call reported. */
  readonly append: ts.CallExpression;
  /** The key as text, `*` for what is only known at run time (`history:*`). */
  readonly key: string;
  /** Read in a bounded range, or trimmed or expired in this file. */
  readonly bounded: boolean;
}

/** Characters of a key shown in a finding. */
const KEY_SHOWN = 60;

/** The key's text: the same key built the same way in two functions reads alike (`history:*`, `keyFor()`). */
function keyText(expr: ts.Expression | undefined, file: FileFacts): string | undefined {
  if (!expr) return undefined;
  const node = unwrap(expr);
  if (ts.isCallExpression(node)) {
    const name = staticName(ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression);
    return name === undefined ? undefined : `${name}()`;
  }
  const text = urlText(node, file);
  if (text !== '*') return text;
  return ts.isIdentifier(node) ? `$${node.text}` : undefined;
}

/** `LRANGE key 0 -1`: every element of the list. */
function readsWhole(call: ts.CallExpression): boolean {
  const [, start, stop] = call.arguments;
  if (!start || !stop) return false;
  const from = unwrap(start);
  const to = unwrap(stop);
  return ts.isNumericLiteral(from) && from.text === '0' && ts.isPrefixUnaryExpression(to) && to.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(to.operand) && to.operand.text === '1';
}

/** A chat message pushed as is or serialised (`JSON.stringify({ role: 'user', content })`). */
function pushesMessage(call: ts.CallExpression, file: FileFacts): boolean {
  return call.arguments.slice(1).some((arg) => {
    const node = unwrap(arg);
    const value = ts.isCallExpression(node) && isJsonSerialisation(node, file) ? node.arguments[0] : node;
    return value !== undefined && isMessageValue(value, file);
  });
}

/**
 * Lists in this file that get chat turns appended and are read back under the same key: bounded when
 * every read takes a range, or the file trims a list or sets an expiry.
 */
export function storedListHistories(file: FileFacts): StoredListHistory[] {
  const { listAppends, listReads, listTrims, listExpiries, listConversationWords } = file.classifier.history;
  const named = (call: ts.CallExpression, methods: readonly string[]): boolean => methods.includes(methodName(call) ?? '');
  const appends = file.index.calls.filter((call) => named(call, listAppends));
  if (appends.length === 0) return [];
  const boundedInFile = file.index.calls.some((call) => named(call, listTrims) || named(call, listExpiries));
  const reads = file.index.calls.filter((call) => named(call, listReads));
  const readKeys = new Set(reads.map((call) => keyText(call.arguments[0], file)));
  const wholeReadKeys = new Set(reads.filter(readsWhole).map((call) => keyText(call.arguments[0], file)));
  // A key that names a chat is a model's conversation only where the file talks to a model (a chat room or audit transcript is not).
  const callsModel = file.callSites.some((site) => site.entry.kind === 'llm');
  const histories: StoredListHistory[] = [];
  for (const append of appends) {
    const key = keyText(append.arguments[0], file);
    if (key === undefined || !readKeys.has(key)) continue;
    const conversation = pushesMessage(append, file) || (callsModel && letterWords(key).some((word) => listConversationWords.includes(word)));
    if (conversation) histories.push({ append, key: key.length > KEY_SHOWN ? `${key.slice(0, KEY_SHOWN)}…` : key, bounded: boundedInFile || !wholeReadKeys.has(key) });
  }
  return histories;
}
