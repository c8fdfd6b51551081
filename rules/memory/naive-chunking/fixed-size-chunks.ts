import { calleeLastName, isFunctionLike, ts, unwrap } from '../../../src/model/ast.js';
import { evaluateNumber } from '../../../src/model/constant-evaluation.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** A hand-rolled cut of text into windows of a fixed size: `text.slice(i, i + N)` in a loop, `text.match(/.{1,N}/g)`. */
export interface FixedSizeChunking {
  /** The slice or match call that makes each chunk. */
  readonly node: ts.CallExpression;
  /** The loop steps by less than the window (`i += size - overlap`): consecutive chunks overlap. */
  readonly overlapping: boolean;
}

/** `.{1,N}`, `[\s\S]{1,N}`, `[^]{1,N}` with the g flag: every N characters, wherever they fall. */
const FIXED_WINDOW_PATTERN = /^(?:\.|\[\\s\\S\]|\[\\S\\s\]|\[\\w\\W\]|\[\\d\\D\]|\[\^\])\{1,[^}]*\}$/;
const SLICERS = new Set(['slice', 'substring', 'substr']);
/** Calls that return text (or token ids of text, `encode`): what they return is not an array of items. */
const TEXT_PRODUCERS = new Set(['join', 'trim', 'trimStart', 'trimEnd', 'toString', 'replace', 'replaceAll', 'toLowerCase', 'toUpperCase', 'normalize', 'text', 'String', 'stringify', 'decode', 'encode', 'getText', 'readFileSync', 'readFile']);
/** Names of single pieces of text (plural names like `texts` are arrays of items). */
const TEXT_NAME = /^(?:text|content|str|string|markdown|md|body|transcript|prose|plaintext|html)$|[a-z](?:Text|Content|String|Markdown|Transcript|Body)$/;

function regexSource(expr: ts.Expression): { source: string; global: boolean } | undefined {
  const node = unwrap(expr);
  if (ts.isRegularExpressionLiteral(node)) {
    const end = node.text.lastIndexOf('/');
    return { source: node.text.slice(1, end), global: node.text.slice(end + 1).includes('g') };
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
    const [pattern, flags] = node.arguments ?? [];
    const text = pattern && (ts.isStringLiteralLike(pattern) ? pattern.text : ts.isTemplateExpression(pattern) ? `${pattern.head.text}0}` : undefined);
    const flagText = flags && ts.isStringLiteralLike(flags) ? flags.text : '';
    return text === undefined ? undefined : { source: text, global: flagText.includes('g') };
  }
  return undefined;
}

function isFixedWindowMatch(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !['match', 'matchAll'].includes(callee.name.text) || !call.arguments[0]) return false;
  const regex = regexSource(call.arguments[0]);
  return !!regex && regex.global && FIXED_WINDOW_PATTERN.test(regex.source);
}

/** Is the sliced value a piece of text (or its token ids), not an array of items being batched? */
function isText(expr: ts.Expression, facts: FileFacts): boolean {
  const node = unwrap(expr);
  const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (name !== undefined && TEXT_NAME.test(name)) return true;
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  const declared = decl?.node;
  if (declared && (ts.isParameter(declared) || ts.isVariableDeclaration(declared)) && declared.type?.kind === ts.SyntaxKind.StringKeyword) return true;
  const init = decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  if (!init) return false;
  if (ts.isStringLiteralLike(init) || ts.isTemplateExpression(init)) return true;
  return ts.isCallExpression(init) && TEXT_PRODUCERS.has(calleeLastName(init.expression) ?? '');
}

function sameName(a: ts.Expression, b: ts.Expression): boolean {
  const left = unwrap(a);
  const right = unwrap(b);
  return (ts.isIdentifier(left) && ts.isIdentifier(right) && left.text === right.text) || left.getText() === right.getText();
}

function sameValue(a: ts.Expression, b: ts.Expression, facts: FileFacts): boolean {
  if (sameName(a, b)) return true;
  const left = evaluateNumber(a, facts);
  return left !== undefined && left === evaluateNumber(b, facts);
}

