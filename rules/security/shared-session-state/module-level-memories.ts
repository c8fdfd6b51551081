import { enclosingFunction, isFunctionLike, staticName, ts, unwrap, valueCarrier } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isModuleLevel } from './module-variable-changes.js';
import type { Declaration } from '../../../src/model/scope.js';
import { returnedExpressions } from '../../../src/model/value-flow.js';

/** A conversation memory, or a chain or engine holding one, created once at module level. */
export interface SharedMemoryHolder {
  readonly decl: Declaration;
  readonly name: string;
  /** What it is, for the message: `BufferMemory`, `ConversationChain`, `LLMChain with memory \`memory\``. */
  readonly what: string;
  /** Uses inside functions, in source order: the method call on it, or the reference itself. */
  readonly uses: readonly ts.Node[];
}

export type Made = { readonly kind: 'memory' | 'agent'; readonly what: string } | undefined;

/** The class or factory a `new X()` / `x.asChatEngine()` makes, by import. */
export function madeBy(expr: ts.Expression, facts: FileFacts): Made {
  const node = unwrap(expr);
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return undefined;
  const origin = facts.originOf(node.expression);
  if (!origin || origin.module === 'globalThis') return undefined;
  const { sharedMemoryClasses, statefulAgents } = facts.classifier.sessionState;
  const what = origin.path[origin.path.length - 1] ?? origin.module;
  if (facts.classifier.matches(sharedMemoryClasses, origin)) return { kind: 'memory', what };
  if (facts.classifier.matches(statefulAgents, origin)) return { kind: 'agent', what };
  return undefined;
}

/** A module-level memory the expression names: its name in backticks. */
function sharedMemoryName(expr: ts.Expression, memories: ReadonlyMap<Declaration, string>, facts: FileFacts): string | undefined {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  return decl && memories.has(decl) ? `\`${node.text}\`` : undefined;
}

/**
 * The shared memory an option hands over: `memory: sharedMemory`, `memory: new BufferMemory()`, or a
 * getter that returns the same memory whatever session it is asked for (`getMessageHistory: () => history`).
 */
function optionMemory(p: ts.ObjectLiteralElementLike, memories: ReadonlyMap<Declaration, string>, facts: FileFacts): string | undefined {
  const { memoryOptions, memoryGetters } = facts.classifier.sessionState;
  const key = staticName(p.name) ?? '';
  const value = ts.isPropertyAssignment(p) ? unwrap(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isMethodDeclaration(p) ? p : undefined;
  if (!value) return undefined;
  if (memoryGetters.includes(key) && isFunctionLike(value)) {
    const returned = returnedExpressions(value).map((expr) => sharedMemoryName(expr, memories, facts));
    return returned.length > 0 && returned.every(Boolean) ? returned[0] : undefined;
  }
  if (!memoryOptions.includes(key) || isFunctionLike(value)) return undefined;
  const made = madeBy(value as ts.Expression, facts);
  return sharedMemoryName(value as ts.Expression, memories, facts) ?? (made?.kind === 'memory' ? `a ${made.what}` : undefined);
}

/** `new LLMChain({ llm, memory })` where `memory` is a shared memory (inline or a module-level one): its name. */
function sharedMemoryOption(expr: ts.Expression, memories: ReadonlyMap<Declaration, string>, facts: FileFacts): string | undefined {
  const node = unwrap(expr);
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return undefined;
  for (const arg of node.arguments ?? []) {
    const options = unwrap(arg);
    if (!ts.isObjectLiteralExpression(options)) continue;
    for (const p of options.properties) {
      const memory = optionMemory(p, memories, facts);
      if (memory) return memory;
    }
  }
  return undefined;
}

/** Does this call on a stateful chain or engine bring its own history (`engine.chat({ message, chatHistory })`)? */
function bringsHistory(call: ts.CallExpression, facts: FileFacts): boolean {
  const keys = facts.classifier.sessionState.perCallHistoryOptions;
  return call.arguments.some((arg) => {
    const node = unwrap(arg);
    return ts.isObjectLiteralExpression(node) && node.properties.some((p) => keys.includes(staticName(p.name) ?? ''));
  });
}

/** References inside functions: the method call made on it (`memory.saveContext(…)`), else the reference. */
function usesOf(decl: Declaration, facts: FileFacts, perCallExempt: boolean): ts.Node[] {
  return facts.references(decl).flatMap((ref): ts.Node[] => {
    if (!enclosingFunction(ref)) return [];
    const carrier = valueCarrier(ref);
    const member = carrier.parent;
    const call = ts.isPropertyAccessExpression(member) && member.expression === carrier && ts.isCallExpression(member.parent) && member.parent.expression === member ? member.parent : undefined;
    if (call && perCallExempt && bringsHistory(call, facts)) return [];
    return [call ?? ref];
  });
}

/** Module-level `const name = <initializer>` declarations, exported or not. */
function moduleDeclarations(facts: FileFacts): { decl: Declaration; name: string; init: ts.Expression }[] {
  const found: { decl: Declaration; name: string; init: ts.Expression }[] = [];
  for (const statement of facts.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const node of statement.declarationList.declarations) {
      if (!ts.isIdentifier(node.name) || !node.initializer) continue;
      const decl = facts.resolve(node.name.text, node.name);
      if (isModuleLevel(decl) && decl.node === node) found.push({ decl, name: node.name.text, init: node.initializer });
    }
  }
  return found;
}

/**
 * Conversation memories (BufferMemory, in-memory and session-bound message histories, LlamaIndex
 * chat memory) created at module level, and chains, engines and agents created at module level that
 * keep a conversation: stateful by design (ConversationChain, chat engines) or given a shared memory.
 */
export function sharedMemoryHolders(facts: FileFacts): SharedMemoryHolder[] {
  const declarations = moduleDeclarations(facts);
  const memories = new Map<Declaration, string>();
  const holders: SharedMemoryHolder[] = [];
  for (const { decl, name, init } of declarations) {
    const made = madeBy(init, facts);
    if (made?.kind !== 'memory') continue;
    memories.set(decl, made.what);
    holders.push({ decl, name, what: made.what, uses: usesOf(decl, facts, false) });
  }
  for (const { decl, name, init } of declarations) {
    if (memories.has(decl)) continue;
    const memory = sharedMemoryOption(init, memories, facts);
    const made = madeBy(init, facts);
    const callee = unwrap(init);
    const calleeName = (ts.isNewExpression(callee) || ts.isCallExpression(callee)) && staticName(ts.isPropertyAccessExpression(callee.expression) ? callee.expression.name : callee.expression);
    if (memory) holders.push({ decl, name, what: `${calleeName || 'chain'} with memory ${memory}`, uses: usesOf(decl, facts, false) });
    else if (made?.kind === 'agent') holders.push({ decl, name, what: made.what, uses: usesOf(decl, facts, true) });
  }
  return holders;
}
