import { callTakingArgument, ts, valueCarrier, type FunctionLike } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import type { Declaration } from '../../../src/model/scope.js';
import { destinationOf, thenParameter } from '../../../src/model/value-flow.js';
import { isRetryWrapperCall } from '../../../src/domain/http/retry.js';
import { promiseCombinator } from '../../../src/model/promise-chain.js';

/** Methods only arrays have: called on an error body (an object, or a member it lacks) they throw. */
const ARRAY_ONLY_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap', 'filter', 'forEach', 'reduce', 'some', 'every', 'find', 'findIndex']);
/** Steps from the body to the read that decides: a body may pass through a retry wrapper, a caller, a batch and its elements. */
const MAX_HOPS = 10;

/** The `.then(fn)` or `.map(fn)` call a function is the callback of. */
function callbackStepOf(fn: ts.Node, method: 'then' | 'map'): ts.CallExpression | undefined {
  const call = fn.parent;
  return call && ts.isCallExpression(call) && call.arguments[0] === fn && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === method ? call : undefined;
}

/**
 * `const list = await res.json(); return list.map(toModel)`, `json.rows.map(…)`, `.then((body) =>
 * body.rows.map(…))`: every read of the parsed body calls an array method on it, or on a member path of
 * it, with no `?.` on the way. An error body (`{ "error": … }`) has no such method or member, so the read
 * throws instead of turning the error into data; `rows?.map(…) ?? []` would make it an empty list, and
 * is still judged. So does every read reaching into a member of the body (`json.users[0]`, `const {
 * users } = json; users[0].name`, `data.attributes.total`): an error body lacks the member, and reading
 * into undefined throws. `depth` counts the member steps already taken from the body.
 */
export function onlyThrowingReads(body: ts.Expression, facts: FileFacts, hops = 0, depth = 0): boolean {
  if (hops > MAX_HOPS) return false;
  // `for (const vector of body.vectors)`: iterating a member an error body lacks throws.
  const carrier = valueCarrier(body);
  if (depth > 0 && carrier.parent && ts.isForOfStatement(carrier.parent) && carrier.parent.expression === carrier) return true;
  const destination = destinationOf(body, facts);
  if (destination.kind === 'member') {
    const access = valueCarrier(body).parent;
    if (!access || !(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) || access.questionDotToken) return false;
    if (depth > 0) return true;
    if (destination.called) return ARRAY_ONLY_METHODS.has(destination.name) && !(destination.value as ts.CallExpression).questionDotToken;
    return onlyThrowingReads(destination.value, facts, hops + 1, depth + 1);
  }
  // `.then((res) => res.json())`: the body is what that step's call resolves to.
  if (destination.kind === 'returned') {
    const step = destination.fn && callbackStepOf(destination.fn, 'then');
    if (step) return depth === 0 && onlyThrowingReads(step, facts, hops + 1);
    // `batches.map((batch) => this.embed(batch))`: each body is an element of the array the map makes.
    const mapped = destination.fn && callbackStepOf(destination.fn, 'map');
    if (mapped) return depth === 0 && onlyThrowingElementReads(mapped, facts, hops + 1);
    return depth === 0 && !!destination.fn && returnedReadsThrow(destination.fn, facts, hops);
  }
  // `.then((body) => body.messages.map(…))`: the next step's parameter is the body.
  if (destination.kind === 'then') return !!destination.callback && everyReadThrows(thenParameter(destination.callback, facts), facts, hops, depth);
  if (destination.kind !== 'binding') return false;
  return destination.declarations.every((decl) => decl.isConst) && everyReadThrows(destination.declarations, facts, hops, depth);
}

const isLengthRead = (ref: ts.Node): boolean => !!ref.parent && ts.isPropertyAccessExpression(ref.parent) && ref.parent.expression === ref && ref.parent.name.text === 'length';

/**
 * An array whose elements are bodies (`texts.map((t) => this.embed(t))`, awaited through `Promise.all`,
 * held in consts): it is read at least once, and every read takes an element (`responses[i]`, `for (const
 * response of responses)`) whose own reads throw on an error body.
 */
