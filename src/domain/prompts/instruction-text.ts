import { staticName, ts } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { letterWords } from '../../model/name-words.js';
import type { StringLiteralPart } from '../../model/file-index.js';

/**
 * Fewer words than this is a placeholder or a one-line nudge ("You are a helpful assistant."), not
 * behaviour the code's authors wrote and would test; real system prompts and templates run to sentences.
 */
const MIN_INSTRUCTION_WORDS = 12;

/** The static text of a literal; a template's parts are read once, at its head, joined by a gap. */
function staticText(literal: StringLiteralPart): string | undefined {
  if (ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) return literal.text;
  if (!ts.isTemplateHead(literal)) return undefined;
  const template = literal.parent as ts.TemplateExpression;
  return [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join(' … ');
}

/** The property or JSX attribute a literal is the value of: `placeholder: '…'`, `placeholder="…"`. */
function holderName(literal: ts.Node): string | undefined {
  const parent = literal.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === literal) return staticName(parent.name);
  if (ts.isJsxAttribute(parent)) return parent.name.getText();
  return undefined;
}

/**
 * How many literals in this file are instruction text its authors wrote for a model: a system prompt,
 * an agent's instructions or a prompt template, recognised by length and by phrasing that addresses the
 * model (the catalog's `promptPhrases`). Text shown to people about prompts (a `placeholder`, a field's
 * `description`) is not a prompt.
 */
export function countInstructionTexts(facts: FileFacts): number {
  const { promptPhrases, promptTextNotHeldBy } = facts.classifier.observability;
  if (promptPhrases.length === 0) return 0;
  const phrases = promptPhrases.map((p) => ` ${letterWords(p).join(' ')} `);
  const notHeldBy = new Set(promptTextNotHeldBy);
  let count = 0;
  for (const literal of facts.index.stringLiterals) {
    const text = staticText(literal);
    if (text === undefined || text.length < MIN_INSTRUCTION_WORDS * 2) continue;
    const words = letterWords(text);
    if (words.length < MIN_INSTRUCTION_WORDS) continue;
    const holder = holderName(ts.isTemplateHead(literal) ? literal.parent : literal);
    if (holder !== undefined && notHeldBy.has(holder)) continue;
    const spaced = ` ${words.join(' ')} `;
    if (phrases.some((phrase) => spaced.includes(phrase))) count++;
  }
  return count;
}

/**
 * Does the package own agent behaviour: instructions it wrote for a model, or tools of its own for a
 * model to call? A provider adapter, a chat UI forwarding its users' prompts or a node library running
 * prompts its users configure owns none: what it sends is its callers' to evaluate and trace.
 */
export function ownsAgentBehaviour(project: { readonly promptFiles: readonly string[]; readonly toolFiles: readonly string[] }): boolean {
  return project.promptFiles.length > 0 || project.toolFiles.length > 0;
}
