import { isFunctionLike, ts, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { returnedExpressions } from '../value-flow.js';
import { destructuredParameterProperty, type Declaration } from '../scope.js';
import { codeSinksIn, type CodeSinkUse } from '../../domain/untrusted/code-sinks.js';
import { contentFlowsInto, isExternal } from '../../domain/untrusted/external-content.js';
import { isClearedAtSink, sinkTrace } from '../../domain/untrusted/sink-flows.js';
import type { UntrustedFlow } from '../../domain/untrusted/untrusted-flows.js';
import { calleeContext, calleeRef, calleeRefKey, type CalleeContext, type CalleeRef } from './callee-refs.js';
import { PARAMETER_FLOW, contentTracer, flowParameters, parameterIndexOf, throughCalls, untrustedArguments, type ContentOf, type UntrustedArgument } from './argument-flows.js';
import { memoPerNode } from '../node-memo.js';
import { nodesWithin } from '../file-index.js';
import { instructionSlots, slotParameter } from '../../domain/prompts/system-prompts.js';
import { unverifiedRetrievalReturns } from '../../domain/vector-stores/retrieval-verdict.js';

/** What one function does with untrusted values, before following its calls (for the security summaries). */
export interface FlowFacts {
  /** It returns the text or object of an LLM call made in this file. */
  readonly returnsModel?: true;
  /** It returns external content read in this file: web pages, search results, HTTP bodies, email, tool results, retrieved documents. */
  readonly returnsUntrusted?: true;
  /** Of that content, documents of a vector-store search made here that nothing verifies (no score threshold, filter or reranker). */
  readonly returnsRetrieved?: true;
  /** Project functions (in other files, or methods of an imported class) whose result it returns. */
  readonly returnsFrom?: readonly CalleeRef[];
  /**
   * Its parameters (by position) that reach a code sink in its body unchecked, with the sink's kind; for
   * an options object destructured in the signature (`({ path, text }) => …`), the properties that do
   * (`properties`), when no other use of the parameter does.
   */
  readonly paramSinks?: readonly { readonly param: number; readonly sink: string; readonly properties?: readonly string[] }[];
  /** Its parameters passed on, unchecked, as an argument of a project function. */
  readonly forwards?: readonly { readonly param: number; readonly callee: CalleeRef; readonly argument: number }[];
  /** What goes into the project calls whose result it returns (a helper that returns its argument passes it on). */
  readonly returnsThrough?: UntrustedArgument['through'];
  /** Its parameters (by position) whose value it returns, whole or as part of what it returns (`format(items)`, `strip(html)`). */
  readonly returnsParams?: readonly number[];
  /**
   * Its parameters passed into a project call whose result it returns (`return clean(html)`): returned
   * too when that function returns the argument, which only the summaries can tell.
   */
  readonly returnsParamsVia?: readonly { readonly param: number; readonly callee: CalleeRef; readonly argument: number }[];
  /** Arguments of its project calls that carry external content (read here, or returned by project functions). */
  readonly untrustedArgs?: readonly UntrustedArgument[];
  /** Its parameters (by position) it puts whole into a system prompt or agent instructions: each caller writes that prompt. */
  readonly promptParams?: readonly number[];
}

const PROJECT_CALL = 'project-call';
const PARAMETER_KINDS: ReadonlySet<string> = new Set([PARAMETER_FLOW]);

/** A call of a project function the file cannot see into (same-file helpers are followed by the trace itself). */
export function projectCallSource(facts: FileFacts, context: CalleeContext): (call: ts.CallExpression) => string | undefined {
  return (call) => (!facts.localFunction(call.expression) && calleeRef(call, context, facts) ? PROJECT_CALL : undefined);
}

/** Every call of a project function, same-file ones included: the summaries follow them, the trace does not. */
const summaryCallSource = memoPerNode((call: ts.CallExpression, facts: FileFacts) => (calleeRef(call, calleeContext(facts), facts) ? PROJECT_CALL : undefined));

/** Visited nodes per traced expression: every function of a bundle is traced, so each trace is bounded. */
const TRACE_BUDGET = 400;

export const isProjectCallFlow = (flow: UntrustedFlow<string>): boolean => flow.kind === PROJECT_CALL;

function uniqueRefs(refs: readonly CalleeRef[]): CalleeRef[] {
  const seen = new Map(refs.map((ref) => [calleeRefKey(ref), ref]));
  return [...seen.values()];
}

function returnFacts(fn: FunctionLike, facts: FileFacts, context: CalleeContext, contentOf: ContentOf): Pick<FlowFacts, 'returnsModel' | 'returnsUntrusted' | 'returnsRetrieved' | 'returnsFrom' | 'returnsParams' | 'returnsParamsVia' | 'returnsThrough'> {
  const openSource = summaryCallSource;
  // Its own parameters end the trace: what callers pass in is theirs, not what the function returns of itself.
  const parameterSource = (decl: Declaration) => (parameterIndexOf(decl.node, fn) !== undefined ? PARAMETER_FLOW : undefined);
  // What goes into a returned project call is returned only if that function returns it: asked apart (through, paramsVia).
  const options = { openSource, parameterSource, budget: TRACE_BUDGET, openArgumentsApart: true };
  const flows = returnedExpressions(fn).flatMap((expr) => contentFlowsInto(expr, facts, options, 'none').filter((flow) => !flow.checkedOnTheWay));
  const from = uniqueRefs(flows.filter(isProjectCallFlow).flatMap((flow) => {
    const ref = ts.isCallExpression(flow.source) ? calleeRef(flow.source, context, facts) : undefined;
    return ref ? [ref] : [];
  }));
  const params = flowParameters(flows, fn);
  const external = flows.some(isExternal);
  const returnedCalls = flows.flatMap((flow) => (isProjectCallFlow(flow) && ts.isCallExpression(flow.source) ? [flow.source] : []));
  // Every returned call: what goes into them is no longer part of the trace above.
  const through = !external && returnedCalls.length > 0 ? throughCalls(returnedCalls, contentOf, facts, context, returnedCalls.length) : [];
  const paramsVia = parametersPassedInto(returnedCalls, contentOf, facts, context);
  return {
    ...(through.length > 0 ? { returnsThrough: through } : {}),
    ...(params.length > 0 ? { returnsParams: params } : {}),
    ...(paramsVia.length > 0 ? { returnsParamsVia: paramsVia } : {}),
    ...(flows.some((flow) => flow.kind === 'model-output') ? { returnsModel: true as const } : {}),
    ...(external ? { returnsUntrusted: true as const } : {}),
    ...(flows.some((flow) => flow.kind === 'retrieved' && ts.isCallExpression(flow.source) && unverifiedRetrievalReturns(flow.source, facts).has(fn)) ? { returnsRetrieved: true as const } : {}),
    ...(from.length > 0 ? { returnsFrom: from } : {}),
  };
}

/** The function's own parameters each argument of these project calls is built from. */
function parametersPassedInto(calls: readonly ts.CallExpression[], contentOf: ContentOf, facts: FileFacts, context: CalleeContext): NonNullable<FlowFacts['returnsParamsVia']> {
  const resolved = calls.flatMap((node) => {
    const callee = calleeRef(node, context, facts);
    return callee ? [{ node, callee }] : [];
  });
  return parametersInArguments(resolved, (arg) => contentOf(arg).params);
}

/** For each argument of these calls (not a literal or a callback), the function's own parameters `paramsOf` says it is built from. */
function parametersInArguments(
  calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[],
  paramsOf: (arg: ts.Expression) => Iterable<number>,
): { param: number; callee: CalleeRef; argument: number }[] {
  const found: { param: number; callee: CalleeRef; argument: number }[] = [];
  for (const { node, callee } of calls) {
    node.arguments.forEach((arg, argument) => {
      if (ts.isLiteralExpression(arg) || isFunctionLike(arg)) return;
      for (const param of paramsOf(arg)) found.push({ param, callee, argument });
    });
  }
  return found;
}

function parameterSinks(fn: FunctionLike, sinks: readonly CodeSinkUse[], facts: FileFacts): FlowFacts['paramSinks'] {
  const trace = sinkTrace(facts, PARAMETER_KINDS, { parameterSource: (decl) => (parameterIndexOf(decl.node, fn) !== undefined ? PARAMETER_FLOW : undefined) });
  // Per parameter: the first sink's kind, and the destructured properties that reach a sink (null: the parameter as a whole does).
  const found = new Map<number, { sink: string; properties: Set<string> | null }>();
  for (const use of sinks) {
    const flows = use.payloads.flatMap(trace);
    if (flows.length === 0 || isClearedAtSink(use, flows, facts, trace)) continue;
    for (const flow of flows) {
      const decl = [...flow.via].find((d) => d.node === flow.source);
      const param = decl ? parameterIndexOf(decl.node, fn) : undefined;
      if (decl === undefined || param === undefined) continue;
      const entry = found.get(param) ?? { sink: use.kind, properties: new Set<string>() };
      const property = destructuredParameterProperty(decl);
      entry.properties = property === undefined || entry.properties === null ? null : entry.properties.add(property);
      found.set(param, entry);
    }
  }
  return [...found].map(([param, { sink, properties }]) => ({ param, sink, ...(properties ? { properties: [...properties].sort() } : {}) }));
}

/**
 * Which parameters each variable of the function is computed from: a cheap forward pass over its
 * declarations and assignments (two rounds, for loops and late reassignments), not a trace per argument.
 */
function parameterTaint(fn: FunctionLike, facts: FileFacts): Map<Declaration, ReadonlySet<number>> {
  const taint = new Map<Declaration, Set<number>>();
  fn.parameters.forEach((param, index) => {
    const mark = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) {
        const decl = facts.resolve(name.text, name);
        if (decl) taint.set(decl, new Set([index]));
      } else for (const element of name.elements) if (!ts.isOmittedExpression(element)) mark(element.name);
    };
    mark(param.name);
  });
  if (taint.size === 0 || !fn.body) return taint;
  const writes = writesIn(fn.body, facts);
  for (let round = 0; round < 2; round++) {
    for (const { target, value } of writes) {
      const from = taintOf(value, taint, facts);
      if (from.size === 0) continue;
      for (const decl of boundDeclarations(target, facts)) taint.set(decl, new Set([...(taint.get(decl) ?? []), ...from]));
    }
  }
  return taint;
}

