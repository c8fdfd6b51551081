import type { CalleeRef, FunctionFact } from './function-facts.js';

/** What the fixed point needs of the summaries: where a callee reference goes, and whether a function returns external content. */
export interface ParameterInput {
  readonly nodes: ReadonlyMap<string, FunctionFact>;
  /** A function's id for a callee reference of `file`, or undefined when it is none the project holds. */
  readonly resolve: (file: string, callee: CalleeRef) => string | undefined;
  readonly returnsUntrusted: (id: string) => boolean;
  /** The parameters a function returns, whole or in part (returned-parameters.ts). */
  readonly returnsParams: (id: string) => readonly number[];
}

interface Content {
  readonly external?: true;
  readonly from?: readonly CalleeRef[];
}

const fileOf = (id: string): string => id.slice(0, id.lastIndexOf('#'));

/**
 * Which parameters of each function receive external content at some call site: an argument that
 * carries content read in the caller's file, or the result of a project function that returns it,
 * or a parameter of the caller that itself receives it and is passed on (a caller-first fixed point,
 * run once the callee-first summaries are known).
 */
export function untrustedParameters(input: ParameterInput): Map<string, Set<number>> {
  const marked = new Map<string, Set<number>>();
  const work: [string, number][] = [];
  const mark = (id: string, param: number): void => {
    const set = marked.get(id) ?? new Set<number>();
    if (set.has(param)) return;
    set.add(param);
    marked.set(id, set);
    work.push([id, param]);
  };
  /** `caller#param` → the callee parameters it is passed to. */
  const passedOn = new Map<string, [string, number][]>();
  for (const [id, fact] of input.nodes) {
    const file = fileOf(id);
    const carries = (content: Content): boolean =>
      content.external === true ||
      (content.from ?? []).some((ref) => {
        const source = input.resolve(file, ref);
        return source !== undefined && input.returnsUntrusted(source);
      });
    const returnsArgument = (callee: CalleeRef, argument: number): boolean => {
      const id = input.resolve(file, callee);
      return id !== undefined && input.returnsParams(id).includes(argument);
    };
    for (const arg of fact.flows?.untrustedArgs ?? []) {
      const to = input.resolve(file, arg.callee);
      if (!to) continue;
      if (carries(arg) || (arg.through ?? []).some((via) => carries(via) && returnsArgument(via.callee, via.argument))) mark(to, arg.argument);
    }
    for (const { param, callee, argument } of fact.flows?.forwards ?? []) {
      const to = input.resolve(file, callee);
      if (!to) continue;
      const key = `${id}\n${param}`;
      passedOn.set(key, [...(passedOn.get(key) ?? []), [to, argument]]);
    }
  }
  while (work.length > 0) {
    const [id, param] = work.pop() as [string, number];
    for (const [to, argument] of passedOn.get(`${id}\n${param}`) ?? []) mark(to, argument);
  }
  return marked;
}
