import { staticName, ts, unwrap } from '../model/ast.js';
import type { FileFacts } from '../model/file-facts.js';
import { secretScanner } from '../domain/secrets/secret-scanner.js';

/** A string the code spells out: a literal, or a const initialised with one. */
export function stringValue(expr: ts.Node | undefined, facts: FileFacts, depth = 0): string | undefined {
  if (!expr || depth > 4) return undefined;
  const node = ts.isExpression(expr) ? unwrap(expr) : expr;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const decl = facts.resolve(node.text, node);
    return decl?.isConst && decl.init && decl.init.path.length === 0 ? stringValue(decl.init.expression, facts, depth + 1) : undefined;
  }
  return undefined;
}

export function lineOf(node: ts.Node, facts: FileFacts): number {
  return facts.sourceFile.getLineAndCharacterOfPosition(node.getStart(facts.sourceFile)).line + 1;
}

/** The value of `key` in an object-literal argument of a call, if any. */
export function argumentProperty(call: ts.CallExpression | ts.NewExpression, key: string): ts.Expression | undefined {
  for (const arg of call.arguments ?? []) {
    const obj = unwrap(arg);
    if (!ts.isObjectLiteralExpression(obj)) continue;
    for (const prop of obj.properties) {
      if (staticName(prop.name) !== key) continue;
      if (ts.isPropertyAssignment(prop)) return prop.initializer;
      if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
      if (ts.isMethodDeclaration(prop)) return prop as unknown as ts.Expression;
    }
  }
  return undefined;
}

/** First words of a prompt, or the code that holds it when it is not a literal. */
export function preview(expr: ts.Node | undefined, facts: FileFacts): string {
  if (!expr) return '';
  const literal = stringValue(expr, facts);
  const text = literal ?? expr.getText(facts.sourceFile);
  const oneLine = redactSecrets(text, facts).replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
  return literal === undefined ? `<${short}>` : short;
}

/** Inventory lines quote code: a key written in it is shown masked (connectors/hardcoded-secret reports it). */
export function redactSecrets(text: string, facts: FileFacts): string {
  return secretScanner(facts.classifier.secrets).redact(text);
}

export { calleeLastName } from '../model/ast.js';
