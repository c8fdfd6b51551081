import { isFunctionLike, ts, type FunctionLike } from '../ast.js';
import type { FileFacts } from '../file-facts.js';
import { contentFlowsInto, isExternal } from '../../domain/untrusted/external-content.js';
import type { UntrustedFlow } from '../../domain/untrusted/untrusted-flows.js';
import { calleeRef, calleeRefKey, type CalleeContext, type CalleeRef } from './callee-refs.js';

/**
 * An argument of a project call that carries external content: read in this file (`external`), or
 * returned by project functions (`from`) whose summaries decide whether they return external content.
 */
export interface UntrustedArgument extends ArgumentContent {
  readonly callee: CalleeRef;
  readonly argument: number;
  /** Project calls whose result the argument carries, with what goes into them: `format(await search(q))`. */
  readonly through?: readonly (ArgumentContent & { readonly callee: CalleeRef; readonly argument: number })[];
}

/** What one traced value carries: external content read in this file, or results of these project functions. */
interface ArgumentContent {
  readonly external?: true;
  /** Output of a model call made in this file (not external content: what a caller makes of it differs). */
  readonly model?: true;
  readonly from?: readonly CalleeRef[];
}

const PROJECT_CALL = 'project-call';
/** Visited nodes per traced argument: every project call of every function is looked at, so each trace is bounded. */
const ARGUMENT_BUDGET = 1000;

/** Every call of a project function, same-file ones included: the summaries know what each returns. */
function isProjectCall(call: ts.CallExpression, facts: FileFacts, context: CalleeContext): string | undefined {
  return calleeRef(call, context, facts) ? PROJECT_CALL : undefined;
}

function projectRefs(flows: readonly UntrustedFlow<string>[], facts: FileFacts, context: CalleeContext): CalleeRef[] {
  const refs = new Map<string, CalleeRef>();
  for (const flow of flows) {
    if (flow.kind !== PROJECT_CALL || !ts.isCallExpression(flow.source)) continue;
    const ref = calleeRef(flow.source, context, facts);
    if (ref) refs.set(calleeRefKey(ref), ref);
  }
  return [...refs.values()];
}

/** The kind of flow a trace records where it reaches one of the traced function's own parameters. */
export const PARAMETER_FLOW = 'parameter';

/** The position of the parameter of `fn` that `node` sits in (itself, or a binding of its pattern); undefined for any other node. */
export function parameterIndexOf(node: ts.Node, fn: FunctionLike): number | undefined {
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (ts.isParameter(current)) return current.parent === fn ? fn.parameters.indexOf(current) : undefined;
  }
  return undefined;
}

/** The positions of `fn`'s own parameters that traced flows came from. */
export function flowParameters(flows: readonly UntrustedFlow<string>[], fn: FunctionLike): number[] {
  const found = new Set<number>();
  for (const flow of flows) {
    const param = flow.kind === PARAMETER_FLOW ? parameterIndexOf(flow.source, fn) : undefined;
    if (param !== undefined) found.add(param);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * What goes into these project calls: the calls an argument carries the result of (one level), or those
 * whose results a function returns (`return clean(await fetchPage(u))`). A formatting or cleaning helper
 * returns what it is given, which only its summary can tell.
 */
export function throughCalls(
  calls: readonly ts.CallExpression[],
  contentOf: ContentOf,
  facts: FileFacts,
  context: CalleeContext,
  limit = 4,
): NonNullable<UntrustedArgument['through']> {
  const through: (ArgumentContent & { callee: CalleeRef; argument: number })[] = [];
  for (const call of calls.slice(0, limit)) {
    const callee = calleeRef(call, context, facts);
    if (!callee) continue;
    call.arguments.forEach((arg, argument) => {
      if (!isTraceable(arg)) return;
      const { content } = contentOf(arg);
      if (content) through.push({ callee, argument, ...content });
    });
  }
  return through;
}

/** Arguments worth tracing: not literals, not callbacks, not the function's own parameters passed on (`forwards` covers those). */
function isTraceable(arg: ts.Expression): boolean {
  return !ts.isLiteralExpression(arg) && !isFunctionLike(arg) && arg.kind !== ts.SyntaxKind.TrueKeyword && arg.kind !== ts.SyntaxKind.FalseKeyword;
}

/** What a value carries, the project calls whose results it carries, and the function's own parameters it is built from. */
export type ContentOf = (value: ts.Expression) => { readonly content: ArgumentContent | undefined; readonly calls: readonly ts.CallExpression[]; readonly params: readonly number[] };

/**
 * What a value in `fn` carries, and the project calls whose results it carries (the function's own
 * parameters end the trace). Each value is traced once: an argument of a project call is asked about
 * again as an argument of the call around it (`through`) and by the function's returned calls.
 */
export function contentTracer(fn: FunctionLike, facts: FileFacts, context: CalleeContext): ContentOf {
  const openSource = (call: ts.CallExpression): string | undefined => isProjectCall(call, facts, context);
  // What its callers pass in is `forwards`' business.
  const ownParameter = (decl: { readonly node: ts.Node }): string | undefined => (parameterIndexOf(decl.node, fn) !== undefined ? PARAMETER_FLOW : undefined);
  const known = new Map<ts.Expression, ReturnType<ContentOf>>();
  return (value) => {
    const remembered = known.get(value);
    if (remembered) return remembered;
    const flows = contentFlowsInto(value, facts, { openSource, parameterSource: ownParameter, budget: ARGUMENT_BUDGET }, 'none').filter((flow) => !flow.checkedOnTheWay);
    const calls = flows.flatMap((flow) => (flow.kind === PROJECT_CALL && ts.isCallExpression(flow.source) ? [flow.source] : []));
    let content: ArgumentContent | undefined;
    if (flows.some(isExternal)) content = { external: true };
    else {
      const from = projectRefs(flows, facts, context);
      const model = flows.some((flow) => flow.kind === 'model-output');
      content = from.length > 0 || model ? { ...(model ? { model: true as const } : {}), ...(from.length > 0 ? { from } : {}) } : undefined;
    }
    const answer = { content, calls, params: flowParameters(flows, fn) };
    known.set(value, answer);
    return answer;
  };
}

/**
 * The arguments of the function's project calls that carry external content (web pages, search
 * results, HTTP bodies, email, tool results, retrieved documents), or the results of project
 * functions in other files: the summaries learn from them which parameters receive untrusted content.
 */
export function untrustedArguments(
  calls: readonly { readonly node: ts.CallExpression; readonly callee: CalleeRef }[],
  contentOf: ContentOf,
  facts: FileFacts,
  context: CalleeContext,
): UntrustedArgument[] {
  const found: UntrustedArgument[] = [];
  for (const { node, callee } of calls) {
    node.arguments.forEach((arg, argument) => {
      if (!isTraceable(arg)) return;
      const { content, calls: inner } = contentOf(arg);
      if (content?.external) return void found.push({ callee, argument, external: true });
      const through = throughCalls(inner, contentOf, facts, context);
      // Model output is no external content: what a parameter receives of it is not asked here.
      const from = content?.from;
      if (from || through.length > 0) found.push({ callee, argument, ...(from ? { from } : {}), ...(through.length > 0 ? { through } : {}) });
    });
  }
  return found;
}