function onlyThrowingElementReads(array: ts.Expression, facts: FileFacts, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  const carrier = valueCarrier(array);
  const parent = carrier.parent;
  if (parent && ts.isElementAccessExpression(parent) && parent.expression === carrier && !parent.questionDotToken) {
    return onlyThrowingReads(parent, facts, hops + 1);
  }
  if (parent && ts.isForOfStatement(parent) && parent.expression === carrier && ts.isVariableDeclarationList(parent.initializer)) {
    const declarations = parent.initializer.declarations.flatMap((decl) => (ts.isIdentifier(decl.name) ? [facts.resolve(decl.name.text, decl.name)] : [])).filter((decl): decl is Declaration => decl !== undefined);
    return declarations.length > 0 && everyReadThrows(declarations, facts, hops, 0);
  }
  // `responses.length` reads no body.
  if (isLengthRead(carrier)) return true;
  const destination = destinationOf(array, facts);
  if (destination.kind === 'argument') return promiseCombinator(destination.call) === 'all' && destination.call.arguments?.length === 1 && onlyThrowingElementReads(destination.call, facts, hops + 1);
  if (destination.kind !== 'binding' || destination.declarations.length !== 1) return false;
  const [decl] = destination.declarations;
  if (!decl?.isConst || (decl.init?.path.length ?? 0) > 0) return false;
  const refs = facts.references(decl);
  return refs.some((ref) => !isLengthRead(ref)) && refs.every((ref) => onlyThrowingElementReads(ref, facts, hops + 1));
}

/** `const { users = [] } = body`: a default stands in for the member an error body lacks, so reading into it does not throw. */
function hasDefault(decl: Declaration): boolean {
  for (let node: ts.Node | undefined = decl.node; node && !ts.isVariableDeclaration(node) && !ts.isParameter(node); node = node.parent) {
    if (ts.isBindingElement(node) && node.initializer) return true;
  }
  return false;
}

/** The body (or a member of it, by a destructuring path) is held in these names: it is read at least once, and every read throws on an error body. */
function everyReadThrows(declarations: readonly Declaration[], facts: FileFacts, hops: number, depth: number): boolean {
  const reads = declarations.flatMap((decl) => facts.references(decl).map((ref) => ({ ref, steps: hasDefault(decl) ? depth : depth + (decl.init?.path.length ?? 0) })));
  return reads.length > 0 && reads.every(({ ref, steps }) => onlyThrowingReads(ref, facts, hops + 1, steps));
}

/** A retry wrapper the function is handed to, directly or through a const holding it (`this.caller.call(work)`): it resolves to what the function returns. */
function retryWrapperTaking(fn: FunctionLike, facts: FileFacts): ts.CallExpression | undefined {
  const direct = callTakingArgument(fn)?.call;
  if (direct) return isRetryWrapperCall(direct, facts) ? direct : undefined;
  const holder = fn.parent;
  if (!holder || !ts.isVariableDeclaration(holder) || holder.initializer !== fn || !ts.isIdentifier(holder.name)) return undefined;
  const decl = facts.resolve(holder.name.text, holder.name);
  const uses = decl ? facts.references(decl).filter((ref) => ref !== holder.name) : [];
  const wrapper = uses.length === 1 && uses[0] ? callTakingArgument(uses[0])?.call : undefined;
  return wrapper && isRetryWrapperCall(wrapper, facts) ? wrapper : undefined;
}

/**
 * A body returned whole (`return res.json()`) goes where the function's result goes: through the
 * retry wrapper it is handed to (`this.caller.call(() => fetch(…).then((res) => res.json()))`), and
 * into every call of it this file makes (`const { embeddings } = await this.embeddingWithRetry(…);
 * embeddings[0]`). When each of those reads into the body, the package's own calls show the contract:
 * the result is the success body, and an error body throws where it is read.
 */
function returnedReadsThrow(fn: FunctionLike, facts: FileFacts, hops: number): boolean {
  const wrapper = retryWrapperTaking(fn, facts);
  if (wrapper) return onlyThrowingReads(wrapper, facts, hops + 1);
  const calls = facts.callersOf(fn);
  return calls.length > 0 && calls.every((call) => onlyThrowingReads(call, facts, hops + 1));
}
