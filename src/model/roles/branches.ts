import { ts, unwrap, walk } from '../ast.js';
import type { Declaration } from '../scope.js';
import type { DevelopmentCheck } from './types.js';

/** Where a branch of isomorphic code runs: in a browser or on the server, in development or in production. */
export type Runtime = 'browser' | 'server' | 'development' | 'production';

/** A flag imported from another module (`import { isDev } from './env'`), settled once that module's flags are known. */
export interface ImportedFlag {
  readonly specifier: string;
  readonly imported: string;
  /** The branch runs when the flag is this. */
  readonly value: boolean;
}

/** Where a branch runs: a runtime, or wherever an imported flag has a value. */
export type BranchRuns = Runtime | ImportedFlag;

/** A branch by character offsets, whatever lines it shares: calls made in it run only where it runs. */
export interface BranchRange {
  readonly pos: number;
  readonly end: number;
  readonly runs: BranchRuns;
}

/** Lines (1-based, inclusive) of a branch that runs only in one runtime, or only when an imported flag has a value. */
export interface BranchSpan {
  readonly start: number;
  readonly end: number;
  readonly runs: Runtime | ImportedFlag;
  /** The test that decides it, for evidence (`typeof window !== 'undefined'`). */
  readonly test: string;
}

/** An exported flag a module computes from its runtime (`export const isDev = process.env.NODE_ENV === 'development'`). */
export interface RuntimeFlag {
  readonly name: string;
  readonly whenTrue?: Runtime;
  readonly whenFalse?: Runtime;
}

type Fact = Runtime | ImportedFlag;
interface Test {
  readonly whenTrue?: Fact;
  readonly whenFalse?: Fact;
}

const BROWSER_ONLY_GLOBALS = new Set(['window', 'document']);
/** `import.meta.env` flags that bundlers (Vite) define per build. */
const BUILD_FLAGS: Readonly<Record<string, Test>> = {
  DEV: { whenTrue: 'development', whenFalse: 'production' },
  PROD: { whenTrue: 'production', whenFalse: 'development' },
  SSR: { whenTrue: 'server', whenFalse: 'browser' },
};
/** Text a module must hold to compute a runtime flag of its own. */
const RUNTIME_TEXT = /typeof\s+(?:window|document)\b|NODE_ENV|import\.meta\.env|isPackaged/;
const MAX_HOPS = 2;

type Resolve = (name: string, at: ts.Node) => Declaration | undefined;

const DEVELOPMENT: Test = { whenTrue: 'development', whenFalse: 'production' };

/** Does the file hold a runtime test of its own: a runtime global, or an import of a development-check library? */
const holdsRuntimeTest = (text: string, checks: readonly DevelopmentCheck[]): boolean => RUNTIME_TEXT.test(text) || checks.some((c) => text.includes(c.module));

/** `is.dev()`, `dev()`, `isDev` from a library the catalog names as a development check. */
function developmentCheck(node: ts.Expression, resolve: Resolve, checks: readonly DevelopmentCheck[]): Test | undefined {
  if (checks.length === 0) return undefined;
  const importOf = (id: ts.Expression): { module: string; imported: string } | undefined => (ts.isIdentifier(id) ? resolve(id.text, id)?.importFrom : undefined);
  if (ts.isCallExpression(node) && node.arguments.length === 0) {
    const callee = unwrap(node.expression);
    const named = importOf(callee);
    if (named && checks.some((c) => c.module === named.module && c.calls?.includes(named.imported))) return DEVELOPMENT;
    if (ts.isPropertyAccessExpression(callee)) {
      const whole = importOf(callee.expression);
      const member = callee.name.text;
      if (whole && (whole.imported === '*' || whole.imported === 'default') && checks.some((c) => c.module === whole.module && c.calls?.includes(member))) return DEVELOPMENT;
    }
    return undefined;
  }
  const value = importOf(node);
  return value && checks.some((c) => c.module === value.module && c.values?.includes(value.imported)) ? DEVELOPMENT : undefined;
}

const negate = (test: Test): Test => ({ ...(test.whenFalse ? { whenTrue: test.whenFalse } : {}), ...(test.whenTrue ? { whenFalse: test.whenTrue } : {}) });

/** `process.env.NODE_ENV`, or an environment helper asked for it by name (`getEnv('NODE_ENV')`, `Deno.env.get('NODE_ENV')`). */
function isNodeEnv(expr: ts.Expression): boolean {
  const node = unwrap(expr);
  if (ts.isCallExpression(node)) {
    const [name] = node.arguments;
    return node.arguments.length === 1 && name !== undefined && ts.isStringLiteralLike(name) && name.text === 'NODE_ENV';
  }
  const name = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) ? node.argumentExpression.text : undefined;
  if (name !== 'NODE_ENV') return false;
  const env = (node as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
  return ts.isPropertyAccessExpression(env) && env.name.text === 'env' && ts.isIdentifier(env.expression) && env.expression.text === 'process';
}