/**
 * `const x = …` and `x = …` within `node`, in source order (an enclosing write before the writes in
 * its value): from the file index, instead of walking every function's body once more.
 */
function writesIn(node: ts.Node, facts: FileFacts): { target: ts.BindingName | ts.Expression; value: ts.Expression }[] {
  const declarations = nodesWithin(facts.index.declaring, node).filter((decl): decl is ts.VariableDeclaration & { initializer: ts.Expression } => ts.isVariableDeclaration(decl) && decl.initializer !== undefined);
  const assignments = nodesWithin(facts.index.assignments, node);
  const writes: { target: ts.BindingName | ts.Expression; value: ts.Expression }[] = [];
  let d = 0;
  let a = 0;
  while (d < declarations.length || a < assignments.length) {
    const decl = declarations[d];
    const assignment = assignments[a];
    const declFirst = decl !== undefined && (assignment === undefined || decl.pos < assignment.pos || (decl.pos === assignment.pos && decl.end >= assignment.end));
    if (declFirst) {
      writes.push({ target: decl.name, value: decl.initializer });
      d++;
    } else if (assignment) {
      writes.push({ target: assignment.left, value: assignment.right });
      a++;
    }
  }
  return writes;
}

function boundDeclarations(target: ts.BindingName | ts.Expression, facts: FileFacts): Declaration[] {
  if (ts.isIdentifier(target)) {
    const decl = facts.resolve(target.text, target);
    return decl ? [decl] : [];
  }
  if (ts.isObjectBindingPattern(target) || ts.isArrayBindingPattern(target)) return target.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : boundDeclarations(e.name, facts)));
  return [];
}

