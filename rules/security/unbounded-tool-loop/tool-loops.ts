import { calleeLastName, contains, enclosingFunction, functionName, isFunctionLike, isRelational, loopCondition, rootIdentifier, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import { camelWords } from '../../../src/model/name-words.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { nodesWithin } from '../../../src/model/file-index.js';

/** A hand-written tool loop: a loop, or a function calling itself, that asks the model again after its tool calls. */
export type ToolLoop = ({ readonly kind: 'loop'; readonly node: ts.IterationStatement } | { readonly kind: 'recursion'; readonly node: ts.CallExpression }) & {
  /** Something counts the rounds, a clock or a signal ends them: the loop has a bound. */
  readonly bounded: boolean;
  /** The model is asked through these project functions (`await callModel(messages)`): a tool loop if one of them reaches a model. */
  readonly throughProject?: readonly ts.CallExpression[];
};

/** Words of a name that say a comparison is a cap: `step < maxSteps`, `turns >= MAX_TURNS`, `depth > limit`, `Date.now() > deadline`. */
const CAP_WORDS = new Set(['max', 'limit', 'budget', 'remaining', 'attempt', 'attempts', 'iteration', 'iterations', 'step', 'steps', 'turn', 'turns', 'round', 'rounds', 'depth', 'hop', 'hops', 'count', 'deadline', 'timeout', 'now']);
const isCapName = (name: string): boolean => camelWords(name).some((word) => CAP_WORDS.has(word));
/** Tool-call answers written as strings: Chat Completions' finish_reason, Anthropic's stop_reason and content blocks. */
const TOOL_CALL_LITERALS = new Set(['tool_calls', 'tool_use', 'function_call']);
/** Calls that wait for a person each round (a chat REPL): the person bounds the loop. */
const WAITS_FOR_PERSON = new Set(['question', 'prompt', 'readline', 'readLine', 'input']);

const UPDATES = new Set([ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken]);

/** The name a counter is known by: `steps`, `this.turns`, `state.round`. */
function counterName(expr: ts.Expression): string | undefined {
  const node = unwrap(expr);
  if (ts.isIdentifier(node)) return node.text;
  return ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}

const isLoop = (node: ts.Node): node is ts.ForStatement | ts.WhileStatement | ts.DoStatement => ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);

/**
 * Nodes of `root` that one round runs itself: not the functions nested in it, nor the headers of the
 * loops nested in it (`for (let i = 0; i < calls.length; i++)` walks one answer's tool calls; it caps no round).
 */
function ownNodes(root: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    if (isFunctionLike(node)) return;
    if (isLoop(node)) walk(node.statement);
    else ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
}

/** Names `root` counts with (`i++`, `--left`, `steps += 1`, `turn = turn + 1`); `self`: `root` itself may be the update. */
function countersIn(root: ts.Node, self = false): Set<string> {
  const counters = new Set<string>();
  const each = (visit: (node: ts.Node) => void): void => {
    if (self) visit(root);
    ownNodes(root, visit);
  };
  each((node) => {
    let target: ts.Expression | undefined;
    if ((ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) target = node.operand;
    else if (ts.isBinaryExpression(node) && UPDATES.has(node.operatorToken.kind)) target = node.left;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(unwrap(node.right)) && counterName(node.left) === counterName((unwrap(node.right) as ts.BinaryExpression).left)) target = node.left;
    const name = target && counterName(target);
    if (name) counters.add(name);
  });
  return counters;
}

/** Does a comparison in `roots` cap the rounds: it reads a counter, a clock, a signal, or a name that says so? */
function capped(roots: readonly ts.Node[], counters: ReadonlySet<string>): boolean {
  const caps = (comparison: ts.Node): boolean => {
    const walk = (child: ts.Node): boolean => (ts.isIdentifier(child) && (counters.has(child.text) || isCapName(child.text))) || (ts.forEachChild(child, walk) ?? false);
    return walk(comparison);
  };
  const bounds = (node: ts.Node): boolean => (ts.isPropertyAccessExpression(node) && node.name.text === 'aborted') || (isRelational(node) && caps(node));
  for (const root of roots) {
    // A condition that is itself a comparison (`while (step < 10)`) is not among its own descendants.
    if (bounds(root)) return true;
    let bound = false;
    ownNodes(root, (node) => {
      if (!bound && bounds(node)) bound = true;
    });
    if (bound) return true;
  }
  return false;
}

/** The variable an awaited call's result goes to: `const reply = await f()`, `reply = await f()`. */
function assignedName(awaited: ts.AwaitExpression): string | undefined {
  const parent = awaited.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === awaited && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === awaited && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}

/**
 * Awaited calls of project functions in `root` whose result's tool calls are read there
 * (`const reply = await callModel(messages); if (!reply.tool_calls) …`): a model asked one call away.
 */
function awaitedProjectCalls(root: ts.Node, facts: FileFacts, readsToolCalls: (name: string) => boolean): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  ownNodes(root, (node) => {
    if (!ts.isAwaitExpression(node)) return;
    const call = unwrap(node.expression);
    const name = assignedName(node);
    if (!ts.isCallExpression(call) || facts.callSiteOf(call) || name === undefined || !readsToolCalls(name)) return;
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && (callee.expression.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(callee.expression)))) found.push(call);
  });
  return found;
}

/**
 * The model is asked in `root` itself, and its tool calls are read there: one round of a tool loop.
 * `true` for a model call written here; the awaited project calls that may ask it, when none is.
 */