/** `import.meta.env.DEV` and the like. */
function buildFlag(node: ts.Expression): Test | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const env = node.expression;
  const isImportMetaEnv = ts.isPropertyAccessExpression(env) && env.name.text === 'env' && ts.isMetaProperty(env.expression) && env.expression.keywordToken === ts.SyntaxKind.ImportKeyword;
  return isImportMetaEnv ? BUILD_FLAGS[node.name.text] : undefined;
}

/** `x === 'literal'` with the runtime each literal names. */
function comparison(node: ts.BinaryExpression, classify: (e: ts.Expression) => Test): Test {
  const op = node.operatorToken.kind;
  const equal = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const unequal = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!equal && !unequal) return {};
  const [left, right] = [unwrap(node.left), unwrap(node.right)];
  const literalSide = ts.isStringLiteralLike(right) ? right : ts.isStringLiteralLike(left) ? left : undefined;
  const other = literalSide === right ? left : right;
  let test: Test = {};
  if (right.kind === ts.SyntaxKind.TrueKeyword || right.kind === ts.SyntaxKind.FalseKeyword) {
    const subject = classify(left);
    test = right.kind === ts.SyntaxKind.TrueKeyword ? subject : negate(subject);
  } else if (literalSide && ts.isTypeOfExpression(other) && ts.isIdentifier(other.expression) && BROWSER_ONLY_GLOBALS.has(other.expression.text)) {
    // `typeof window === 'undefined'` holds on the server.
    if (literalSide.text === 'undefined') test = { whenTrue: 'server', whenFalse: 'browser' };
    else if (literalSide.text === 'object') test = { whenTrue: 'browser', whenFalse: 'server' };
  } else if (literalSide && isNodeEnv(other)) {
    if (literalSide.text === 'development') test = { whenTrue: 'development', whenFalse: 'production' };
    // `NODE_ENV !== 'production'` holds in development and tests: not where the product runs.
    else if (literalSide.text === 'production') test = { whenTrue: 'production', whenFalse: 'development' };
  }
  return unequal ? negate(test) : test;
}

/**
 * What a condition tells about the runtime when it holds and when it does not: `typeof window`,
 * `process.env.NODE_ENV`, `import.meta.env.DEV`, Electron's `app.isPackaged`, a development-check
 * library (`is.dev()`, catalog `developmentChecks`), negations, `&&`/`||`,
 * and a const initialised from one of these (in the file, or imported: settled later).
 */
function classifier(resolve: Resolve, checks: readonly DevelopmentCheck[]): (expr: ts.Expression) => Test {
  const classify = (expr: ts.Expression, hops = 0): Test => {
    const node = unwrap(expr);
    const checked = developmentCheck(node, resolve, checks);
    if (checked) return checked;
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return negate(classify(node.operand, hops));
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        const [a, b] = [classify(node.left, hops), classify(node.right, hops)];
        return { ...((a.whenTrue ?? b.whenTrue) ? { whenTrue: a.whenTrue ?? b.whenTrue } : {}) };
      }
      if (op === ts.SyntaxKind.BarBarToken) {
        const [a, b] = [classify(node.left, hops), classify(node.right, hops)];
        return { ...((a.whenFalse ?? b.whenFalse) ? { whenFalse: a.whenFalse ?? b.whenFalse } : {}) };
      }
      return comparison(node, (e) => classify(e, hops));
    }
    const flag = buildFlag(node);
    if (flag) return flag;
    // Electron's `app.isPackaged` is false while the app runs from its sources.
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'isPackaged') return { whenTrue: 'production', whenFalse: 'development' };
    if (ts.isIdentifier(node) && hops < MAX_HOPS) {
      const decl = resolve(node.text, node);
      if (decl?.kind === 'variable' && decl.isConst && decl.init && decl.init.path.length === 0) return classify(decl.init.expression, hops + 1);
      if (decl?.kind === 'import' && decl.importFrom && decl.importFrom.imported !== '*') {
        const ref = { specifier: decl.importFrom.module, imported: decl.importFrom.imported };
        return { whenTrue: { ...ref, value: true }, whenFalse: { ...ref, value: false } };
      }
    }
    return {};
  };
  return (expr) => classify(expr);
}

/** A statement after which control never reaches the next one: `return`, `throw`, or a block ending in one. */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && exits(last);
  }
  return false;
}

/** Where a branch is told apart from the code around it: only on lines of its own. */
interface Region {
  readonly first: ts.Node;
  readonly last: ts.Node;
  /** The last line of the code before the branch, and the first line after it (which must not be shared). */
  readonly after: number;
  readonly before: number;
}

function regionOf(branch: ts.Node, previous: ts.Node, next: ts.Node | undefined, line: (pos: number) => number, sourceFile: ts.SourceFile): Region | undefined {
  const statements = ts.isBlock(branch) ? branch.statements : undefined;
  if (statements && statements.length === 0) return undefined;
  const first = statements ? (statements[0] as ts.Node) : branch;
  const last = statements ? (statements[statements.length - 1] as ts.Node) : branch;
  return { first, last, after: line(previous.getEnd()), before: next ? line(next.getStart(sourceFile)) : Number.POSITIVE_INFINITY };
}

