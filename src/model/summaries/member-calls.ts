import { ts, unwrap } from '../ast.js';
import { memberMentions } from '../referenced-names.js';

/**
 * `recv.name(…)` where one file cannot tell which function the receiver holds (a service handed in a
 * request context, a parameter typed with an interface, an inherited `this.name()`): the method name,
 * which the project graph matches against the methods it knows by that name.
 */
export function memberCallName(call: ts.CallExpression): ts.Identifier | undefined {
  let callee = unwrap(call.expression);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) callee = unwrap(callee.right);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name : undefined;
}

/**
 * Names by which this file may reach a method other than through a call the graph recorded
 * (`accounted`: the callee names of calls it has an edge or a package origin for): a property read
 * that is not called (`const run = svc.run`, `svc.run.bind(svc)`), a destructured member, a string
 * that could name one (`svc['run']()`, a dispatch table). A method named by none of these in any file
 * has all its callers among the recorded calls.
 */
export function looseMemberNames(sourceFile: ts.SourceFile, accounted: ReadonlySet<ts.Node>): string[] {
  const names = new Set<string>();
  for (const mention of memberMentions(sourceFile)) {
    if (typeof mention === 'string') names.add(mention);
    else if (!accounted.has(mention)) names.add(mention.text);
  }
  return [...names];
}
