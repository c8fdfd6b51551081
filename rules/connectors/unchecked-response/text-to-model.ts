import { enclosingFunction, ts, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { destinationOf } from '../../../src/model/value-flow.js';
import { toolFrameworkOf } from '../../../src/domain/tools/tool-definitions.js';

/** String methods that cut or tidy the text without reading anything out of it. */
const TEXT_TRIMS = new Set(['slice', 'substring', 'substr', 'trim', 'trimStart', 'trimEnd']);

/** `text`, `text.slice(0, max)`, `const page = text.trim()`: the text reaches `fn`'s return as it is, cut at most. */
function returnedAsText(expr: ts.Expression, fn: FunctionLike, facts: FileFacts, depth = 0): boolean {
  if (depth > 3) return false;
  const destination = destinationOf(expr, facts);
  if (destination.kind === 'returned') return destination.fn === fn;
  if (destination.kind === 'member') return destination.called && TEXT_TRIMS.has(destination.name) && returnedAsText(destination.value, fn, facts, depth + 1);
  if (destination.kind !== 'binding') return false;
  const refs = destination.declarations.flatMap((decl) => facts.references(decl));
  return refs.length > 0 && refs.every((ref) => returnedAsText(ref, fn, facts, depth + 1));
}

/**
 * `async _call(url) { const res = await fetch(url); return (await res.text()).slice(0, max) }`: a tool
 * that answers the model with the page's text. An error page reaches the model as the text it is ("404
 * Not Found"), as a browser shows it; no code parses it into data that passes for an answer.
 */
export function textAnsweredToModel(request: ts.Node, bodies: readonly ts.Expression[], facts: FileFacts): boolean {
  const fn = enclosingFunction(request);
  if (!fn || toolFrameworkOf(fn, facts) === undefined) return false;
  return bodies.length > 0 && bodies.every((body) => enclosingFunction(body) === fn && returnedAsText(body, fn, facts));
}