/** The parameters an expression reads, directly or through variables computed from them. */
function taintOf(expr: ts.Node, taint: ReadonlyMap<Declaration, ReadonlySet<number>>, facts: FileFacts): Set<number> {
  const found = new Set<number>();
  // An identifier can only read a tainted variable if it has its name: most need no scope lookup.
  const names = taintedNames(taint);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (!names.has(node.text)) return;
      const decl = facts.resolve(node.text, node);
      for (const index of (decl && taint.get(decl)) ?? []) found.add(index);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return found;
}

const namesOfTaint = new WeakMap<ReadonlyMap<Declaration, ReadonlySet<number>>, { size: number; names: Set<string> }>();

/** The names of the tainted variables, kept while the taint map does not grow. */
function taintedNames(taint: ReadonlyMap<Declaration, ReadonlySet<number>>): ReadonlySet<string> {
  let known = namesOfTaint.get(taint);
  if (!known || known.size !== taint.size) {
    known = { size: taint.size, names: new Set([...taint.keys()].map((decl) => decl.name)) };
    namesOfTaint.set(taint, known);
  }
  return known.names;
}

function forwardedParameters(fn: FunctionLike, calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[], facts: FileFacts): FlowFacts['forwards'] {
  const taint = parameterTaint(fn, facts);
  return parametersInArguments(calls, (arg) => taintOf(arg, taint, facts));
}

