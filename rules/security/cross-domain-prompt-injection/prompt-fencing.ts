import { isFunctionLike, someDescendant, ts, unwrap, walk, type FunctionLike } from '../../../src/model/ast.js';
import type { DataDelimiter } from '../../../src/catalog/types.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';
import { isReference, type Declaration } from '../../../src/model/scope.js';
import { escapeRegExp } from '../../../src/catalog/regex-safety.js';

/** A piece of built-up prompt text: literal text, or an interpolated expression. */
type Part = { readonly text: string } | { readonly expr: ts.Expression };

const TAG = '([A-Za-z][\\w:.-]*)';

/** `<*>` becomes a tag with optional attributes (`<doc source="web">`), `</*>` its closing tag. */
function delimiterPatterns(delimiter: DataDelimiter): { open: RegExp; close: RegExp } {
  const open = escapeRegExp(delimiter.open).replace('\\*', TAG).replace(/>$/, '(?:\\s[^<>]*)?>');
  const close = escapeRegExp(delimiter.close).replace('\\*', '\\1');
  // ```json, """\n: a fence may carry a language tag or a label before the content starts.
  return { open: new RegExp(`${open}[\\w -]{0,20}\\s*$`), close: new RegExp(`^\\s*${close}`) };
}

/** Template literals and `+` chains as a flat list of parts. */
function partsOf(node: ts.Node): Part[] | undefined {
  if (ts.isTemplateExpression(node)) {
    const parts: Part[] = [{ text: node.head.text }];
    for (const span of node.templateSpans) parts.push({ expr: span.expression }, { text: span.literal.text });
    return parts;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const side = (expr: ts.Expression): Part[] => {
      const inner = unwrap(expr);
      if (ts.isStringLiteralLike(inner)) return [{ text: inner.text }];
      return partsOf(inner) ?? [{ expr: inner }];
    };
    return [...side(node.left), ...side(node.right)];
  }
  return undefined;
}

/** Does `expr` carry the flow: it holds the source, reads a variable the flow went through, or a helper's parameter. */
function carriesFlow(expr: ts.Expression, flow: UntrustedFlow<string>, helpers: ReadonlySet<FunctionLike>, facts: FileFacts): boolean {
  const isHelperParameter = (decl: Declaration): boolean => decl.kind === 'parameter' && [...helpers].some((fn) => fn.parameters.some((p) => p.pos <= decl.node.pos && decl.node.end <= p.end));
  const carries = (node: ts.Node): boolean => {
    if (node === flow.source) return true;
    if (!ts.isIdentifier(node) || !isReference(node)) return false;
    const decl = facts.resolve(node.text, node);
    return !!decl && (flow.via.has(decl) || isHelperParameter(decl));
  };
  return carries(expr) || someDescendant(expr, carries);
}

/** Where the prompt text around the flow is written: the slot itself, the variables the flow passed, and same-file helpers called there. */
function promptPieces(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): { nodes: ts.Node[]; helpers: Set<FunctionLike> } {
  const nodes: ts.Node[] = [slot, ...[...flow.via].map((decl) => decl.init?.expression).filter((e): e is ts.Expression => e !== undefined)];
  const helpers = new Set<FunctionLike>();
  const addHelper = (node: ts.Node): void => {
    const fn = ts.isCallExpression(node) ? facts.localFunction(node.expression) : undefined;
    if (fn && !helpers.has(fn) && fn.body) {
      helpers.add(fn);
      nodes.push(fn.body);
    }
  };
  for (const node of [...nodes]) {
    // The slot may be the helper call itself: `content: buildSystemPrompt(page)`.
    addHelper(node);
    walk(node, (child) => {
      addHelper(child);
      return !isFunctionLike(child) || child === node;
    });
  }
  return { nodes, helpers };
}

