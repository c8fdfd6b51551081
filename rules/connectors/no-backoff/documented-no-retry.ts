import { enclosingFunction, enclosingStatement, functionName, ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { commentRightAbove, phrasePattern } from '../../../src/model/comments.js';

/** JSDoc lines describing a parameter or property, to the end of the line. */
const PARAMETER_TAG = /@(?:param|arg|argument|property|prop)\b[^\n]*/g;

/** The declaration a function's doc comment sits on: itself, or the variable, property or export holding it. */
function declarationOf(fn: ts.Node): ts.Node {
  let node = fn;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isVariableDeclaration(node.parent) || ts.isVariableDeclarationList(node.parent) || ts.isVariableStatement(node.parent) || ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent) || ts.isExportAssignment(node.parent))) node = node.parent;
  return node;
}

/**
 * Did the author write down that the call is not retried on purpose? The comment right above its
 * statement, or the doc comment of a function around it up to the first named one, says so (catalog
 * `noRetryNotes`: "No retries, archive parsing, or cache.", "// do not retry: the queue redelivers").
 * A finding asking for a retry would contradict that written contract. A note with a debt word
 * (TODO, FIXME) records debt, not a decision.
 */
export function documentsNoRetry(call: ts.CallExpression, file: FileFacts): boolean {
  const notes = file.classifier.noRetryNotes;
  if (!notes?.phrases?.length) return false;
  const says = phrasePattern(notes.phrases);
  const debt = notes.debtWords?.length ? phrasePattern(notes.debtWords) : undefined;
  const decided = (holder: ts.Node | undefined): boolean => {
    if (!holder) return false;
    // A parameter's description speaks of a value the caller may pass (`@param retries 0 for no retries`).
    const note = commentRightAbove(holder).replace(PARAMETER_TAG, '');
    return note.length > 0 && says.test(note) && !debt?.test(note);
  };
  if (decided(enclosingStatement(call))) return true;
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    if (decided(declarationOf(fn))) return true;
    if (functionName(fn)) break;
  }
  return false;
}
