import type { CalleeRef, FunctionFact } from './function-facts.js';
import { isFunctionId } from './callee-targets.js';

/**
 * Which parameters each function returns, whole or as part of what it returns: those its own flow
 * facts found, and those it passes into a returned project call that returns that argument
 * (`return clean(html)` with `clean` returning its input; a package's function is taken to), followed
 * from call to call. Each answer is kept; a cycle of such calls adds nothing on its way round.
 */
export function returnedParameters(
  located: ReadonlyMap<string, { readonly file: string; readonly fact: FunctionFact }>,
  target: (file: string, callee: CalleeRef) => string,
): (id: string) => readonly number[] {
  const known = new Map<string, readonly number[]>();
  const asking = new Set<string>();
  const of = (id: string): readonly number[] => {
    const remembered = known.get(id);
    if (remembered) return remembered;
    const node = located.get(id);
    const own = node?.fact.flows?.returnsParams ?? [];
    const via = node?.fact.flows?.returnsParamsVia ?? [];
    if (!node || via.length === 0 || asking.has(id)) return own;
    asking.add(id);
    const found = new Set(own);
    for (const { param, callee, argument } of via) {
      const to = target(node.file, callee);
      // A package's function is taken to return what it is given (`cheerio.load(html)`), as the file's own trace takes any call.
      if (!isFunctionId(to) || of(to).includes(argument)) found.add(param);
    }
    asking.delete(id);
    const answer = [...found].sort((a, b) => a - b);
    known.set(id, answer);
    return answer;
  };
  return of;
}
