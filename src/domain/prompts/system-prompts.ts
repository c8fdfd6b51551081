import { objectProperty, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { argumentProperty } from '../../inventory/values.js';
import { keepsItsSystemRole } from './role-preserving.js';

/** Text the model receives as its system prompt or instructions, and what holds it. */
export interface InstructionSlot {
  readonly value: ts.Expression;
  /** How the slot is written, for messages: "system message", "`instructions` option"… */
  readonly holder: string;
}

function messageContent(message: ts.ObjectLiteralExpression | ts.ArrayLiteralExpression): ts.Expression | undefined {
  if (ts.isArrayLiteralExpression(message)) return message.elements[1];
  const prop = objectProperty(message, 'content');
  if (prop && ts.isPropertyAssignment(prop)) return prop.initializer;
  if (prop && ts.isShorthandPropertyAssignment(prop)) return prop.name;
  return undefined;
}

function optionSlots(call: ts.CallExpression | ts.NewExpression, promptKeys: readonly string[]): InstructionSlot[] {
  return promptKeys.flatMap((key) => {
    const value = argumentProperty(call, key);
    return value && ts.isExpression(value) ? [{ value, holder: `\`${key}\` option` }] : [];
  });
}

/**
 * The text of a LangChain message constructor, system or user: `new SystemMessage(text)`,
 * `new HumanMessage({ content })`, `SystemMessagePromptTemplate.fromTemplate(text)`.
 */
export function messageConstructorText(call: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  const first = call.arguments?.[0];
  if (!first) return undefined;
  const node = unwrap(first);
  if (!ts.isObjectLiteralExpression(node)) return first;
  const prop = objectProperty(node, 'content');
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/**
 * The system prompts and agent instructions written in this file: `{ role: 'system', content }` and
 * `['system', text]` messages, the prompt options (`system`, `instructions`…) of LLM calls and agent
 * constructors, and LangChain system-message constructors; not a message converted from one that
 * already had the system role (role-preserving.ts).
 */
export function instructionSlots(facts: FileFacts): readonly InstructionSlot[] {
  // Asked by the function summaries and by the rule, of the same file.
  let slots = slotsOf.get(facts);
  if (!slots) slotsOf.set(facts, (slots = findInstructionSlots(facts)));
  return slots;
}

const slotsOf = new WeakMap<FileFacts, readonly InstructionSlot[]>();

function findInstructionSlots(facts: FileFacts): InstructionSlot[] {
  const { agents, promptInjection } = facts.classifier;
  const slots: InstructionSlot[] = [];
  const addSystemMessage = (value: ts.Expression | undefined): void => {
    if (value && !keepsItsSystemRole(value, facts)) slots.push({ value, holder: 'system message' });
  };
  for (const message of facts.index.systemMessages) addSystemMessage(messageContent(message));
  for (const site of facts.callSites) {
    if (site.entry.kind === 'llm' && site.operation === 'generate') slots.push(...optionSlots(site.node, agents.promptKeys));
  }
  for (const call of [...facts.index.calls, ...facts.index.newExpressions]) {
    if (!facts.mayCall(promptInjection.instructionHolders, call) && !facts.mayCall(promptInjection.systemMessageCalls, call)) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis') continue;
    if (facts.classifier.matches(promptInjection.instructionHolders, origin)) slots.push(...optionSlots(call, agents.promptKeys));
    else if (facts.classifier.matches(promptInjection.systemMessageCalls, origin)) addSystemMessage(messageConstructorText(call));
  }
  return slots;
}

/**
 * The position of `fn`'s parameter that a slot holds whole (`{ role: 'system', content: system }` in
 * `complete(system, user)`): the prompt's text is then written by each caller. A plain name only.
 */
export function slotParameter(slot: ts.Expression, fn: FunctionLike, facts: FileFacts): number | undefined {
  const node = unwrap(slot);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  const param = decl?.kind === 'parameter' ? decl.node : undefined;
  return param && ts.isParameter(param) && param.parent === fn && ts.isIdentifier(param.name) && !param.dotDotDotToken ? fn.parameters.indexOf(param) : undefined;
}
