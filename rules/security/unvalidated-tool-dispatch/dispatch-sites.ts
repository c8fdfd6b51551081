import { contains, enclosingFunction, isFunctionLike, staticName, ts, unwrap, walk } from '../../../src/model/ast.js';
import { moduleMatcher } from '../../../src/catalog/matcher.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isReference, type Declaration } from '../../../src/model/scope.js';
import { isCheckedIn, isContentCheck, untrustedFlowsInto, type UntrustedFlow } from '../../../src/domain/untrusted/untrusted-flows.js';
import { searchedKey } from './list-search.js';

/** A tool the model chose, run by hand: a dynamic lookup that is called, or a switch on the tool name. */
export type ToolDispatch =
  | { readonly kind: 'lookup'; readonly call: ts.CallExpression; readonly key: ts.Expression; readonly nameChecked: boolean; readonly frameworkValidated: boolean; readonly openArguments: boolean }
  | { readonly kind: 'switch'; readonly statement: ts.SwitchStatement; readonly key: ts.Expression; readonly hasDefault: boolean }
  | { readonly kind: 'branch-handler'; readonly call: ts.CallExpression; readonly key: ts.Expression; readonly openArguments: boolean };

/** Helper-parameter hops (`runTool(call.function.name, …)` → `function runTool(name, …)`). */
const MAX_HOPS = 3;

/** A parameter of a same-file function and the arguments its callers pass for it. */
function callerArguments(expr: ts.Expression, facts: FileFacts): ts.Expression[] {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node)) return [];
  const decl = facts.resolve(node.text, node);
  if (!decl || decl.kind !== 'parameter' || !ts.isParameter(decl.node) || !ts.isIdentifier(decl.node.name)) return [];
  const fn = decl.node.parent;
  if (!isFunctionLike(fn)) return [];
  const index = fn.parameters.indexOf(decl.node);
  return facts.callersOf(fn).map((call) => call.arguments[index]).filter((arg): arg is ts.Expression => arg !== undefined);
}

/** Model output (responses, the model's tool calls) reaching `expr`, followed into same-file helpers' callers. */
export function modelFlowsInto(expr: ts.Expression, facts: FileFacts, hops = 0): UntrustedFlow[] {
  const { toolCallMembers, toolCallTypes } = facts.classifier.toolDispatch;
  const flows = untrustedFlowsInto(expr, facts, { shapes: { members: toolCallMembers, types: toolCallTypes } }).filter((flow) => flow.kind === 'model-output');
  if (flows.length > 0 || hops >= MAX_HOPS) return flows;
  return callerArguments(expr, facts).flatMap((arg) => modelFlowsInto(arg, facts, hops + 1));
}

/** `call.function.name`, `{ toolName } = part`, or a helper parameter fed one: the expression reads a tool name. */
function readsToolName(expr: ts.Expression, facts: FileFacts, hops = 0): boolean {
  const names = facts.classifier.toolDispatch.toolNameMembers;
  const node = unwrap(expr);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const member = ts.isPropertyAccessExpression(node) ? node.name.text : staticName(node.argumentExpression);
    return member !== undefined && names.includes(member);
  }
  if (!ts.isIdentifier(node) || hops > MAX_HOPS) return false;
  const decl = facts.resolve(node.text, node);
  if (!decl) return false;
  if (decl.init) {
    const last = decl.init.path[decl.init.path.length - 1];
    return last !== undefined ? names.includes(last) : readsToolName(decl.init.expression, facts, hops + 1);
  }
  return callerArguments(node, facts).some((arg) => readsToolName(arg, facts, hops + 1));
}

/** Is the open (unvalidated) model output in `expr`? */
function hasOpenModelOutput(expr: ts.Expression, scope: ts.Node, facts: FileFacts): boolean {
  return modelFlowsInto(expr, facts).some((flow) => !flow.checkedOnTheWay && !isCheckedIn(scope, flow, facts));
}

/** The call a function is passed to, directly or as an option value (`f({ onStepFinish: fn })`). */
function optionOwner(fn: ts.Node): ts.Node {
  let node = fn;
  while (node.parent && (ts.isPropertyAssignment(node.parent) || ts.isObjectLiteralExpression(node.parent) || ts.isParenthesizedExpression(node.parent))) node = node.parent;
  return node.parent ?? node;
}

