import { calleeLastName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { calleeRef, type CalleeContext, type CalleeRef } from '../../../src/model/summaries/callee-refs.js';
import type { InstructionSlot } from '../../../src/domain/prompts/system-prompts.js';

/** An argument of a project call that may become the callee's system prompt, with the callee and position. */
export interface WrapperArgument extends InstructionSlot {
  readonly callee: CalleeRef;
  readonly argument: number;
}

/** Text written around values: a template with placeholders, or a string joined with `+`. */
function isBuiltText(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (ts.isTemplateExpression(node)) return true;
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (ts.isStringLiteralLike(unwrap(node.left)) || ts.isStringLiteralLike(unwrap(node.right)) || isBuiltText(node.left));
}

/** The argument is text built around values, in the call or in a const it names (`const system = `…${page}`; complete(system, q)`). */
function passesBuiltText(arg: ts.Expression, facts: FileFacts): boolean {
  if (isBuiltText(arg)) return true;
  const node = unwrap(arg);
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  return !!decl?.isConst && !!decl.init && decl.init.path.length === 0 && isBuiltText(decl.init.expression);
}

/**
 * Prompts built in this file and handed to a project function (`complete(`Route this page:\n${page}`,
 * q)` with `complete` in lib/llm.ts): whether the function makes its argument a system prompt is for the
 * summaries to say. `written`: arguments already judged as slots of a same-file helper.
 */
export function wrapperArguments(facts: FileFacts, context: CalleeContext, written: ReadonlySet<ts.Node>): WrapperArgument[] {
  const found: WrapperArgument[] = [];
  for (const call of facts.index.calls) {
    if (call.arguments.length === 0 || facts.callSiteOf(call)) continue;
    let callee: CalleeRef | undefined;
    call.arguments.forEach((arg, argument) => {
      if (written.has(arg) || !passesBuiltText(arg, facts)) return;
      callee ??= calleeRef(call, context, facts);
      if (callee) found.push({ value: arg, holder: `prompt ${calleeLastName(call.expression) ?? 'the function'}() is given as its system prompt`, callee, argument });
    });
  }
  return found;
}
