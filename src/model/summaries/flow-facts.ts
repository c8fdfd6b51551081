import { isFunctionLike, ts, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { returnedExpressions } from '../value-flow.js';
import type { Declaration } from '../scope.js';
import { codeSinksIn, type CodeSinkUse } from '../../domain/untrusted/code-sinks.js';
import { contentFlowsInto, isExternal } from '../../domain/untrusted/external-content.js';
import { isClearedAtSink, sinkTrace } from '../../domain/untrusted/sink-flows.js';
import { untrustedFlowsInto, type UntrustedFlow } from '../../domain/untrusted/untrusted-flows.js';
import { calleeRef, type CalleeContext, type CalleeRef } from './callee-refs.js';

/** What one function does with untrusted values, before following its calls (for the security summaries). */
export interface FlowFacts {
  /** It returns the text or object of an LLM call made in this file. */
  readonly returnsModel?: true;
  /** It returns external content read in this file: web pages, search results, HTTP bodies, email, tool results, retrieved documents. */
  readonly returnsUntrusted?: true;
  /** Project functions (in other files, or methods of an imported class) whose result it returns. */
  readonly returnsFrom?: readonly CalleeRef[];
  /** Its parameters (by position) that reach a code sink in its body unchecked, with the sink's kind. */
  readonly paramSinks?: readonly { readonly param: number; readonly sink: string }[];
  /** Its parameters passed on, unchecked, as an argument of a project function. */
  readonly forwards?: readonly { readonly param: number; readonly callee: CalleeRef; readonly argument: number }[];
}

const PROJECT_CALL = 'project-call';
const PARAMETER = 'parameter';
const PARAMETER_KINDS: ReadonlySet<string> = new Set([PARAMETER]);

/** A call of a project function the file cannot see into (same-file helpers are followed by the trace itself). */
export function projectCallSource(facts: FileFacts, context: CalleeContext): (call: ts.CallExpression) => string | undefined {
  return (call) => (!facts.localFunction(call.expression) && calleeRef(call, context, facts) ? PROJECT_CALL : undefined);
}

export const isProjectCallFlow = (flow: UntrustedFlow<string>): boolean => flow.kind === PROJECT_CALL;

function parameterIndex(decl: Declaration, fn: FunctionLike): number | undefined {
  for (let node: ts.Node | undefined = decl.node; node && node !== fn; node = node.parent) {
    if (ts.isParameter(node)) return node.parent === fn ? fn.parameters.indexOf(node) : undefined;
  }
  return undefined;
}

function uniqueRefs(refs: readonly CalleeRef[]): CalleeRef[] {
  const seen = new Map(refs.map((ref) => [JSON.stringify(ref), ref]));
  return [...seen.values()];
}

function returnFacts(fn: FunctionLike, facts: FileFacts, context: CalleeContext): Pick<FlowFacts, 'returnsModel' | 'returnsUntrusted' | 'returnsFrom'> {
  const openSource = projectCallSource(facts, context);
  const flows = returnedExpressions(fn).flatMap((expr) => contentFlowsInto(expr, facts, { followLocalFunctions: true, openSource }).filter((flow) => !flow.checkedOnTheWay));
  const from = uniqueRefs(flows.filter(isProjectCallFlow).flatMap((flow) => {
    const ref = ts.isCallExpression(flow.source) ? calleeRef(flow.source, context, facts) : undefined;
    return ref ? [ref] : [];
  }));
  return {
    ...(flows.some((flow) => flow.kind === 'model-output') ? { returnsModel: true as const } : {}),
    ...(flows.some(isExternal) ? { returnsUntrusted: true as const } : {}),
    ...(from.length > 0 ? { returnsFrom: from } : {}),
  };
}

function parameterSinks(fn: FunctionLike, sinks: readonly CodeSinkUse[], facts: FileFacts): FlowFacts['paramSinks'] {
  const trace = sinkTrace(facts, PARAMETER_KINDS, { parameterSource: (decl) => (parameterIndex(decl, fn) !== undefined ? PARAMETER : undefined) });
  const found = new Map<number, string>();
  for (const use of sinks) {
    const flows = use.payloads.flatMap(trace);
    if (flows.length === 0 || isClearedAtSink(use, flows, facts, trace)) continue;
    for (const flow of flows) {
      const decl = [...flow.via].find((d) => d.node === flow.source);
      const param = decl ? parameterIndex(decl, fn) : undefined;
      if (param !== undefined && !found.has(param)) found.set(param, use.kind);
    }
  }
  return [...found].map(([param, sink]) => ({ param, sink }));
}

function forwardedParameters(fn: FunctionLike, calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[], facts: FileFacts): FlowFacts['forwards'] {
  const forwards: { param: number; callee: CalleeRef; argument: number }[] = [];
  const parameterSource = (decl: Declaration) => (parameterIndex(decl, fn) !== undefined ? PARAMETER : undefined);
  for (const { node, callee } of calls) {
    node.arguments.forEach((arg, argument) => {
      if (ts.isLiteralExpression(arg) || isFunctionLike(arg)) return;
      for (const flow of untrustedFlowsInto(arg, facts, { parameterSource })) {
        const decl = (flow.kind as string) === PARAMETER && !flow.checkedOnTheWay ? [...flow.via].find((d) => d.node === flow.source) : undefined;
        const param = decl ? parameterIndex(decl, fn) : undefined;
        if (param !== undefined && !forwards.some((f) => f.param === param && f.argument === argument && f.callee === callee)) forwards.push({ param, callee, argument });
      }
    });
  }
  return forwards;
}

/**
 * The security facts of one named function: whether it returns model output or external content (or
 * what project functions return), which parameters reach a code sink, and which it passes on.
 */
export function extractFlowFacts(
  fn: FunctionLike,
  facts: FileFacts,
  context: CalleeContext,
  own: { readonly sinks: readonly CodeSinkUse[]; readonly calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[] },
): FlowFacts | undefined {
  const returns = returnFacts(fn, facts, context);
  const hasParameters = fn.parameters.length > 0;
  const paramSinks = hasParameters && own.sinks.length > 0 ? parameterSinks(fn, own.sinks, facts) : undefined;
  const forwards = hasParameters && own.calls.length > 0 ? forwardedParameters(fn, own.calls, facts) : undefined;
  const result: FlowFacts = { ...returns, ...(paramSinks?.length ? { paramSinks } : {}), ...(forwards?.length ? { forwards } : {}) };
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The code sinks of the file, by the named function they are in. */
export function sinksByFunction(facts: FileFacts, ownerOf: (node: ts.Node) => string | undefined): Map<string, CodeSinkUse[]> {
  const byKey = new Map<string, CodeSinkUse[]>();
  for (const use of codeSinksIn(facts)) {
    const key = ownerOf(use.call);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), use]);
  }
  return byKey;
}
