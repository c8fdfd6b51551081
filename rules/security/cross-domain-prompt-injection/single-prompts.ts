import { ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { pathMatches } from '../../../src/catalog/matcher.js';
import { argumentProperty } from '../../../src/inventory/values.js';
import { messageConstructorText, type InstructionSlot } from '../../../src/domain/prompts/system-prompts.js';

/** Text-valued expressions: a literal, a template, a `+` chain, or a const holding one (followed a few hops). */
function isPromptText(expr: ts.Expression, facts: FileFacts, depth = 0): boolean {
  const node = unwrap(expr);
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return true;
  if (!ts.isIdentifier(node) || depth > 3) return false;
  const decl = facts.resolve(node.text, node);
  return !!decl?.init && decl.init.path.length === 0 && isPromptText(decl.init.expression, facts, depth + 1);
}

/** Does the call also hand the model instructions or a conversation (`system`, `messages`…)? Then the prompt is one turn of it. */
function hasRoleSeparation(call: ts.CallExpression | ts.NewExpression, facts: FileFacts): boolean {
  const { agents, promptInjection } = facts.classifier;
  return [...agents.promptKeys, ...promptInjection.conversationKeys].some((key) => argumentProperty(call, key) !== undefined);
}

/** `[new SystemMessage(rules), new HumanMessage(text)]`: a sibling system message separates the roles. */
function hasSystemSibling(node: ts.Node, facts: FileFacts): boolean {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  const list = current.parent;
  if (!list || !ts.isArrayLiteralExpression(list)) return false;
  return list.elements.some((element) => {
    if (element === current) return false;
    const inner = unwrap(element);
    if (facts.index.systemMessages.includes(inner as ts.ObjectLiteralExpression)) return true;
    if (ts.isArrayLiteralExpression(inner)) return ts.isStringLiteralLike(inner.elements[0] ?? inner) && (inner.elements[0] as ts.StringLiteralLike).text === 'system';
    if (!ts.isNewExpression(inner) && !ts.isCallExpression(inner)) return false;
    const origin = facts.originOf(inner.expression);
    return !!origin && origin.module !== 'globalThis' && facts.classifier.matches(facts.classifier.promptInjection.systemMessageCalls, origin);
  });
}

/**
 * Prompts sent as one string with no role separation, where instructions and data share a message:
 * the `prompt` option of an LLM call that sets no system prompt or conversation, a text argument of a
 * model call (`model.invoke(\`…\`)`, `generateContent(text)`), and a user message built alone.
 */
export function singlePromptSlots(facts: FileFacts): InstructionSlot[] {
  const { memory, promptInjection } = facts.classifier;
  const slots: InstructionSlot[] = [];
  for (const site of facts.callSites) {
    if (site.entry.kind !== 'llm' || site.operation !== 'generate') continue;
    if (memory.nonTextModelCalls.some((pattern) => pathMatches(site.origin.path.slice(-pattern.split('.').length), pattern))) continue;
    if (hasRoleSeparation(site.node, facts)) continue;
    for (const key of promptInjection.singlePromptKeys) {
      const value = argumentProperty(site.node, key);
      if (value && ts.isExpression(value) && isPromptText(value, facts)) slots.push({ value, holder: `\`${key}\` option` });
    }
    const first = site.node.arguments?.[0];
    if (first && isPromptText(first, facts)) slots.push({ value: first, holder: 'prompt' });
  }
  for (const call of facts.index.newExpressions) {
    if (!facts.mayCall(promptInjection.userMessageCalls, call)) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(promptInjection.userMessageCalls, origin)) continue;
    const value = messageConstructorText(call);
    if (value && isPromptText(value, facts) && !hasSystemSibling(call, facts)) slots.push({ value, holder: 'single user message' });
  }
  return slots;
}