const isSpanFact = (fact: Fact | undefined): fact is Fact => fact !== undefined && (typeof fact !== 'string' || fact === 'browser' || fact === 'development');

/**
 * Branches of a file that run only in a browser or only in development: the arms of `if`/`?:`/`&&`/`||`
 * whose test says so, and the rest of a block after `if (onServer) return …`. Only whole lines count,
 * so a line holding both arms keeps the file's role.
 */
/** `branchNodes`: the file index's branch nodes (file-index.ts), which spare a walk over the whole file. */
export function runtimeBranches(sourceFile: ts.SourceFile, resolve: Resolve, importedReads?: readonly ts.Identifier[], checks: readonly DevelopmentCheck[] = [], branchNodes?: readonly ts.Node[]): { spans: BranchSpan[]; ranges: BranchRange[] } {
  const classify = classifier(resolve, checks);
  const line = (pos: number): number => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  const spans: BranchSpan[] = [];
  const ranges: BranchRange[] = [];
  const add = (fact: Fact | undefined, condition: ts.Expression, region: Region | undefined): void => {
    if (!isSpanFact(fact) || !region) return;
    ranges.push({ pos: region.first.getStart(sourceFile), end: region.last.getEnd(), runs: fact });
    const start = line(region.first.getStart(sourceFile));
    const end = line(region.last.getEnd());
    if (start <= region.after || end >= region.before) return;
    spans.push({ start, end, runs: fact, test: condition.getText(sourceFile).slice(0, 80) });
  };
  const branchAt = (node: ts.Node): void => {
    if (ts.isIfStatement(node)) {
      const test = classify(node.expression);
      if (test.whenTrue || test.whenFalse) {
        add(test.whenTrue, node.expression, regionOf(node.thenStatement, node.expression, node.elseStatement, line, sourceFile));
        if (node.elseStatement) add(test.whenFalse, node.expression, regionOf(node.elseStatement, node.thenStatement, undefined, line, sourceFile));
        else if (exits(node.thenStatement) && ts.isBlock(node.parent)) {
          const rest = node.parent.statements.slice(node.parent.statements.indexOf(node) + 1);
          const [first, last] = [rest[0], rest[rest.length - 1]];
          if (first && last) add(test.whenFalse, node.expression, { first, last, after: line(node.getEnd()), before: Number.POSITIVE_INFINITY });
        }
      }
    } else if (ts.isConditionalExpression(node)) {
      const test = classify(node.condition);
      add(test.whenTrue, node.condition, regionOf(node.whenTrue, node.condition, node.whenFalse, line, sourceFile));
      add(test.whenFalse, node.condition, regionOf(node.whenFalse, node.whenTrue, undefined, line, sourceFile));
    } else if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const test = classify(node.left);
      const fact = node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? test.whenTrue : test.whenFalse;
      add(fact, node.left, regionOf(node.right, node.left, undefined, line, sourceFile));
    }
  };
  if (holdsRuntimeTest(sourceFile.text, checks) || !importedReads) {
    if (branchNodes) for (const node of branchNodes) branchAt(node);
    else walk(sourceFile, (node) => void branchAt(node));
  } else {
    // No runtime test written here: only an imported flag can decide a branch, where it is read.
    const seen = new Set<ts.Node>();
    for (const read of importedReads) {
      for (let node: ts.Node = read; node.parent && !seen.has(node.parent); node = node.parent) {
        const parent = node.parent;
        seen.add(parent);
        branchAt(parent);
        if (!(ts.isParenthesizedExpression(parent) || ts.isPrefixUnaryExpression(parent) || ts.isBinaryExpression(parent))) break;
      }
    }
  }
  return { spans, ranges };
}

/** Exported consts that say where the module runs (`export const isDev = …`), for files that import them. */
export function runtimeFlags(sourceFile: ts.SourceFile, resolve: Resolve, exported: ReadonlyMap<string, string>, checks: readonly DevelopmentCheck[] = []): RuntimeFlag[] {
  if (!holdsRuntimeTest(sourceFile.text, checks) || exported.size === 0) return [];
  const classify = classifier(resolve, checks);
  const flags: RuntimeFlag[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of statement.declarationList.declarations) {
      const name = ts.isIdentifier(d.name) ? exported.get(d.name.text) : undefined;
      if (!name || !d.initializer) continue;
      const test = classify(d.initializer);
      const whenTrue = typeof test.whenTrue === 'string' ? test.whenTrue : undefined;
      const whenFalse = typeof test.whenFalse === 'string' ? test.whenFalse : undefined;
      if (whenTrue || whenFalse) flags.push({ name, ...(whenTrue ? { whenTrue } : {}), ...(whenFalse ? { whenFalse } : {}) });
    }
  }
  return flags;
}

/** The runtime a span's branch runs in, once the flag it names is known; undefined when it stays unknown. */
export function settledRuntime(runs: Runtime | ImportedFlag, flagOf: (flag: ImportedFlag) => RuntimeFlag | undefined): Runtime | undefined {
  if (typeof runs === 'string') return runs;
  const flag = flagOf(runs);
  return runs.value ? flag?.whenTrue : flag?.whenFalse;
}
