import { ts, unwrap } from '../ast.js';
import type { Declaration } from '../scope.js';

/** Globals a Web Worker reaches itself through. */
const WORKER_SELF = new Set(['self', 'globalThis']);
const WORKER_TEXT = /importScripts|onmessage|addEventListener/;
/** Node's worker threads talk through `parentPort`: such a file runs in Node, not in a browser. */
const NODE_WORKER_TEXT = /\bparentPort\b|worker_threads/;

type Resolve = (name: string, at: ts.Node) => Declaration | undefined;

/** `importScripts`, `self.importScripts`: the callee names the worker global, not a local. */
function workerGlobal(expr: ts.Expression, name: string, resolve: Resolve): boolean {
  const node = unwrap(expr);
  if (ts.isIdentifier(node)) return node.text === name && !resolve(name, node);
  return ts.isPropertyAccessExpression(node) && node.name.text === name && ts.isIdentifier(node.expression) && WORKER_SELF.has(node.expression.text) && !resolve(node.expression.text, node.expression);
}

/** A module-level `self.onmessage = …` or `self.addEventListener('message', …)`: the file answers its page's messages. */
function messageHandler(statement: ts.Statement, resolve: Resolve): string | undefined {
  if (!ts.isExpressionStatement(statement)) return undefined;
  const expr = unwrap(statement.expression);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken && workerGlobal(expr.left, 'onmessage', resolve)) return 'onmessage';
  if (ts.isCallExpression(expr) && workerGlobal(expr.expression, 'addEventListener', resolve)) {
    const event = expr.arguments[0];
    if (event && ts.isStringLiteralLike(event) && event.text === 'message') return "addEventListener('message')";
  }
  return undefined;
}

/**
 * The worker API a file uses when it runs as a browser Web Worker: `importScripts` (which only a Web
 * Worker defines), or a message handler installed on the worker global at module level. A Node
 * worker thread (`parentPort`, `worker_threads`) is not one.
 */
export function webWorkerApi(sourceFile: ts.SourceFile, resolve: Resolve): string | undefined {
  if (!WORKER_TEXT.test(sourceFile.text) || NODE_WORKER_TEXT.test(sourceFile.text)) return undefined;
  for (const statement of sourceFile.statements) {
    const handler = messageHandler(statement, resolve);
    if (handler) return handler;
  }
  if (!sourceFile.text.includes('importScripts')) return undefined;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && workerGlobal(node.expression, 'importScripts', resolve)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found ? 'importScripts' : undefined;
}

