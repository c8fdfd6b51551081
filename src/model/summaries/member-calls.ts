import { ts, unwrap } from '../ast.js';
import { collectNames } from '../referenced-names.js';

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
  return collectNames(sourceFile, (node, names) => {
    // Types and module specifiers call nothing: one walk of a file's code, not its declarations of shapes.
    if (isTypeOnly(node)) return false;
    if (ts.isPropertyAccessExpression(node)) {
      if (ts.isIdentifier(node.name) && !accounted.has(node.name)) names.add(node.name.text);
    } else if (ts.isBindingElement(node)) {
      const member = node.propertyName ?? node.name;
      if (ts.isIdentifier(member) || ts.isStringLiteralLike(member)) names.add(member.text);
    }
    return true;
  });
}

function isTypeOnly(node: ts.Node): boolean {
  const kind = node.kind;
  return (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) || kind === ts.SyntaxKind.InterfaceDeclaration || kind === ts.SyntaxKind.TypeAliasDeclaration || kind === ts.SyntaxKind.ImportDeclaration || kind === ts.SyntaxKind.Identifier;
}
