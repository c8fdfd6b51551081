import { calleeLastName, enclosingFunction, ts, type FunctionLike } from './ast.js';
import type { FileFacts } from './file-facts.js';

/** Is this a call of a tracing wrapper (`traceable(fn)`, `tracer.startActiveSpan(name, fn)`, `wrapOpenAI(client)`)? */
export function isTracingCall(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  const name = calleeLastName(call.expression);
  return name !== undefined && facts.classifier.observability.tracingWrappers.includes(name);
}

/** The function runs inside a span: handed to traceable()/observe()/startActiveSpan(), or decorated so. */
export function runsInSpan(fn: FunctionLike, facts: FileFacts): boolean {
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression) && isTracingCall(parent, facts)) return true;
  const decorators = ts.canHaveDecorators(fn) ? (ts.getDecorators(fn) ?? []) : [];
  return decorators.some((d) => {
    const expr = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    const name = calleeLastName(expr);
    return name !== undefined && facts.classifier.observability.tracingWrappers.includes(name);
  });
}

const namesWrappers = new WeakMap<ts.SourceFile, boolean>();

/** Does the file's text name a tracing wrapper at all? A cheap filter before walking up from every call. */
function mayOpenSpans(facts: FileFacts): boolean {
  let answer = namesWrappers.get(facts.sourceFile);
  if (answer === undefined) {
    const text = facts.sourceFile.text;
    answer = facts.classifier.observability.tracingWrappers.some((name) => text.includes(name));
    namesWrappers.set(facts.sourceFile, answer);
  }
  return answer;
}

/** Does the node run inside a span opened around it in its own file (some enclosing function runs in one)? */
export function isInsideSpan(node: ts.Node, facts: FileFacts): boolean {
  if (!mayOpenSpans(facts)) return false;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (runsInSpan(fn, facts)) return true;
  return false;
}