/**
 * The security facts of one named function: whether it returns model output or external content (or
 * what project functions return), which parameters reach a code sink, and which it passes on.
 */
export function extractFlowFacts(
  fn: FunctionLike,
  facts: FileFacts,
  context: CalleeContext,
  own: { readonly sinks: readonly CodeSinkUse[]; readonly calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[]; readonly promptParams?: readonly number[] },
): FlowFacts | undefined {
  // One tracer for the function's returned calls and its calls' arguments: each value is traced once.
  const contentOf = contentTracer(fn, facts, context);
  const returns = returnFacts(fn, facts, context, contentOf);
  const hasParameters = fn.parameters.length > 0;
  const paramSinks = hasParameters && own.sinks.length > 0 ? parameterSinks(fn, own.sinks, facts) : undefined;
  const forwards = hasParameters && own.calls.length > 0 ? forwardedParameters(fn, own.calls, facts) : undefined;
  const untrustedArgs = own.calls.length > 0 ? untrustedArguments(own.calls, contentOf, facts, context) : undefined;
  const result: FlowFacts = { ...returns, ...(paramSinks?.length ? { paramSinks } : {}), ...(forwards?.length ? { forwards } : {}), ...(untrustedArgs?.length ? { untrustedArgs } : {}), ...(own.promptParams?.length ? { promptParams: own.promptParams } : {}) };
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The parameters each named function puts whole into a system prompt or agent instructions of this file (system-prompts.ts). */
export function promptParamsByFunction(facts: FileFacts, ownerOf: (node: ts.Node) => { readonly fn: FunctionLike; readonly key: string } | undefined): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const slot of instructionSlots(facts)) {
    const owner = ownerOf(slot.value);
    const param = owner && slotParameter(slot.value, owner.fn, facts);
    if (!owner || param === undefined) continue;
    const params = byKey.get(owner.key) ?? [];
    if (!params.includes(param)) byKey.set(owner.key, [...params, param].sort((a, b) => a - b));
  }
  return byKey;
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
