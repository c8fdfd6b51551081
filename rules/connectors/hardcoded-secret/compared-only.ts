import { calleeLastName, ts, valueCarrier } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { hasExportModifier } from '../../../src/model/syntax.js';

/**
 * A literal that is only ever compared against is not a credential in use: the published defaults of
 * an `.env.example` kept to warn the operator that they were not changed (`process.env.JWT_SECRET ===
 * DEFAULTS.JWT_SECRET`), a denylist of leaked or example keys (`KNOWN_EXAMPLE_KEYS.has(key)`), a
 * placeholder a config check rejects (`if (apiKey === 'sk-…')`). Whoever reads it gets nothing to log in
 * with that the operator is still meant to use, so a finding there is never certain.
 */
export function isOnlyCompared(literal: ts.Node, file: FileFacts): boolean {
  const value = valueCarrier(wholeString(literal));
  if (isComparedValue(value)) return true;
  const holder = constantHolding(value);
  return !!holder && holderIsOnlyCompared(holder, file);
}

/** A template's head or middle part stands for the whole template string. */
function wholeString(literal: ts.Node): ts.Expression {
  let node: ts.Node = literal;
  while ((!ts.isExpression(node) || ts.isTemplateSpan(node)) && node.parent) node = node.parent;
  return node as ts.Expression;
}

const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/** Collection lookups that only ask whether a value is in it. */
const MEMBERSHIP_METHODS = new Set(['includes', 'has', 'indexOf', 'lastIndexOf']);

/** `x === value`, `value !== x`, `case value:`, `list.includes(value)`: the value is only compared. */
function isComparedValue(expr: ts.Expression): boolean {
  const parent = expr.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && EQUALITY.has(parent.operatorToken.kind)) return true;
  if (ts.isCaseClause(parent) && parent.expression === expr) return true;
  return ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === expr && MEMBERSHIP_METHODS.has(calleeLastName(parent.expression) ?? '');
}

/**
 * The module- or function-level `const` whose initialiser holds the literal as a property value or
 * list element (`const DEFAULTS = { JWT_SECRET: '…' }`, `const LEAKED = new Set(['…'])`), unexported.
 */
function constantHolding(value: ts.Expression): ts.VariableDeclaration | undefined {
  let node: ts.Node = value;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isPropertyAssignment(parent) && parent.initializer === node) continue;
    if (ts.isObjectLiteralExpression(parent) || ts.isArrayLiteralExpression(parent)) continue;
    // `new Set([...])`, `new Map([[k, v]])`: the collection is the lookup table.
    if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && ['Set', 'Map'].includes(parent.expression.text)) continue;
    if (ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isParenthesizedExpression(parent)) continue;
    if (!ts.isVariableDeclaration(parent) || parent.initializer !== node || !ts.isIdentifier(parent.name)) return undefined;
    const list = parent.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
    const statement = list.parent;
    return ts.isVariableStatement(statement) && hasExportModifier(statement) ? undefined : parent;
  }
  return undefined;
}

/** Every read of the constant only compares its values (and it is read at all). */
function holderIsOnlyCompared(holder: ts.VariableDeclaration, file: FileFacts): boolean {
  const name = holder.name as ts.Identifier;
  const decl = file.resolve(name.text, name);
  if (!decl) return false;
  const reads = file.references(decl).filter((id) => id !== name);
  return reads.length > 0 && reads.every((id) => readOnlyCompares(id, file));
}

/** The entry-listing calls whose result, iterated, yields the holder's values (`Object.entries(DEFAULTS)`). */
const VALUE_LISTINGS = new Set(['entries', 'values']);

function readOnlyCompares(read: ts.Identifier, file: FileFacts): boolean {
  const use = valueCarrier(read);
  const parent = use.parent;
  if (!parent) return false;
  // DEFAULTS.JWT_SECRET === x, DEFAULTS[key] !== x
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === use) {
    const member = valueCarrier(parent);
    if (isComparedValue(member)) return true;
    // LEAKED.has(x), LEAKED.includes(x)
    const call = member.parent;
    return ts.isPropertyAccessExpression(parent) && MEMBERSHIP_METHODS.has(parent.name.text) && !!call && ts.isCallExpression(call) && call.expression === member;
  }
  if (!ts.isCallExpression(parent) || parent.arguments[0] !== use || parent.arguments.length !== 1) return false;
  const callee = parent.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Object') return false;
  const method = callee.name.text;
  if (method === 'keys') return true;
  return VALUE_LISTINGS.has(method) && loopValuesOnlyCompared(parent, method, file);
}

/** `for (const [key, value] of Object.entries(DEFAULTS))`: the loop's value binding is only compared. */
function loopValuesOnlyCompared(listing: ts.CallExpression, method: string, file: FileFacts): boolean {
  const loop = valueCarrier(listing).parent;
  if (!loop || !ts.isForOfStatement(loop) || loop.expression !== valueCarrier(listing) || !ts.isVariableDeclarationList(loop.initializer)) return false;
  const binding = loop.initializer.declarations[0]?.name;
  if (!binding) return false;
  let valueName: ts.Node | undefined = binding;
  if (method === 'entries') {
    if (!ts.isArrayBindingPattern(binding)) return false;
    const element = binding.elements[1];
    if (!element) return true;
    valueName = ts.isBindingElement(element) ? element.name : undefined;
  }
  if (!valueName || !ts.isIdentifier(valueName)) return false;
  const decl = file.resolve(valueName.text, valueName);
  if (!decl) return false;
  return file.references(decl).filter((id) => id !== valueName).every((id) => isComparedValue(valueCarrier(id)));
}