/** The value a tool-call shape was read from: `result` of `result.toolCalls`, the initializer of `const { toolCalls } = …`. */
function shapeReceiver(source: ts.Node): ts.Node | undefined {
  if (ts.isPropertyAccessExpression(source) || ts.isElementAccessExpression(source)) return source.expression;
  let node: ts.Node | undefined = source;
  while (node && !ts.isVariableDeclaration(node) && !isFunctionLike(node)) node = node.parent;
  return node && ts.isVariableDeclaration(node) ? node.initializer : undefined;
}

/**
 * Does the flow start at a call of an SDK that hands back only offered tools with parsed input
 * (`validatingModules`)? The tool-call shape (`result.toolCalls`) ends the trace, so the value it was
 * read from is followed one step further: to the SDK call, or to the SDK callback it is a parameter of
 * (`onStepFinish: (step) => step.toolCalls`).
 */
function fromValidatingSdk(flow: UntrustedFlow, facts: FileFacts): boolean {
  const isValidatingCall = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const module = facts.originOf(node.expression)?.module;
    return module !== undefined && moduleMatcher(facts.classifier.toolDispatch.validatingModules)(module);
  };
  if (isValidatingCall(flow.source)) return true;
  const receiver = shapeReceiver(flow.source);
  if (!receiver || !ts.isExpression(receiver)) return false;
  const base = unwrap(receiver);
  const decl = ts.isIdentifier(base) ? facts.resolve(base.text, base) : undefined;
  if (decl?.kind === 'parameter' && isFunctionLike(decl.scope)) return isValidatingCall(optionOwner(decl.scope));
  return untrustedFlowsInto(receiver, facts).some((inner) => inner.kind === 'model-output' && isValidatingCall(inner.source));
}

function isModelChosenName(key: ts.Expression, facts: FileFacts): boolean {
  return readsToolName(key, facts) && modelFlowsInto(key, facts).some((flow) => !flow.checkedOnTheWay && !fromValidatingSdk(flow, facts));
}

interface Lookup {
  readonly key: ts.Expression;
  /** The table or registry looked in (`tools` of `tools[name]`). */
  readonly table: ts.Expression;
  /** The variable holding the looked-up tool (`const tool = tools[name]`), when there is one. */
  readonly holder?: Declaration;
  /** Searched for in a list (`tools.find((t) => t.name === name)`): only a listed tool is found. */
  readonly listed?: true;
}

