import { compactText, enclosingFunction, isJsonParseCall, methodName, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import type { Declaration } from '../../model/scope.js';
import { isJsonSerialisation } from './llm-endpoint.js';

/**
 * A history kept in a key-value store between turns: read into a local (`JSON.parse(await env.HISTORY.get(id)
 * ?? '[]')`, `(await kv.get(id)) ?? []`), appended to, and written back under the same key
 * (`env.HISTORY.put(id, JSON.stringify(history))`). The local lives for one turn; the list it carries
 * lives as long as the key.
 */

/** The store read an initialiser is, through `JSON.parse`, `await`, `as` and `?? []`. */
function storeRead(init: ts.Expression, file: FileFacts): ts.CallExpression | undefined {
  let node = unwrap(init);
  for (let step = 0; step < 6; step++) {
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) node = unwrap(node.left);
    else if (ts.isAwaitExpression(node)) node = unwrap(node.expression);
    else if (ts.isCallExpression(node) && isJsonParseCall(node) && node.arguments[0]) node = unwrap(node.arguments[0]);
    else break;
  }
  return ts.isCallExpression(node) && file.classifier.history.storedValueReads.includes(methodName(node) ?? '') && node.arguments.length >= 1 ? node : undefined;
}

/** `history` or `JSON.stringify(history)` as the value written. */
function writesBinding(arg: ts.Expression, decl: Declaration, file: FileFacts): boolean {
  let node = unwrap(arg);
  if (ts.isCallExpression(node) && isJsonSerialisation(node, file) && node.arguments[0]) node = unwrap(node.arguments[0]);
  return ts.isIdentifier(node) && file.resolve(node.text, node) === decl;
}

/** The local `decl`, initialised from a store read, is written back to the same store under the same key in `scope`. */
export function savedBackToStore(decl: Declaration, init: ts.Expression, scope: FunctionLike, file: FileFacts): boolean {
  const read = storeRead(init, file);
  if (!read || !ts.isPropertyAccessExpression(read.expression)) return false;
  const store = compactText(read.expression.expression, file.sourceFile);
  const key = compactText(read.arguments[0]!, file.sourceFile);
  const writes = file.classifier.history.storedValueWrites;
  return file.index.calls.some((call) => {
    if (!writes.includes(methodName(call) ?? '') || !ts.isPropertyAccessExpression(call.expression) || enclosingFunction(call) !== scope) return false;
    const [target, value] = call.arguments;
    return target !== undefined && value !== undefined && compactText(call.expression.expression, file.sourceFile) === store && compactText(target, file.sourceFile) === key && writesBinding(value, decl, file);
  });
}
