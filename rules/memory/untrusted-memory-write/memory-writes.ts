import type { MemoryWrite } from '../../../src/catalog/types.js';
import { calleeLastName, staticName, ts, unwrap } from '../../../src/model/ast.js';
import { lastSegment, moduleMatcher, pathMatches } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isReference } from '../../../src/model/scope.js';

/** A call that persists content to long-term memory: a vector-store write or a memory API (mem0, LangGraph store…). */
export interface MemoryWriteSite {
  readonly node: ts.CallExpression;
  /** The vector store's database or catalog id, or the memory API's catalog id. */
  readonly store: string;
  /** Arguments that carry the remembered content. */
  readonly contentArguments: readonly ts.Expression[];
}

interface CompiledWrite {
  readonly write: MemoryWrite;
  readonly module: (module: string) => boolean;
}

const compiledLists = new WeakMap<readonly MemoryWrite[], { writes: CompiledWrite[]; lastNames: Set<string> }>();

function compile(list: readonly MemoryWrite[]): { writes: CompiledWrite[]; lastNames: Set<string> } {
  let compiled = compiledLists.get(list);
  if (!compiled) {
    compiled = {
      writes: list.map((write) => ({ write, module: moduleMatcher([write.module]) })),
      lastNames: new Set(list.flatMap((write) => write.calls.map(lastSegment))),
    };
    compiledLists.set(list, compiled);
  }
  return compiled;
}

function memoryApiWrite(call: ts.CallExpression, facts: FileFacts): MemoryWriteSite | undefined {
  const { writes, lastNames } = compile(facts.classifier.memory.writes);
  const name = calleeLastName(call.expression);
  if (!name || !lastNames.has(name)) return undefined;
  const origin = facts.originOf(call.expression);
  if (!origin || origin.module === 'globalThis') return undefined;
  const match = writes.find((c) => c.module(origin.module) && c.write.calls.some((pattern) => pathMatches(origin.path, pattern)));
  if (!match) return undefined;
  const index = match.write.contentArgument;
  const contentArguments = index === undefined ? [...call.arguments] : call.arguments.slice(index, index + 1);
  return { node: call, store: match.write.id, contentArguments };
}

/** Every long-term memory write in the file, in source order. */
export function memoryWritesIn(facts: FileFacts): MemoryWriteSite[] {
  const sites: MemoryWriteSite[] = [];
  const vectorWrites = new Set<ts.Node>();
  for (const site of facts.callSites) {
    if (site.entry.kind !== 'vector-store' || site.operation !== 'write') continue;
    vectorWrites.add(site.node);
    sites.push({ node: site.node, store: site.entry.backend ?? site.entry.id, contentArguments: [...site.node.arguments] });
  }
  for (const call of facts.index.calls) {
    if (vectorWrites.has(call)) continue;
    const site = memoryApiWrite(call, facts);
    if (site) sites.push(site);
  }
  return sites.sort((a, b) => a.node.pos - b.node.pos);
}

/**
 * Names a write attaches to its records: object-literal keys in its arguments (followed into
 * variables holding object or array literals or mapped arrays) and identifiers passed bare
 * (`["memories", userId]`). Property reads are not counted: `res.url` read on the way is not a field.
 */
export function writtenFieldNames(call: ts.CallExpression, facts: FileFacts): Set<string> {
  const names = new Set<string>();
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node, depth: number): void => {
    if (seen.has(node) || depth > 4) return;
    seen.add(node);
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const name = staticName(node.name);
      if (name) names.add(name);
    }
    if (ts.isPropertyAccessExpression(node)) return visit(node.expression, depth);
    if (ts.isIdentifier(node)) {
      if (!isReference(node)) return;
      names.add(node.text);
      const decl = facts.resolve(node.text, node);
      const init = decl?.init && decl.init.path.length === 0 ? unwrap(decl.init.expression) : undefined;
      if (init && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || isArrayMap(init))) visit(init, depth + 1);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, depth));
  };
  for (const arg of call.arguments) visit(arg, 0);
  return names;
}

function isArrayMap(expr: ts.Expression): boolean {
  return ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && (expr.expression.name.text === 'map' || expr.expression.name.text === 'flatMap');
}
