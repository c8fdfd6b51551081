import type { TextSplitter } from '../../../src/catalog/types.js';
import { calleeLastName, objectProperty, ts, unwrap } from '../../../src/model/ast.js';
import { lastSegment, moduleMatcher, pathMatches } from '../../../src/catalog/matcher.js';
import { evaluateNumber } from '../../../src/model/constant-evaluation.js';
import type { FileFacts } from '../../../src/model/file-facts.js';

/** A splitter from the catalog made or run here, and the overlap its options give it. */
export interface SplitterSite {
  readonly node: ts.CallExpression | ts.NewExpression;
  readonly splitter: TextSplitter;
  /** The overlap in effect: a number, or undefined when the options come from elsewhere. */
  readonly overlap: number | undefined;
  /** The overlap is the library's default (no option sets it). */
  readonly defaulted: boolean;
}

interface CompiledSplitter {
  readonly splitter: TextSplitter;
  readonly module: (module: string) => boolean;
}

const compiledCache = new WeakMap<readonly TextSplitter[], { entries: CompiledSplitter[]; names: Set<string> }>();

function compile(list: readonly TextSplitter[]): { entries: CompiledSplitter[]; names: Set<string> } {
  let compiled = compiledCache.get(list);
  if (!compiled) {
    compiled = {
      entries: list.map((splitter) => ({ splitter, module: moduleMatcher(splitter.modules) })),
      names: new Set(list.flatMap((s) => s.calls.map(lastSegment))),
    };
    compiledCache.set(list, compiled);
  }
  return compiled;
}

/** Is `obj`, bound to a const, ever changed after it was made (`opts.chunkOverlap = …`, `Object.assign(opts, …)`)? */
function isMutated(id: ts.Identifier, facts: FileFacts): boolean {
  const decl = facts.resolve(id.text, id);
  if (!decl) return true;
  return facts.references(decl).some((ref) => {
    const parent = ref.parent;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === ref) {
      const outer = parent.parent;
      return !!outer && ts.isBinaryExpression(outer) && outer.left === parent && outer.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && outer.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    }
    return ts.isCallExpression(parent) && parent.arguments.some((arg) => arg === ref) && parent !== id.parent;
  });
}

/** The options object literal of the call, `null` when there are none, undefined when they come from elsewhere. */
function optionsObject(node: ts.CallExpression | ts.NewExpression, facts: FileFacts): ts.ObjectLiteralExpression | null | undefined {
  const first = node.arguments?.[0];
  if (!first) return null;
  const arg = unwrap(first);
  if (ts.isObjectLiteralExpression(arg)) return arg;
  if (!ts.isIdentifier(arg)) return undefined;
  const decl = facts.resolve(arg.text, arg);
  const init = decl?.isConst && decl.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
  return init && ts.isObjectLiteralExpression(init) && !isMutated(arg, facts) ? init : undefined;
}

type OptionValue = { readonly kind: 'absent' } | { readonly kind: 'unknown' } | { readonly kind: 'value'; readonly expression: ts.Expression };

function optionValue(obj: ts.ObjectLiteralExpression | null, names: readonly string[]): OptionValue {
  if (!obj) return { kind: 'absent' };
  for (const name of names) {
    const prop = objectProperty(obj, name);
    if (prop && ts.isPropertyAssignment(prop)) return { kind: 'value', expression: prop.initializer };
    if (prop && ts.isShorthandPropertyAssignment(prop)) return { kind: 'value', expression: prop.name };
    if (prop) return { kind: 'unknown' };
  }
  return obj.properties.some(ts.isSpreadAssignment) ? { kind: 'unknown' } : { kind: 'absent' };
}

/** The entry for this call: the first whose strategy (if it has one) the call selects; null when the strategy is not static. */
function chooseSplitter(candidates: readonly TextSplitter[], options: ts.ObjectLiteralExpression | null): TextSplitter | null | undefined {
  for (const splitter of candidates) {
    if (!splitter.strategy) return splitter;
    const value = optionValue(options, [splitter.strategy.option]);
    if (value.kind === 'unknown') return null;
    if (value.kind === 'absent') continue;
    const literal = unwrap(value.expression);
    if (!ts.isStringLiteralLike(literal)) return null;
    if (splitter.strategy.values.includes(literal.text)) return splitter;
  }
  return undefined;
}

function siteOf(node: ts.CallExpression | ts.NewExpression, facts: FileFacts, entries: readonly CompiledSplitter[]): SplitterSite | undefined {
  const origin = facts.originOf(node.expression);
  if (!origin || origin.module === 'globalThis') return undefined;
  const candidates = entries.filter((c) => c.module(origin.module) && c.splitter.calls.some((call) => pathMatches(origin.path, call))).map((c) => c.splitter);
  if (candidates.length === 0) return undefined;
  const options = optionsObject(node, facts);
  // Options built elsewhere may pick any strategy: only a splitter without strategies can still be named.
  const splitter = options === undefined ? (candidates.every((c) => !c.strategy) ? candidates[0] : undefined) : chooseSplitter(candidates, options);
  if (!splitter) return undefined;
  if (options === undefined) return { node, splitter, overlap: undefined, defaulted: false };
  const value = optionValue(options, splitter.overlapOptions);
  if (value.kind === 'absent') return { node, splitter, overlap: splitter.defaultOverlap, defaulted: true };
  const overlap = value.kind === 'value' ? evaluateNumber(value.expression, facts) : undefined;
  return { node, splitter, overlap, defaulted: false };
}

/** Catalog splitters constructed or run in this file. */
export function splitterSites(facts: FileFacts): SplitterSite[] {
  const { entries, names } = compile(facts.classifier.textSplitters);
  if (entries.length === 0) return [];
  const sites: SplitterSite[] = [];
  // Renamed imports (`import { TokenTextSplitter as Splitter }`) are bare names bound at the top level.
  const mayBeSplitter = (expr: ts.Expression): boolean => names.has(calleeLastName(expr) ?? '') || (ts.isIdentifier(expr) && facts.topLevelNames.has(expr.text));
  const candidates = [...facts.index.newExpressions, ...facts.index.calls].filter((node) => mayBeSplitter(node.expression));
  for (const node of candidates) {
    const site = siteOf(node, facts, entries);
    if (site) sites.push(site);
  }
  return sites.sort((a, b) => a.node.pos - b.node.pos);
}
