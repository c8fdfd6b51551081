import { enclosingFunction, staticName, ts, unwrap, valueCarrier, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { destinationOf } from '../../../src/model/value-flow.js';
import { toolFrameworkOf } from '../../../src/domain/tools/tool-definitions.js';
import { isContextResourceReader } from './context-resources.js';

/** String methods that cut or tidy the text without reading anything out of it. */
const TEXT_TRIMS = new Set(['slice', 'substring', 'substr', 'trim', 'trimStart', 'trimEnd']);
/** Keys of the content blocks a tool or resource answers with (`{ content: [{ type: 'text', text }] }`). */
const CONTENT_KEYS = new Set(['content', 'contents']);

/** The value as the property that holds it, when it is `text: value` or `{ text }` of an object literal. */
function textProperty(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node && staticName(parent.name) === 'text') return parent.parent;
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === node && parent.name.text === 'text') return parent.parent;
  return undefined;
}

/**
 * `{ content: [{ type: 'text', text }] }`: the text block of the content a tool or resource returns
 * (MCP's shape), with no other type named; the literal the function returns, if it is that.
 */
function contentBlockAnswer(block: ts.ObjectLiteralExpression): ts.Expression | undefined {
  const type = block.properties.find((p) => staticName(p.name) === 'type');
  const typeValue = type && ts.isPropertyAssignment(type) ? unwrap(type.initializer) : undefined;
  if (type && !(typeValue && ts.isStringLiteralLike(typeValue) && typeValue.text === 'text')) return undefined;
  const list = block.parent;
  if (!ts.isArrayLiteralExpression(list)) return undefined;
  const holder = list.parent;
  if (!ts.isPropertyAssignment(holder) || !CONTENT_KEYS.has(staticName(holder.name) ?? '') || !ts.isObjectLiteralExpression(holder.parent)) return undefined;
  return holder.parent;
}

/** A read that only tests whether there is text (`if (!text)`), or the variable assigned: neither reads data out of it. */
function onlyTestedOrAssigned(ref: ts.Node): boolean {
  const carrier = valueCarrier(ref as ts.Expression);
  const parent = carrier.parent;
  if (ts.isBinaryExpression(parent) && parent.left === carrier && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  return ts.isIfStatement(parent) && parent.expression === carrier;
}

/** `text`, `text.slice(0, max)`, `const page = text.trim()`, `{ content: [{ type: 'text', text }] }`: the text reaches `fn`'s return as it is, cut at most. */
function returnedAsText(expr: ts.Expression, fn: FunctionLike, facts: FileFacts, depth = 0): boolean {
  if (depth > 3) return false;
  const block = textProperty(valueCarrier(expr));
  if (block) {
    const answer = contentBlockAnswer(block);
    return answer !== undefined && returnedAsText(answer, fn, facts, depth + 1);
  }
  const destination = destinationOf(expr, facts);
  if (destination.kind === 'returned') return destination.fn === fn;
  if (destination.kind === 'member') return destination.called && TEXT_TRIMS.has(destination.name) && returnedAsText(destination.value, fn, facts, depth + 1);
  if (destination.kind !== 'binding') return false;
  const refs = destination.declarations.flatMap((decl) => facts.references(decl)).filter((ref) => !onlyTestedOrAssigned(ref));
  return refs.length > 0 && refs.every((ref) => returnedAsText(ref, fn, facts, depth + 1));
}

/**
 * `async _call(url) { const res = await fetch(url); return (await res.text()).slice(0, max) }`: a tool
 * that answers the model with the page's text, or an MCP resource that hands it to the client as it
 * is. An error page reaches the model as the text it is ("404 Not Found"), as a browser shows it; no
 * code parses it into data that passes for an answer.
 */
export function textAnsweredToModel(request: ts.Node, bodies: readonly ts.Expression[], facts: FileFacts): boolean {
  const fn = enclosingFunction(request);
  if (!fn || (toolFrameworkOf(fn, facts) === undefined && !isContextResourceReader(fn, facts))) return false;
  return bodies.length > 0 && bodies.every((body) => enclosingFunction(body) === fn && returnedAsText(body, fn, facts));
}
