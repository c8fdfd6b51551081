import { calleeLastName, staticName, ts } from '../../../src/model/ast.js';
import { commentRightAbove, phrasePattern } from '../../../src/model/comments.js';

/**
 * The name a literal value is stored under: `{ apiKey: '…' }`, `const OPENAI_API_KEY = '…'`,
 * `this.token = '…'`, `(apiKey = '…') =>`, `<Chat apiKey="…" />`, `headers.set('Authorization', '…')`,
 * `[['x-api-key', '…']]`. Fallbacks (`process.env.KEY ?? '…'`) and type assertions are looked through.
 */
export function storedUnderName(literal: ts.Expression, nameValueSetters: readonly string[]): string | undefined {
  let node: ts.Node = literal;
  let parent = node.parent;
  while (parent && isTransparent(parent, node)) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isEnumMember(parent)) && parent.initializer === node) return staticName(parent.name);
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.initializer === node) {
    if (ts.isIdentifier(parent.name)) return parent.name.text;
    return ts.isBindingElement(parent) ? staticName(parent.propertyName) : undefined;
  }
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return assignedName(parent.left);
  if (ts.isJsxAttribute(parent)) return staticName(parent.name as ts.Node);
  if (ts.isCallExpression(parent) && parent.arguments[1] === node && nameValueSetters.includes(calleeLastName(parent.expression) ?? '')) return literalText(parent.arguments[0]);
  if (ts.isArrayLiteralExpression(parent) && parent.elements.length === 2 && parent.elements[1] === node) return literalText(parent.elements[0]);
  return undefined;
}

function isTransparent(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent)) return true;
  if (ts.isConditionalExpression(parent)) return parent.condition !== child;
  if (!ts.isBinaryExpression(parent)) return false;
  const op = parent.operatorToken.kind;
  return op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken;
}

function assignedName(target: ts.Expression): string | undefined {
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target)) return target.name.text;
  if (ts.isElementAccessExpression(target)) return staticName(target.argumentExpression);
  return undefined;
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The property a literal is the value of, directly or as an element of an array value (`examples: ['…']`). */
export function owningPropertyName(literal: ts.Expression): string | undefined {
  let node: ts.Node = literal;
  if (node.parent && ts.isArrayLiteralExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return parent && ts.isPropertyAssignment(parent) && parent.initializer === node ? staticName(parent.name) : undefined;
}

/** Is the literal a property value of an object literal that also has every key of one of these sets? */
export function isInObjectWithKeys(literal: ts.Expression, keySets: readonly (readonly string[])[]): boolean {
  const property = literal.parent;
  if (!property || !ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.parent)) return false;
  const names = keysOf(property.parent);
  return keySets.some((keys) => keys.every((key) => names.has(key)));
}

/** Every string value of a large object literal (a locale table, a model list) asks: its keys are read once. */
const objectKeys = new WeakMap<ts.ObjectLiteralExpression, ReadonlySet<string>>();
function keysOf(object: ts.ObjectLiteralExpression): ReadonlySet<string> {
  let names = objectKeys.get(object);
  if (!names) objectKeys.set(object, (names = new Set(object.properties.map((p) => staticName(p.name) ?? ''))));
  return names;
}

/** `type Key = \`sk-${string}\``, `declare function f(k: 'sk-…')`: a type describes a value, it holds none. */
export function isInTypePosition(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isTypeNode(current)) return true;
    if (ts.isStatement(current) || ts.isSourceFile(current)) return false;
  }
  return false;
}

/** The declaration or statement a literal is written in: where its author's comment sits. */
function holdingStatement(literal: ts.Node): ts.Node | undefined {
  for (let node: ts.Node | undefined = literal.parent; node; node = node.parent) {
    if (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node) || ts.isStatement(node)) return node;
    if (ts.isFunctionLike(node)) return undefined;
  }
  return undefined;
}

/**
 * The comment right above the value says what it is: a key its vendor publishes for anyone to use
 * (`// This is a public, development only key … for testing purposes only`). Phrases are catalog data
 * (secrets.declaredPublicPhrases), matched as words; a comment that also speaks of a private key is
 * about a key pair, and does not count.
 */
export function declaredPublicInComment(literal: ts.Node, phrases: readonly string[]): boolean {
  const holder = holdingStatement(literal);
  if (!holder || phrases.length === 0) return false;
  const said = commentRightAbove(holder);
  return said.length > 0 && !/(?<![a-z])private(?![a-z])/.test(said) && phrasePattern(phrases).test(said);
}
