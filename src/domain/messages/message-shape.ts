import type { HistoryCatalog, ModuleCalls } from '../../catalog/types.js';
import { staticName, ts, unwrap, valueCarrier } from '../../model/ast.js';
import { globToRegExp } from '../../catalog/matcher.js';
import type { FileFacts } from '../../model/file-facts.js';
import { isJsonSerialisation, postsToModelApi } from './llm-endpoint.js';

/** Keys that, next to `role`, make an object literal a chat message. */
const MESSAGE_BODY_KEYS = new Set(['content', 'parts', 'text', 'tool_calls', 'toolCalls', 'tool_call_id', 'toolCallId']);

function history(file: FileFacts): HistoryCatalog {
  return file.classifier.history;
}

export function callsOneOf(file: FileFacts, list: readonly ModuleCalls[], callee: ts.Expression): boolean {
  const origin = file.originOf(callee);
  return origin !== undefined && file.classifier.matches(list, origin);
}

/** `{ role: 'user', content }`, `new HumanMessage(text)`, `['human', text]`, `completion.choices[0].message`. */
export function isMessageValue(expr: ts.Expression, file: FileFacts): boolean {
  const node = unwrap(expr);
  const roles = history(file).roles;
  if (ts.isObjectLiteralExpression(node)) {
    const role = node.properties.find((p) => staticName(p.name) === 'role');
    if (!role || !node.properties.some((p) => MESSAGE_BODY_KEYS.has(staticName(p.name) ?? ''))) return false;
    return !ts.isPropertyAssignment(role) || !ts.isStringLiteralLike(role.initializer) || roles.includes(role.initializer.text);
  }
  if (ts.isNewExpression(node)) return callsOneOf(file, history(file).messageClasses, node.expression);
  if (ts.isArrayLiteralExpression(node)) {
    const [first] = node.elements;
    return node.elements.length === 2 && first !== undefined && ts.isStringLiteralLike(first) && roles.includes(first.text);
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'message') {
    const owner = unwrap(node.expression);
    return ts.isElementAccessExpression(owner) && ts.isPropertyAccessExpression(owner.expression) && owner.expression.name.text === 'choices';
  }
  return false;
}

function elementTypeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  if (ts.isArrayTypeNode(type)) return elementTypeName(type.elementType) ?? (ts.isTypeReferenceNode(type.elementType) ? lastName(type.elementType.typeName) : undefined);
  if (ts.isTypeReferenceNode(type)) {
    const name = lastName(type.typeName);
    if ((name === 'Array' || name === 'ReadonlyArray') && type.typeArguments?.[0]) {
      const arg = type.typeArguments[0];
      return ts.isTypeReferenceNode(arg) ? lastName(arg.typeName) : undefined;
    }
  }
  if (ts.isParenthesizedTypeNode(type)) return elementTypeName(type.type);
  return undefined;
}

function lastName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : name.right.text;
}

/** `ChatCompletionMessageParam[]`, `Array<BaseMessage>`, `[] as CoreMessage[]`: an array typed as chat messages. */
export function hasMessageArrayType(type: ts.TypeNode | undefined, initializer: ts.Expression | undefined, file: FileFacts): boolean {
  const patterns = history(file).messageTypes.map(globToRegExp);
  const matches = (name: string | undefined): boolean => name !== undefined && patterns.some((re) => re.test(name));
  if (matches(elementTypeName(type))) return true;
  let init = initializer;
  while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) {
    if (!ts.isParenthesizedExpression(init) && matches(elementTypeName(init.type))) return true;
    init = init.expression;
  }
  if (init && ts.isArrayLiteralExpression(init)) return init.elements.some((element) => isMessageValue(element, file));
  return false;
}

/**
 * Does this read of an array reach the conversation of an LLM call the catalog knows: as an argument,
 * spread into one, or under a message key (`messages: [system, ...history]`)? `viaLocal` follows one
 * local helper (`chat(history)` whose body passes its parameter to the model).
 */
export function feedsLlmCall(ref: ts.Expression, file: FileFacts, viaLocal = true, hops = 0): boolean {
  const keys = [...history(file).messageOptions, ...history(file).requestBodyKeys];
  let node: ts.Node = valueCarrier(ref);
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isSpreadElement(parent) || ts.isArrayLiteralExpression(parent)) continue;
    if (ts.isPropertyAssignment(parent) && parent.initializer === node && keys.includes(staticName(parent.name) ?? '')) continue;
    if (ts.isShorthandPropertyAssignment(parent) && keys.includes(parent.name.text)) continue;
    if (ts.isObjectLiteralExpression(parent) && !ts.isObjectLiteralExpression(node)) continue;
    if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent)) continue;
    // `const payload = { messages: history }; fetch(url, { body: JSON.stringify(payload) })`
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) return hops < 2 && payloadFeedsLlm(parent, file, hops + 1);
    if (!ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
    if (file.callSiteOf(parent)?.entry.kind === 'llm') return true;
    if (isJsonSerialisation(parent, file)) continue;
    if (postsToModelApi(parent, file)) return true;
    return viaLocal && parameterFeedsLlm(parent, parent.arguments.indexOf(node as ts.Expression), file);
  }
  return false;
}

function payloadFeedsLlm(declaration: ts.VariableDeclaration, file: FileFacts, hops: number): boolean {
  if (!ts.isIdentifier(declaration.name)) return false;
  const decl = file.resolve(declaration.name.text, declaration.name);
  return decl !== undefined && decl.node === declaration && file.references(decl).some((ref) => feedsLlmCall(ref, file, false, hops));
}

function parameterFeedsLlm(call: ts.CallExpression, index: number, file: FileFacts): boolean {
  const fn = file.localFunction(call.expression);
  const param = fn?.parameters[index];
  if (!fn?.body || !param || !ts.isIdentifier(param.name)) return false;
  const decl = file.resolve(param.name.text, fn.body);
  return decl !== undefined && file.references(decl).some((ref) => feedsLlmCall(ref, file, false));
}
