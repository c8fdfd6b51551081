import type { FunctionFact } from './function-facts.js';

/** Calls to a method by its name, from receivers no file could trace (function-facts.ts memberCalls). */
export interface NamedCalls {
  /** Callers that wait for the call (whether or not they catch its failure): followed up the chain. */
  readonly waiting: readonly string[];
  /** Of those, the callers that do not catch its failure: they fail with it. */
  readonly uncaught: readonly string[];
  /** Some call is started and not waited for. */
  readonly detached: boolean;
}

export interface MemberCallers {
  /** The calls that may reach the method `id` by its name. */
  callers(id: string): NamedCalls;
  /**
   * Does the call graph see every call of the method `id`? Its name is mentioned nowhere in the project
   * except in recorded calls (resolved ones, and calls by name on untraced receivers, all counted as its
   * callers), its class extends or implements nothing a base or framework could call it through, it is
   * no published library's (whose users call it from outside), and every file's mentions are known.
   */
  allCallsSeen(id: string, publishedLibrary: (file: string) => boolean): boolean;
  /** The method's name appears in the project only in calls: nothing hands it on as a value. */
  mentionedOnlyInCalls(id: string): boolean;
}

const NO_CALLS: NamedCalls = { waiting: [], uncaught: [], detached: false };

const methodName = (key: string): string | undefined => {
  if (key.startsWith('<') || !key.includes('.')) return undefined;
  const name = key.slice(key.lastIndexOf('.') + 1);
  return name === 'constructor' ? undefined : name;
};

/**
 * A field-based view of method calls (as in approximate JavaScript call graphs): `x.name()` on a receiver
 * no file can trace may call any method called `name`. Used only where that is exact in the other
 * direction: a method whose name nothing else mentions has no callers but these and the resolved ones.
 */
export function memberCallers(
  functions: readonly { readonly file: string; readonly fact: FunctionFact; readonly id: string }[],
  files: readonly { readonly looseNames?: readonly string[] }[],
): MemberCallers {
  const namesKnown = files.every((f) => f.looseNames !== undefined);
  const loose = new Set<string>();
  for (const file of files) for (const name of file.looseNames ?? []) loose.add(name);
  // Sets, in first-call order: a common name (`get`, `send`) is called from thousands of functions of a bundle.
  const byName = new Map<string, { waiting: Set<string>; uncaught: Set<string>; detached: boolean }>();
  const located = new Map<string, { file: string; fact: FunctionFact }>();
  for (const { file, fact, id } of functions) {
    located.set(id, { file, fact });
    for (const call of fact.memberCalls ?? []) {
      let calls = byName.get(call.member);
      if (!calls) byName.set(call.member, (calls = { waiting: new Set(), uncaught: new Set(), detached: false }));
      if (call.detached) calls.detached = true;
      else {
        calls.waiting.add(id);
        if (!call.failureDropped) calls.uncaught.add(id);
      }
    }
  }
  /** The method's name is mentioned nowhere but in recorded calls (not handed on as a value). */
  const mentionedOnlyInCalls = (id: string): boolean => {
    const name = methodName(located.get(id)?.fact.key ?? '');
    return namesKnown && name !== undefined && !loose.has(name);
  };
  /** ... and no base or framework can call it. */
  const projectCallsSeen = (id: string): boolean => mentionedOnlyInCalls(id) && located.get(id)?.fact.inherits !== true;
  return {
    callers: (id) => {
      const name = methodName(located.get(id)?.fact.key ?? '');
      const calls = name === undefined ? undefined : byName.get(name);
      return calls ? { waiting: [...calls.waiting].filter((from) => from !== id), uncaught: [...calls.uncaught].filter((from) => from !== id), detached: calls.detached } : NO_CALLS;
    },
    allCallsSeen: (id, publishedLibrary) => {
      const node = located.get(id);
      return projectCallsSeen(id) && !!node && !publishedLibrary(node.file);
    },
    mentionedOnlyInCalls,
  };
}