/** `tools[key]`, `registry.get(key)`, or a variable initialised from one. */
function lookupIn(expr: ts.Expression, facts: FileFacts): Lookup | undefined {
  const node = unwrap(expr);
  if (ts.isElementAccessExpression(node)) {
    const key = unwrap(node.argumentExpression);
    return ts.isStringLiteralLike(key) || ts.isNumericLiteral(key) ? undefined : { key: node.argumentExpression, table: node.expression };
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 1) {
    const method = node.expression.name.text;
    if (method === 'find') {
      const key = searchedKey(node.arguments[0]);
      return key ? { key, table: node.expression.expression, listed: true } : undefined;
    }
    return facts.classifier.toolDispatch.lookupMethods.includes(method) ? { key: node.arguments[0]!, table: node.expression.expression } : undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const decl = facts.resolve(node.text, node);
  if (!decl || decl.kind !== 'variable' || !decl.init || decl.init.path.length > 0) return undefined;
  const inner = unwrap(decl.init.expression);
  if (!ts.isElementAccessExpression(inner) && !ts.isCallExpression(inner)) return undefined;
  const found = lookupIn(inner, facts);
  return found && { ...found, holder: decl };
}

/** The looked-up function a call runs and the method it calls on it (`tools[n](…)`, `tools[n].execute(…)`, `fn.call(…)`). */
function dispatchedLookup(call: ts.CallExpression, facts: FileFacts): { lookup: Lookup; method?: string } | undefined {
  const callee = unwrap(call.expression);
  const direct = lookupIn(callee, facts);
  if (direct) return { lookup: direct };
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const viaMethod = lookupIn(callee.expression, facts);
  if (!viaMethod) return undefined;
  return method === 'call' || method === 'apply' ? { lookup: viaMethod } : { lookup: viaMethod, method };
}

function mentions(node: ts.Node, targets: { text: string; decls: ReadonlySet<Declaration> }, facts: FileFacts): boolean {
  if (ts.isExpression(node) && node.getText(facts.sourceFile) === targets.text) return true;
  if (ts.isIdentifier(node) && isReference(node)) {
    const decl = facts.resolve(node.text, node);
    if (decl && targets.decls.has(decl)) return true;
  }
  return ts.forEachChild(node, (child) => mentions(child, targets, facts) || undefined) ?? false;
}

function leaves(statement: ts.Statement): boolean {
  const exits = (s: ts.Statement): boolean => ts.isThrowStatement(s) || ts.isReturnStatement(s) || ts.isContinueStatement(s) || ts.isBreakStatement(s);
  return exits(statement) || (ts.isBlock(statement) && statement.statements.some(exits));
}

/** `key in tools`, `tools.has(key)`, `Object.hasOwn(tools, key)`, `allowed.includes(key)`, `isAllowedTool(key)`. */
function isMembershipTest(node: ts.Node, targets: { text: string; decls: ReadonlySet<Declaration> }, facts: FileFacts): boolean {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword) return mentions(node.left, targets, facts);
  if (!ts.isCallExpression(node) || !node.arguments.some((arg) => mentions(arg, targets, facts))) return false;
  const callee = unwrap(node.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return (method !== undefined && facts.classifier.toolDispatch.membershipMethods.includes(method)) || isContentCheck(node, facts);
}

/**
 * Was the tool name (or the looked-up tool) tested before the call ran: an allow-list or own-property
 * test anywhere in the function, a guard that leaves when the tool is missing, or a condition the call sits under.
 */
function isNameChecked(call: ts.CallExpression, lookup: Lookup, facts: FileFacts): boolean {
  const scope = enclosingFunction(call) ?? facts.sourceFile;
  const keyDecls = new Set<Declaration>();
  const key = unwrap(lookup.key);
  if (ts.isIdentifier(key)) {
    const decl = facts.resolve(key.text, key);
    if (decl) keyDecls.add(decl);
  }
  const keyTargets = { text: key.getText(facts.sourceFile), decls: keyDecls };
  const anyTargets = { text: key.getText(facts.sourceFile), decls: new Set([...keyDecls, ...(lookup.holder ? [lookup.holder] : [])]) };
  let found = false;
  walk(scope, (node) => {
    if (found) return false;
    if (isMembershipTest(node, keyTargets, facts)) found = true;
    else if (ts.isIfStatement(node) && node.pos < call.pos && !contains(node, call) && leaves(node.thenStatement) && mentions(node.expression, anyTargets, facts)) found = true;
    return !found;
  });
  if (found) return true;
  for (let child: ts.Node = call, parent = call.parent; parent && parent !== scope; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.expression !== child && mentions(parent.expression, anyTargets, facts)) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== child && mentions(parent.condition, anyTargets, facts)) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child && mentions(parent.left, anyTargets, facts)) return true;
  }
  return false;
}

/**
 * A table this file builds or imports from the project (`const tools = {…}`, `new Map(…)`, `import { tools } from './tools.js'`):
 * its handlers are visible as plain functions. A table handed in (`ctx.tools`) may hold framework tools that validate on execute.
 */
function isProjectTable(table: ts.Expression, facts: FileFacts): boolean {
  const node = unwrap(table);
  if (!ts.isIdentifier(node)) return false;
  const decl = facts.resolve(node.text, node);
  if (!decl) return false;
  if (decl.kind === 'import') return decl.importFrom?.module.startsWith('.') ?? false;
  return decl.kind === 'variable' && decl.init !== undefined;
}

function lookupDispatch(call: ts.CallExpression, facts: FileFacts): ToolDispatch | undefined {
  const found = dispatchedLookup(call, facts);
  if (!found || !isModelChosenName(found.lookup.key, facts)) return undefined;
  const scope = enclosingFunction(call) ?? facts.sourceFile;
  const frameworkValidated = found.method !== undefined && facts.classifier.toolDispatch.frameworkInvokers.includes(found.method);
  const openArguments = !frameworkValidated && isProjectTable(found.lookup.table, facts) && call.arguments.some((arg) => hasOpenModelOutput(arg, scope, facts));
  return { kind: 'lookup', call, key: found.lookup.key, nameChecked: found.lookup.listed === true || isNameChecked(call, found.lookup, facts), frameworkValidated, openArguments };
}