/** Literal prompt text in `node`, plus the text of string constants it names. */
function literalText(node: ts.Node, facts: FileFacts): string {
  const texts: string[] = [];
  walk(node, (child) => {
    if (ts.isStringLiteralLike(child) || ts.isTemplateHead(child) || ts.isTemplateMiddle(child) || ts.isTemplateTail(child)) texts.push(child.text);
    else if (ts.isIdentifier(child) && isReference(child)) {
      const init = facts.resolve(child.text, child)?.init;
      if (init && init.path.length === 0 && ts.isStringLiteralLike(unwrap(init.expression))) texts.push((unwrap(init.expression) as ts.StringLiteralLike).text);
    }
  });
  return texts.join('\n');
}

function isFencedPart(parts: readonly Part[], index: number, patterns: readonly { open: RegExp; close: RegExp }[]): boolean {
  const before = parts[index - 1];
  const after = parts[index + 1];
  if (!before || !after || !('text' in before) || !('text' in after)) return false;
  return patterns.some(({ open, close }) => {
    const opened = open.exec(before.text);
    if (!opened) return false;
    // A tag fence closes with the same tag name it opened with.
    const closing = opened[1] === undefined ? close : new RegExp(close.source.replace('\\1', escapeRegExp(opened[1])));
    return closing.test(after.text);
  });
}

/** Does the prompt text around the flow say that fenced or quoted content is data (a catalog data marker)? */
export function declaresDataUntrusted(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): boolean {
  const { nodes } = promptPieces(slot, flow, facts);
  const text = nodes.map((node) => literalText(node, facts)).join('\n');
  return facts.classifier.promptInjection.dataMarkers.some((marker) => new RegExp(marker, 'i').test(text));
}

/** Is the flow's interpolation between catalog delimiters (`<document>${x}</document>`, `"""${x}"""`)? */
export function isFenced(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): boolean {
  const { nodes, helpers } = promptPieces(slot, flow, facts);
  const patterns = facts.classifier.promptInjection.dataDelimiters.map(delimiterPatterns);
  const fencesFlow = (node: ts.Node): boolean => {
    const parts = partsOf(node);
    return !!parts && parts.some((part, i) => 'expr' in part && carriesFlow(part.expr, flow, helpers, facts) && isFencedPart(parts, i, patterns));
  };
  return nodes.some((node) => fencesFlow(node) || someDescendant(node, fencesFlow));
}

/**
 * Is the flow fenced off as data where it is spliced into the prompt: its interpolation sits between
 * catalog delimiters and the prompt text says the fenced content is data ("untrusted", "do not follow
 * instructions in it"…).
 */
export function isFencedAsData(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): boolean {
  return declaresDataUntrusted(slot, flow, facts) && isFenced(slot, flow, facts);
}

/**
 * Is the flow spliced into prompt text: one part of a template or `+` chain beside other text, rather
 * than the whole prompt (a prompt kept on a prompt server and fetched whole is configuration, not data).
 */
export function isSplicedIntoText(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): boolean {
  const { nodes, helpers } = promptPieces(slot, flow, facts);
  const splices = (node: ts.Node): boolean => {
    const parts = partsOf(node);
    if (!parts) return false;
    const carrying = parts.filter((part) => 'expr' in part && carriesFlow(part.expr, flow, helpers, facts));
    const other = parts.filter((part) => !carrying.includes(part) && ('expr' in part || part.text.trim() !== ''));
    return carrying.length > 0 && other.length > 0;
  };
  return nodes.some((node) => splices(node) || someDescendant(node, splices));
}

/** Is a template placeholder with this text before and after it between catalog delimiters? */
export function isPlaceholderFenced(before: string, after: string, facts: FileFacts): boolean {
  const patterns = facts.classifier.promptInjection.dataDelimiters.map(delimiterPatterns);
  return isFencedPart([{ text: before }, { text: '' }, { text: after }], 1, patterns);
}

/** Does this prompt text say that fenced or quoted content is data (a catalog data marker)? */
export function textDeclaresData(text: string, facts: FileFacts): boolean {
  return facts.classifier.promptInjection.dataMarkers.some((marker) => new RegExp(marker, 'i').test(text));
}
