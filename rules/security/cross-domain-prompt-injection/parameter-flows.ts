import { isFunctionLike, receivingCall, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';
import type { UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';
import { factKey } from '../../../src/model/summaries/function-facts.js';
import { isDeferredCallback } from '../../../src/model/summaries/callback-owners.js';
import type { ProjectCondition } from '../../../src/model/project-conditions.js';

/** The kind of flow that starts at a parameter of the function holding the prompt. */
export const PARAMETER_FLOW = 'parameter';

/** The named function (or deferred callback) a prompt is written in: the one whose callers' arguments the summaries know. */
export interface PromptOwner {
  readonly fn: FunctionLike;
  readonly key: string;
}

/** A callback run on its own (`setTimeout(() => …)`) has no callers whose arguments could be known: no owner. */
export function promptOwner(node: ts.Node): PromptOwner | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const key = factKey(current);
    if (key) return isDeferredCallback(current) ? undefined : { fn: current, key };
  }
  return undefined;
}

function parameterOf(node: ts.Node, fn: FunctionLike): ts.ParameterDeclaration | undefined {
  for (let current: ts.Node | undefined = node; current && current !== fn; current = current.parent) {
    if (ts.isParameter(current)) return current.parent === fn ? current : undefined;
  }
  return undefined;
}

/** A trace source for the owner's own parameters (what its callers pass in is for the summaries to say). */
export function ownerParameterSource(owner: PromptOwner | undefined): ((decl: Declaration) => string | undefined) | undefined {
  return owner ? (decl) => (parameterOf(decl.node, owner.fn) ? PARAMETER_FLOW : undefined) : undefined;
}

/** Array methods whose callback receives the receiver's elements as they are. */
const ELEMENT_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'some', 'every']);

/** `messages.map((message) => …)` / `for (const message of messages)`: the collection the element was read from. */
function elementSource(decl: Declaration): ts.Expression | undefined {
  const node = decl.node;
  if (ts.isParameter(node) && isFunctionLike(node.parent) && node.parent.parameters[0] === node) {
    const call = receivingCall(node.parent);
    if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && ELEMENT_METHODS.has(call.expression.name.text)) return call.expression.expression;
  }
  const loop = node.parent?.parent;
  if (ts.isVariableDeclaration(node) && loop && ts.isForOfStatement(loop)) return loop.expression;
  return undefined;
}

/** The variable or parameter a value is read from whole: `options.system`, `system` of `const { system } = options`, `message.content` of each message. */
function rootDeclaration(expr: ts.Expression, facts: FileFacts, depth = 0): Declaration | undefined {
  let node = unwrap(expr);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node)) node = unwrap(node.expression);
  if (!ts.isIdentifier(node) || depth > 4) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl) return undefined;
  const element = elementSource(decl);
  if (element) return rootDeclaration(element, facts, depth + 1) ?? decl;
  if (decl.kind === 'parameter' || !decl.init) return decl;
  return rootDeclaration(decl.init.expression, facts, depth + 1) ?? decl;
}

/** `system: options.system`: the prompt is a parameter passed through whole; the text (and any fence) is written by the caller. */
function isPassedThrough(slot: ts.Expression, flow: UntrustedFlow<string>, facts: FileFacts): boolean {
  return rootDeclaration(slot, facts)?.node === flow.source;
}

/**
 * Flows from the owner's parameters into a prompt built here, and the condition that withdraws the
 * finding unless some call site in the project passes external content as one of those parameters.
 */
export function parameterCondition(slot: ts.Expression, flows: readonly UntrustedFlow<string>[], owner: PromptOwner, facts: FileFacts): { names: string[]; condition: ProjectCondition } | undefined {
  const built = flows.filter((flow) => !isPassedThrough(slot, flow, facts));
  const params = new Map<number, string>();
  for (const flow of built) {
    const param = parameterOf(flow.source, owner.fn);
    if (param) params.set(owner.fn.parameters.indexOf(param), ts.isIdentifier(param.name) ? param.name.text : `#${owner.fn.parameters.indexOf(param) + 1}`);
  }
  if (params.size === 0) return undefined;
  return {
    names: [...params.values()],
    condition: { unprovenFlow: { file: facts.path, fromParameters: { fn: owner.key, params: [...params.keys()] } } },
  };
}
