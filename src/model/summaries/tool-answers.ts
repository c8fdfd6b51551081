import type { ModuleGraph } from '../graph/module-graph.js';
import type { FunctionFact } from './function-facts.js';
import type { AgentPathInput } from './agent-path.js';

/** A module's path without its script extension: the copies a dual build ships share it. */
const stemOf = (path: string): string => path.replace(/\.[cm]?[jt]sx?$/, '');

/**
 * What the agent-path questions need to know of tool frameworks that answer the model with what a tool
 * throws: which tools, which tool classes, and which modules import which (to tell a call by name of a
 * tool class's method from one of another method of that name).
 */
export function toolAnswers(
  located: ReadonlyMap<string, { readonly file: string; readonly fact: FunctionFact }>,
  graph: ModuleGraph,
  dependencyMajor?: (file: string, module: string) => number | undefined,
): Required<Pick<AgentPathInput, 'errorsAnswerModel' | 'inAnsweredToolClass' | 'imports'>> {
  const errorsAnswerModel = (id: string): boolean => {
    const node = located.get(id);
    const answered = node?.fact.errorsAnswered;
    if (!node || !answered) return false;
    // A version the package does not declare (a workspace hoists it, a range like `latest`) counts as current.
    const since = answered.sinceMajor;
    if (since === undefined) return true;
    return (answered.packages ?? []).every((name) => {
      const major = dependencyMajor?.(node.file, name);
      return major === undefined || major >= since;
    });
  };
  // `file#Class.`: the classes whose tool method (`_call`) the framework answers for.
  const answeredToolClasses = new Set([...located].filter(([id, { fact }]) => fact.entry === 'tool' && fact.key.includes('.') && errorsAnswerModel(id)).map(([id]) => id.slice(0, id.lastIndexOf('.') + 1)));
  return {
    errorsAnswerModel,
    // A package built twice ships `x.js` beside `x.cjs`: importing either copy imports the module.
    imports: (from, to) => (graph.edges[from] ?? []).some((edge) => stemOf(edge.to) === stemOf(to)),
    // An instance method (a static one is called on the class, as a factory or helper, not as the tool's API).
    inAnsweredToolClass: (id) => located.get(id)?.fact.inherits === true && answeredToolClasses.has(id.slice(0, id.lastIndexOf('.') + 1)),
  };
}
