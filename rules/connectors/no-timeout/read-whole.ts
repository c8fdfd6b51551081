import type { ts } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { destinationOf, thenParameter } from '../../../src/model/value-flow.js';

/** Response members that are the body as a stream: a bound on the whole exchange would cut it. */
const STREAM_MEMBERS = new Set(['body', 'pipe', 'getReader']);

/**
 * The response is read here and only here, never as a stream: every use is a member such as
 * `.json()`, `.ok` or `.status`, directly, through a const, or in `.then(res => …)`. An
 * `AbortSignal.timeout(ms)` bounds the whole exchange, body included, so a response streamed
 * (`res.body`), returned or handed to other code (which may stream it) gets no signal from a codemod.
 */
export function readWholeHere(site: CallSite, facts: FileFacts): boolean {
  let members = 0;
  const follow = (expr: ts.Expression, depth: number): boolean => {
    if (depth > 3) return false;
    const destination = destinationOf(expr, facts);
    switch (destination.kind) {
      case 'member':
        members += 1;
        return !STREAM_MEMBERS.has(destination.name);
      case 'binding':
        return destination.declarations.every((decl) => facts.references(decl).every((ref) => follow(ref, depth + 1)));
      case 'then':
        return !!destination.callback && thenParameter(destination.callback, facts).every((decl) => facts.references(decl).every((ref) => follow(ref, depth + 1)));
      case 'discarded':
        return true;
      default:
        return false;
    }
  };
  return follow(site.node, 0) && members > 0;
}
