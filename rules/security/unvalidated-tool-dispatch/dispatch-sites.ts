import { contains, enclosingFunction, isFunctionLike, isJsonParseCall, ts, unwrap, walk } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { isReference, type Declaration } from '../../../src/model/scope.js';
import { isCheckedIn, isContentCheck } from '../../../src/domain/untrusted/untrusted-flows.js';
import { dispatchedLookup, isModelChosenName, modelFlowsInto, type Lookup } from '../../../src/domain/tools/model-dispatch.js';

/** A tool the model chose, run by hand: a dynamic lookup that is called, or a switch on the tool name. */
export type ToolDispatch =
  | { readonly kind: 'lookup'; readonly call: ts.CallExpression; readonly key: ts.Expression; readonly nameChecked: boolean; readonly frameworkValidated: boolean; readonly openArguments: boolean }
  | { readonly kind: 'switch'; readonly statement: ts.SwitchStatement; readonly key: ts.Expression; readonly hasDefault: boolean }
  | { readonly kind: 'branch-handler'; readonly call: ts.CallExpression; readonly key: ts.Expression; readonly openArguments: boolean };

/** Helper-parameter hops (`runTool(call.function.name, …)` → `function runTool(name, …)`). */
const MAX_HOPS = 3;

/** Is the open (unvalidated) model output in `expr`? */
function hasOpenModelOutput(expr: ts.Expression, scope: ts.Node, facts: FileFacts): boolean {
  return modelFlowsInto(expr, facts).some((flow) => !flow.checkedOnTheWay && !isCheckedIn(scope, flow, facts));
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
    return isJsonParseCall(node) && node.arguments[0] !== undefined && isWholeArguments(node.arguments[0], facts, hops);
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