function asksModelForTools(root: ts.Node, facts: FileFacts, modelCalls: readonly CallSite[]): true | ts.CallExpression[] | undefined {
  const fn = isFunctionLike(root) ? root : enclosingFunction(root);
  const members = facts.classifier.toolDispatch.toolCallMembers;
  let reads = false;
  let waits = false;
  /** The values whose tool calls are read: the root of the member chain, or of the other side of `=== 'tool_use'`. */
  const readFrom = new Set<string>();
  // Callbacks count: `reply.content.filter((block) => block.type === 'tool_use')` reads the tool calls too.
  const walk = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && members.includes(node.name.text)) {
      reads = true;
      const from = rootIdentifier(node.expression)?.text;
      if (from) readFrom.add(from);
    } else if (ts.isStringLiteralLike(node) && TOOL_CALL_LITERALS.has(node.text)) {
      reads = true;
      const other = ts.isBinaryExpression(node.parent) ? (node.parent.left === node ? node.parent.right : node.parent.left) : undefined;
      const from = other && rootIdentifier(other)?.text;
      if (from) readFrom.add(from);
    } else if (ts.isCallExpression(node) && WAITS_FOR_PERSON.has(calleeLastName(node.expression) ?? '')) waits = true;
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(root, walk);
  if (!reads || waits) return undefined;
  if (modelCalls.some((site) => contains(root, site.node) && enclosingFunction(site.node) === fn)) return true;
  // `const message = reply.choices[0].message; message.tool_calls`: the calls are read from `reply` too.
  for (let hop = 0; hop < 2; hop++) {
    ownNodes(root, (node) => {
      if (!ts.isVariableDeclaration(node) || !node.initializer || !ts.isIdentifier(node.name) || !readFrom.has(node.name.text)) return;
      const from = rootIdentifier(node.initializer)?.text;
      if (from) readFrom.add(from);
    });
  }
  const through = awaitedProjectCalls(root, facts, (name) => readFrom.has(name));
  return through.length > 0 ? through : undefined;
}

const isTrue = (expr: ts.Expression | undefined): boolean => expr === undefined || unwrap(expr).kind === ts.SyntaxKind.TrueKeyword;

/** Loops whose rounds only a condition ends (`while`, `do … while`, `for (…; …; …)`); `for … of` walks a list. */
function conditionLoops(facts: FileFacts): (ts.WhileStatement | ts.DoStatement | ts.ForStatement)[] {
  return facts.index.loops.filter((loop): loop is ts.WhileStatement | ts.DoStatement | ts.ForStatement => ts.isWhileStatement(loop) || ts.isDoStatement(loop) || ts.isForStatement(loop));
}

/** A call of the function around it, by its name or through `this`. */
function recursiveCalls(fn: FunctionLike, facts: FileFacts): ts.CallExpression[] {
  const name = functionName(fn);
  if (!name || !fn.body) return [];
  return nodesWithin(facts.index.calls, fn.body).filter((call) => {
    if (enclosingFunction(call) !== fn && !isInlineCallback(call, fn)) return false;
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) return callee.text === name && facts.localFunction(callee) === fn;
    return ts.isPropertyAccessExpression(callee) && callee.name.text === name && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
  });
}

/** A callback run as part of `fn` (`calls.map(async (c) => …)`, a `.then`): not a function of its own. */
function isInlineCallback(call: ts.Node, fn: FunctionLike): boolean {
  for (let inner = enclosingFunction(call); inner && inner !== fn; inner = enclosingFunction(inner)) {
    const parent = inner.parent;
    if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(inner as ts.Expression)) return false;
  }
  return true;
}

/** Every hand-written tool loop in the file, bounded or not. */
export function toolLoopsIn(facts: FileFacts): ToolLoop[] {
  const modelCalls = facts.callSites.filter((site) => site.entry.kind === 'llm' && site.operation === 'generate');
  // Tool calls are read by name: a file that names none holds no tool loop.
  const members = facts.classifier.toolDispatch.toolCallMembers;
  if (![...members, ...TOOL_CALL_LITERALS].some((name) => facts.sourceFile.text.includes(name))) return [];
  const found: ToolLoop[] = [];
  const through = (asks: true | ts.CallExpression[]) => (asks === true ? {} : { throughProject: asks });
  for (const loop of conditionLoops(facts)) {
    const asks = asksModelForTools(loop.statement, facts, modelCalls);
    if (!asks) continue;
    const counters = countersIn(loop.statement);
    if (ts.isForStatement(loop) && loop.incrementor) for (const name of countersIn(loop.incrementor, true)) counters.add(name);
    const condition = loopCondition(loop);
    const written = condition && !isTrue(condition) ? [condition] : [];
    found.push({ kind: 'loop', node: loop, bounded: capped([loop.statement, ...written], counters), ...through(asks) });
  }
  for (const fn of facts.index.functions) {
    const [call] = fn.body ? recursiveCalls(fn, facts) : [];
    const asks = call ? asksModelForTools(fn, facts, modelCalls) : undefined;
    if (!call || !fn.body || !asks) continue;
    // `self(messages, depth + 1)`: a parameter passed on counted up or down is a counter too.
    const counters = countersIn(fn.body);
    for (const arg of call.arguments) {
      const value = unwrap(arg);
      if (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.PlusToken || value.operatorToken.kind === ts.SyntaxKind.MinusToken) && ts.isIdentifier(unwrap(value.left))) counters.add((unwrap(value.left) as ts.Identifier).text);
    }
    const bounded = capped([fn.body], counters);
    found.push({ kind: 'recursion', node: call, bounded, ...through(asks) });
  }
  return found;
}