/** `i + SIZE` (either order), also inside `Math.min(i + SIZE, len)` or through a const `end = …`: the window size. */
function windowSize(end: ts.Expression, index: string, facts: FileFacts, depth = 0): ts.Expression | undefined {
  const node = unwrap(end);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    if (ts.isIdentifier(unwrap(node.left)) && (unwrap(node.left) as ts.Identifier).text === index) return node.right;
    if (ts.isIdentifier(unwrap(node.right)) && (unwrap(node.right) as ts.Identifier).text === index) return node.left;
    return undefined;
  }
  if (ts.isCallExpression(node) && calleeLastName(node.expression) === 'min' && depth < 2) {
    for (const arg of node.arguments) {
      const size = windowSize(arg, index, facts, depth + 1);
      if (size) return size;
    }
    return undefined;
  }
  if (ts.isIdentifier(node) && depth < 2) {
    const decl = facts.resolve(node.text, node);
    return decl?.init && decl.init.path.length === 0 ? windowSize(decl.init.expression, index, facts, depth + 1) : undefined;
  }
  return undefined;
}

/** How the loop moves `index` on: `index += step`, `index = index + step`, or `index = end` (the window's end). */
type Advance = { readonly kind: 'by'; readonly step: ts.Expression } | { readonly kind: 'to'; readonly target: ts.Expression };

function advanceOf(node: ts.Node, index: string): Advance | undefined {
  if (!ts.isBinaryExpression(node) || !ts.isIdentifier(node.left) || node.left.text !== index) return undefined;
  if (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return { kind: 'by', step: node.right };
  if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const value = unwrap(node.right);
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken && ts.isIdentifier(value.left) && value.left.text === index) return { kind: 'by', step: value.right };
  return { kind: 'to', target: value };
}

/** The advances of `index` in the loop that encloses the slice: the for-incrementor, or assignments in the loop body. */
function loopAdvances(slice: ts.Node, index: string): Advance[] {
  for (let current = slice.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return [];
    if (ts.isForStatement(current) || ts.isWhileStatement(current) || ts.isDoStatement(current)) {
      const found: Advance[] = [];
      const visit = (node: ts.Node): void => {
        if (isFunctionLike(node)) return;
        const advance = advanceOf(node, index);
        if (advance) found.push(advance);
        ts.forEachChild(node, visit);
      };
      if (ts.isForStatement(current) && current.incrementor) visit(current.incrementor);
      visit(current.statement);
      if (found.length > 0) return found;
    }
  }
  return [];
}

/** `text.slice(i * N, (i + 1) * N)` and `text.slice(i * N, i * N + N)`: consecutive windows by construction. */
function isMultipleWindow(start: ts.Expression, end: ts.Expression): boolean {
  const a = unwrap(start);
  if (!ts.isBinaryExpression(a) || a.operatorToken.kind !== ts.SyntaxKind.AsteriskToken) return false;
  const compact = (node: ts.Node): string => node.getText().replace(/[\s()]/g, '');
  const [index, size] = [compact(a.left), compact(a.right)];
  const b = compact(unwrap(end));
  return [`${index}+1*${size}`, `${size}*${index}+1`, `${index}*${size}+${size}`, `${size}+${index}*${size}`].includes(b);
}

function sliceChunking(call: ts.CallExpression, facts: FileFacts): FixedSizeChunking | undefined {
  const callee = unwrap(call.expression);
  const [start, end] = call.arguments;
  if (!ts.isPropertyAccessExpression(callee) || !SLICERS.has(callee.name.text) || !start || !end) return undefined;
  if (!isText(callee.expression, facts)) return undefined;
  if (callee.name.text !== 'substr' && isMultipleWindow(start, end)) return { node: call, overlapping: false };
  const index = unwrap(start);
  if (!ts.isIdentifier(index)) return undefined;
  const size = callee.name.text === 'substr' ? end : windowSize(end, index.text, facts);
  if (!size) return undefined;
  const advances = loopAdvances(call, index.text);
  if (advances.length === 0) return undefined;
  const byWindow = advances.every((advance) => (advance.kind === 'by' ? sameValue(advance.step, size, facts) : ts.isIdentifier(unwrap(end)) && sameName(advance.target, end)));
  return { node: call, overlapping: !byWindow };
}

/** Every fixed-size text chunking in the file, overlapping or not. */
export function fixedSizeChunkings(facts: FileFacts): FixedSizeChunking[] {
  const found: FixedSizeChunking[] = [];
  for (const call of facts.index.calls) {
    const name = calleeLastName(call.expression);
    if (name === 'match' || name === 'matchAll') {
      if (isFixedWindowMatch(call)) found.push({ node: call, overlapping: false });
    } else if (name !== undefined && SLICERS.has(name)) {
      const chunking = sliceChunking(call, facts);
      if (chunking) found.push(chunking);
    }
  }
  return found;
}