/** The whole arguments object of a tool call: `JSON.parse(call.function.arguments)`, `block.input`, or a variable holding one. */
function isWholeArguments(expr: ts.Expression, facts: FileFacts, hops = 0): boolean {
  const node = unwrap(expr);
  const members = facts.classifier.toolDispatch.toolArgumentMembers;
  if (ts.isPropertyAccessExpression(node)) return members.includes(node.name.text);
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    const isJsonParse = ts.isPropertyAccessExpression(callee) && callee.name.text === 'parse' && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON';
    return isJsonParse && node.arguments[0] !== undefined && isWholeArguments(node.arguments[0], facts, hops);
  }
  if (!ts.isIdentifier(node) || hops > MAX_HOPS) return false;
  const decl = facts.resolve(node.text, node);
  if (!decl?.init) return false;
  const last = decl.init.path[decl.init.path.length - 1];
  return last !== undefined ? members.includes(last) : isWholeArguments(decl.init.expression, facts, hops + 1);
}

/** Handlers called in the cases of a switch on the tool name: `case 'x': return x(JSON.parse(call.function.arguments))`. */
function branchHandlers(statement: ts.SwitchStatement, facts: FileFacts): ToolDispatch[] {
  const scope = enclosingFunction(statement) ?? facts.sourceFile;
  const found: ToolDispatch[] = [];
  for (const clause of statement.caseBlock.clauses) {
    for (const s of clause.statements) {
      walk(s, (node) => {
        if (isFunctionLike(node)) return false;
        if (!ts.isCallExpression(node)) return true;
        const callee = unwrap(node.expression);
        const isHandler = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
        if (isHandler && node.arguments.some((arg) => isWholeArguments(arg, facts))) {
          found.push({ kind: 'branch-handler', call: node, key: statement.expression, openArguments: node.arguments.some((arg) => isWholeArguments(arg, facts) && hasOpenModelOutput(arg, scope, facts)) });
        }
        return true;
      });
    }
  }
  return found;
}

/** `call.name === 'roll_dice'` (either side): a test of the model-chosen tool name against one tool. */
function isNameComparison(expr: ts.Expression, facts: FileFacts): ts.Expression | undefined {
  const node = unwrap(expr);
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return isNameComparison(node.left, facts) ?? isNameComparison(node.right, facts);
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
    const [name, other] = ts.isStringLiteralLike(unwrap(node.right)) ? [node.left, node.right] : [node.right, node.left];
    return ts.isStringLiteralLike(unwrap(other)) && isModelChosenName(name, facts) ? name : undefined;
  }
  return undefined;
}

/** Handlers called under `if (call.name === 'x')` with the whole arguments: the if-chain form of a name switch. */
function ifBranchHandlers(facts: FileFacts): ToolDispatch[] {
  const found: ToolDispatch[] = [];
  for (const call of facts.index.calls) {
    const callee = unwrap(call.expression);
    const isHandler = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
    if (!isHandler || !call.arguments.some((arg) => isWholeArguments(arg, facts))) continue;
    const scope = enclosingFunction(call) ?? facts.sourceFile;
    for (let child: ts.Node = call, parent = call.parent; parent && parent !== scope; child = parent, parent = parent.parent) {
      if (isFunctionLike(parent)) break;
      const key = ts.isIfStatement(parent) && parent.thenStatement === child ? isNameComparison(parent.expression, facts) : undefined;
      if (!key) continue;
      found.push({ kind: 'branch-handler', call, key, openArguments: call.arguments.some((arg) => isWholeArguments(arg, facts) && hasOpenModelOutput(arg, scope, facts)) });
      break;
    }
  }
  return found;
}

/** A default clause that does something (answers or throws): unknown tool names are refused, not ignored. */
function hasRefusingDefault(statement: ts.SwitchStatement): boolean {
  return statement.caseBlock.clauses.some((clause) => ts.isDefaultClause(clause) && clause.statements.some((s) => !ts.isBreakStatement(s)));
}

/** Every place in the file where a model-chosen tool is looked up and run, or switched on, by hand. */
export function toolDispatchesIn(facts: FileFacts): ToolDispatch[] {
  const dispatches: ToolDispatch[] = [];
  for (const call of facts.index.calls) {
    const dispatch = lookupDispatch(call, facts);
    if (dispatch) dispatches.push(dispatch);
  }
  for (const node of facts.index.switches) {
    if (isModelChosenName(node.expression, facts)) {
      dispatches.push({ kind: 'switch', statement: node, key: node.expression, hasDefault: hasRefusingDefault(node) }, ...branchHandlers(node, facts));
    }
  }
  dispatches.push(...ifBranchHandlers(facts));
  return dispatches;
}
