import { enclosingFunction, someDescendant, ts } from '../ast.js';
import { promiseChain } from '../promise-chain.js';
import { hasExportModifier } from '../syntax.js';

const CHAIN_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

/** `main()`, `void main()`, `await main()`, `main().then(…).catch(…)`: the call at the head of the chain. */
function headCall(expression: ts.Expression): ts.CallExpression | undefined {
  let node: ts.Expression = expression;
  for (;;) {
    if (ts.isVoidExpression(node) || ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CHAIN_METHODS.has(node.expression.name.text)) node = node.expression.expression;
    else return ts.isCallExpression(node) ? node : undefined;
  }
}

/** The calls a file makes as module-level statements, each at the head of its `.then/.catch` chain. */
function moduleLevelCalls(sourceFile: ts.SourceFile): ts.CallExpression[] {
  return sourceFile.statements.flatMap((st) => (ts.isExpressionStatement(st) ? (headCall(st.expression) ?? []) : []));
}

const isFunctionLiteral = (node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression => !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));

/**
 * A file that starts its own function at module level and calls `process.exit`: a program someone runs
 * (a dev or ops script), not a module. Whether anything imports it or runs it in production is decided
 * elsewhere; this is only the file's own shape.
 */
export function isStandaloneProgram(sourceFile: ts.SourceFile): boolean {
  if (!sourceFile.text.includes('process.exit(')) return false;
  const functions = new Set(sourceFile.statements.flatMap((st) => (ts.isFunctionDeclaration(st) && st.name ? [st.name.text] : ts.isVariableStatement(st) ? st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) && isFunctionLiteral(d.initializer) ? [d.name.text] : [])) : [])));
  return moduleLevelCalls(sourceFile).some((call) => ts.isIdentifier(call.expression) && functions.has(call.expression.text));
}

/**
 * `run(async () => { … })` at module level: the file hands its whole program, written inline, to a
 * function it imports. The local name of that function; whether it is a program runner (see
 * programRunners) is known once its module is resolved.
 */
export function inlineProgramRunner(sourceFile: ts.SourceFile): string | undefined {
  for (const call of moduleLevelCalls(sourceFile)) {
    if (ts.isIdentifier(call.expression) && call.arguments.length === 1 && isFunctionLiteral(call.arguments[0])) return call.expression.text;
  }
  return undefined;
}

const isProcessExit = (node: ts.Node): boolean =>
  ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'exit' && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'process';

/** `program().then(…).catch((e) => process.exit(1))`: a callback on the program's own promise ends the process. */
function chainExits(call: ts.CallExpression): boolean {
  return promiseChain(call, CHAIN_METHODS).links.some((link) => link.call.arguments.some((arg) => isProcessExit(arg) || someDescendant(arg, isProcessExit)));
}

/**
 * The function runs the function it is handed right away (not in a callback it registers) and ends
 * the process once that program is done: `process.exit` in its own body (after an awaited program, in
 * its catch) or in a callback on the program's promise. An exit in a signal handler it registers
 * (`process.on('SIGTERM', () => process.exit(0))`) is a server's shutdown, not a program's end.
 */
function runsArgumentAndExits(fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression): boolean {
  const param = fn.parameters[0]?.name;
  if (!param || !ts.isIdentifier(param) || !fn.body) return false;
  let runs = false;
  let exits = false;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && enclosingFunction(node) === fn) {
      if (ts.isIdentifier(node.expression) && node.expression.text === param.text) {
        runs = true;
        if (chainExits(node)) exits = true;
      }
      if (isProcessExit(node)) exits = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return runs && exits;
}

/**
 * Exported functions that run a program handed to them and end the process (`export function run(fn) {
 * fn().catch((e) => { console.error(e); process.exit(1); }) }`): a file that hands its inline program to
 * one at module level is run by hand. A retry or handler-registering helper does not exit the process.
 */
export function programRunners(sourceFile: ts.SourceFile): string[] {
  if (!sourceFile.text.includes('process.exit(')) return [];
  const names: string[] = [];
  for (const st of sourceFile.statements) {
    if (!hasExportModifier(st)) continue;
    if (ts.isFunctionDeclaration(st) && st.name && runsArgumentAndExits(st)) names.push(st.name.text);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && isFunctionLiteral(d.initializer) && runsArgumentAndExits(d.initializer)) names.push(d.name.text);
    }
  }
  return names;
}
