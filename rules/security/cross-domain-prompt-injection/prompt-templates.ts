import { staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { escapeRegExp } from '../../../src/catalog/regex-safety.js';

/**
 * A variable filled into a LangChain prompt template (`PromptTemplate.fromTemplate(t).format({ context })`,
 * `prompt.pipe(model).invoke({ context })`) whose template is one string with no system role: the
 * variable's value is spliced into the instructions exactly like a `${}` in a template literal.
 */
export interface TemplateVariableSlot {
  readonly value: ts.Expression;
  readonly name: string;
  readonly holder: string;
  /** The template text the variable is filled into. */
  readonly template: string;
}

/** String text of a literal or a const holding one; undefined when built at run time. */
function stringText(expr: ts.Expression | undefined, facts: FileFacts, depth = 0): string | undefined {
  const node = expr && unwrap(expr);
  if (!node || depth > 3) return undefined;
  if (ts.isStringLiteralLike(node)) return node.text;
  if (!ts.isIdentifier(node)) return undefined;
  const init = facts.resolve(node.text, node)?.init;
  return init && init.path.length === 0 ? stringText(init.expression, facts, depth + 1) : undefined;
}

/** The human-turn texts of `fromMessages([...])`, or undefined when a system message separates the roles. */
function messagesTemplate(list: ts.Expression | undefined, facts: FileFacts): string | undefined {
  const node = list && unwrap(list);
  if (!node || !ts.isArrayLiteralExpression(node)) return undefined;
  const texts: string[] = [];
  for (const element of node.elements) {
    const entry = unwrap(element);
    if (!ts.isArrayLiteralExpression(entry)) return undefined;
    const role = stringText(entry.elements[0], facts);
    if (role === undefined || role === 'system') return undefined;
    const text = stringText(entry.elements[1], facts);
    if (text === undefined) return undefined;
    if (role === 'human' || role === 'user') texts.push(text);
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/** The template text a prompt-template expression was built from (through consts and `.pipe(…)`). */
function templateText(expr: ts.Expression, facts: FileFacts, depth = 0): string | undefined {
  const node = unwrap(expr);
  if (depth > 4) return undefined;
  if (ts.isIdentifier(node)) {
    const init = facts.resolve(node.text, node)?.init;
    return init && init.path.length === 0 ? templateText(init.expression, facts, depth + 1) : undefined;
  }
  if (ts.isNewExpression(node)) {
    const options = node.arguments?.[0] && unwrap(node.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
    const template = options.properties.find((p) => staticName(p.name) === 'template');
    return template && ts.isPropertyAssignment(template) ? stringText(template.initializer, facts) : undefined;
  }
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  if (method === 'pipe') return templateText(node.expression.expression, facts, depth + 1);
  if (method === 'fromTemplate') return stringText(node.arguments[0], facts);
  if (method === 'fromMessages') return messagesTemplate(node.arguments[0], facts);
  return undefined;
}

/** Variables passed to a catalog prompt template's format/invoke whose template text is known and single-role. */
export function templateVariableSlots(facts: FileFacts): TemplateVariableSlot[] {
  const { promptTemplates } = facts.classifier.retrieval;
  const slots: TemplateVariableSlot[] = [];
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const variables = call.arguments[0] && unwrap(call.arguments[0]);
    if (!variables || !ts.isObjectLiteralExpression(variables)) continue;
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis' || !facts.classifier.matches(promptTemplates, origin)) continue;
    const template = templateText(callee.expression, facts);
    if (template === undefined) continue;
    for (const property of variables.properties) {
      const name = staticName(property.name);
      if (name === undefined) continue;
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (value) slots.push({ value, name, holder: `prompt template variable \`${name}\``, template });
    }
  }
  return slots;
}

/** The text before and after each `{name}` / `{{name}}` placeholder of the variable in the template. */
export function placeholderContexts(template: string, name: string): { before: string; after: string }[] {
  const escaped = escapeRegExp(name);
  const placeholder = new RegExp(`\\{\\{?\\s*${escaped}\\s*\\}?\\}`, 'g');
  return [...template.matchAll(placeholder)].map((m) => ({ before: template.slice(0, m.index), after: template.slice((m.index ?? 0) + m[0].length) }));
}
