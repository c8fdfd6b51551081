import { ts } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { camelWordsSplittingAcronyms, letterWords } from '../../model/name-words.js';

/** A test of a name against word sequences (`evalRunId` holds "eval run"), words matched whole. */
function holdsSequence(sequences: readonly string[], hint: RegExp): (name: string) => boolean {
  const spacedSequences = sequences.map((n) => ` ${letterWords(n).join(' ')} `);
  return (name) => {
    if (spacedSequences.length === 0 || !hint.test(name)) return false;
    const spaced = ` ${camelWordsSplittingAcronyms(name).join(' ')} `;
    return spacedSequences.some((sequence) => spaced.includes(sequence));
  };
}

/** Names of the classes, functions and variables the file declares. */
function* declaredNames(facts: FileFacts): Iterable<string> {
  for (const node of facts.index.declaring) {
    const name = (node as { name?: ts.Node }).name;
    if (name && ts.isIdentifier(name)) yield name.text;
  }
}

/**
 * Does this file carry evaluation plumbing: names (identifiers read or declared, string literals such as
 * header or environment names) holding one of the catalog's `evalPlumbingNames` word sequences
 * (`evalRunId`, `XULUX_EVAL_MODE`, `EvaluationRunner`)? A project that runs its agent under an eval
 * harness has evals even when the harness or its datasets live elsewhere.
 */
export function hasEvalPlumbing(facts: FileFacts): boolean {
  const named = holdsSequence(facts.classifier.observability.evalPlumbingNames, /eval/i);
  for (const name of facts.index.reads.keys()) if (named(name)) return true;
  for (const name of declaredNames(facts)) if (named(name)) return true;
  for (const literal of facts.index.stringLiterals) if (literal.text.length <= 80 && named(literal.text)) return true;
  return false;
}

/**
 * Does this file declare a recorder of the agent's steps or model interactions of the project's own
 * (`class LLMLogger`, `class ActionTracker`: catalog `ownTracingNames`)? Only declarations count: a
 * name read from a library is that library's, and the catalog lists the tracing libraries.
 */
export function declaresOwnTracing(facts: FileFacts): boolean {
  const named = holdsSequence(facts.classifier.observability.ownTracingNames, /log|trac|record/i);
  for (const name of declaredNames(facts)) if (named(name)) return true;
  return false;
}
