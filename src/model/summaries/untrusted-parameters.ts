import type { CalleeRef, FunctionFact } from './function-facts.js';
import { appendTo } from './multimap.js';

/** What the search needs of the summaries: where a callee reference goes, and whether a function returns external content. */
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

type UntrustedArgument = NonNullable<NonNullable<FunctionFact['flows']>['untrustedArgs']>[number];

const fileOf = (id: string): string => id.slice(0, id.lastIndexOf('#'));
const slot = (id: string, param: number): string => `${id}\n${param}`;

/**
 * Does external content reach this parameter (by position) of a function at some call site: an
 * argument that carries content read in the caller's file, or the result of a project function that
 * returns it, or a parameter of the caller that itself receives it and is passed on?
 *
 * Asked backwards, from the parameter to the call sites that pass into it: only the arguments on the
 * way are judged, and only their sources' summaries are solved (judging every argument of the project
 * up front solved the summaries of every function any argument came from). An answer of no holds for
 * every parameter the search went through, since each of them reaches no more than the first.
 */
export function createUntrustedParameters(input: ParameterInput): (id: string, param: number) => boolean {
  /** Per parameter slot: the arguments passed into it that may carry external content, and the caller parameters passed on into it. */
  const argumentsInto = new Map<string, { file: string; arg: UntrustedArgument }[]>();
  const forwardedInto = new Map<string, string[]>();
  for (const [id, fact] of input.nodes) {
    const file = fileOf(id);
    for (const arg of fact.flows?.untrustedArgs ?? []) {
      const to = input.resolve(file, arg.callee);
      if (to) appendTo(argumentsInto, slot(to, arg.argument), { file, arg });
    }
    for (const { param, callee, argument } of fact.flows?.forwards ?? []) {
      const to = input.resolve(file, callee);
      if (to) appendTo(forwardedInto, slot(to, argument), slot(id, param));
    }
  }
  const carries = (file: string, content: Content): boolean =>
    content.external === true ||
    (content.from ?? []).some((ref) => {
      const source = input.resolve(file, ref);
      return source !== undefined && input.returnsUntrusted(source);
    });
  const returnsArgument = (file: string, callee: CalleeRef, argument: number): boolean => {
    const id = input.resolve(file, callee);
    return id !== undefined && input.returnsParams(id).includes(argument);
  };
  const untrusted = ({ file, arg }: { file: string; arg: UntrustedArgument }): boolean =>
    carries(file, arg) || (arg.through ?? []).some((via) => carries(file, via) && returnsArgument(file, via.callee, via.argument));
  const answers = new Map<string, boolean>();
  return (id, param) => {
    const target = slot(id, param);
    const known = answers.get(target);
    if (known !== undefined) return known;
    const seen = new Set([target]);
    const queue = [target];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (answers.get(next) === true || (argumentsInto.get(next) ?? []).some(untrusted)) {
        answers.set(target, true);
        return true;
      }
      for (const from of forwardedInto.get(next) ?? []) {
        if (seen.has(from) || answers.get(from) === false) continue;
        seen.add(from);
        queue.push(from);
      }
    }
    for (const visited of seen) answers.set(visited, false);
    return false;
  };
}
