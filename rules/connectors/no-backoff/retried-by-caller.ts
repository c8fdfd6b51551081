import { enclosingFunction, isFunctionLike, someDescendant, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';

/** The name a function is called by in its file: its declaration's, or the const it initialises. */
function bindingName(fn: FunctionLike): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name;
  const holder = fn.parent;
  return holder && ts.isVariableDeclaration(holder) && holder.initializer === fn && ts.isIdentifier(holder.name) ? holder.name : undefined;
}

const callsOf = (root: ts.Node, name: string): boolean =>
  someDescendant(root, (node) => ts.isCallExpression(node) && ts.isIdentifier(unwrap(node.expression)) && (unwrap(node.expression) as ts.Identifier).text === name);

/**
 * `try { return await attempt(); } catch (e) { if (!transient(e)) throw e; return await attempt(); }`:
 * the function around the call is tried again from its caller's catch clause, a deliberate retry (once,
 * on the failures the author chose), so the call is not unretried.
 */
export function retriedFromCallersCatch(site: CallSite, file: FileFacts): boolean {
  const fn = enclosingFunction(site.node);
  const name = fn && bindingName(fn);
  const decl = name && file.resolve(name.text, name);
  if (!name || !decl) return false;
  return file.references(decl).some((ref) => {
    for (let node: ts.Node = ref; node.parent && !isFunctionLike(node); node = node.parent) {
      const parent = node.parent;
      if (ts.isTryStatement(parent) && parent.tryBlock === node) return !!parent.catchClause && callsOf(parent.catchClause.block, name.text);
    }
    return false;
  });
}
