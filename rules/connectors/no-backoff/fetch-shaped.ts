import { enclosingFunction, ts, unwrap, type FunctionLike } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { destinationOf } from '../../../src/model/value-flow.js';

/** The parameter an expression is, directly or through a local initialised from it (`let url = input`). */
function isParameterValue(expr: ts.Expression, param: ts.ParameterDeclaration, file: FileFacts, depth = 0): boolean {
  const node = unwrap(expr);
  if (!ts.isIdentifier(node) || !ts.isIdentifier(param.name)) return false;
  const decl = file.resolve(node.text, node);
  if (decl?.kind === 'parameter') return decl.node === param;
  return decl?.kind === 'variable' && !!decl.init && decl.init.path.length === 0 && depth < 2 && isParameterValue(decl.init.expression, param, file, depth + 1);
}

/** The caller's init passed on: as is, through a local, or spread into a copy (`{ ...init, dispatcher }`). */
function carriesInit(expr: ts.Expression, init: ts.ParameterDeclaration, file: FileFacts, depth = 0): boolean {
  const node = unwrap(expr);
  if (isParameterValue(node, init, file)) return true;
  if (ts.isObjectLiteralExpression(node)) return node.properties.some((prop) => ts.isSpreadAssignment(prop) && isParameterValue(prop.expression, init, file));
  if (!ts.isIdentifier(node) || depth >= 2) return false;
  const decl = file.resolve(node.text, node);
  return decl?.kind === 'variable' && !!decl.init && decl.init.path.length === 0 && carriesInit(decl.init.expression, init, file, depth + 1);
}

/** The response goes back to the caller as it is: returned directly or through a local that is returned. */
function handsResponseBack(site: CallSite, file: FileFacts): boolean {
  const destination = destinationOf(site.node, file);
  if (destination.kind === 'returned') return true;
  return destination.kind === 'binding' && destination.declarations.some((decl) => file.references(decl).some((ref) => destinationOf(ref, file).kind === 'returned'));
}

/**
 * `async (input, init) => fetch(input, { ...init, dispatcher: proxy })`: a function with fetch's own
 * shape that sends its caller's request with the caller's init and hands the response back (a proxy,
 * an SSRF guard, a log line added); one that reads the body itself is no transport. It is a transport, typically handed to an SDK or an auth library that owns the retry; the
 * request is judged where it is made, not here.
 */
export function forwardsCallersRequest(site: CallSite, file: FileFacts): boolean {
  const [url, init] = site.node.arguments;
  if (site.entry.kind !== 'http' || !url || !init) return false;
  const fn: FunctionLike | undefined = enclosingFunction(site.node);
  const [urlParam, initParam] = fn?.parameters ?? [];
  return !!urlParam && !!initParam && isParameterValue(url, urlParam, file) && carriesInit(init, initParam, file) && handsResponseBack(site, file);
}
