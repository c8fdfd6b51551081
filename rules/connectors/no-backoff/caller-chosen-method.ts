import { isFunctionLike, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite } from '../../../src/model/file-facts.js';

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** `method === 'post'` (either side, any case): a test of the data against one HTTP verb. */
function testedVerb(condition: ts.Expression): string | undefined {
  const node = unwrap(condition);
  if (!ts.isBinaryExpression(node)) return undefined;
  const kind = node.operatorToken.kind;
  if (kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && kind !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  const literal = [node.left, node.right].map(unwrap).find(ts.isStringLiteralLike);
  const verb = literal?.text.toLowerCase();
  return verb && HTTP_VERBS.has(verb) ? verb : undefined;
}

/**
 * `if (method === 'post') return axios.post(…)` or `case 'POST':`: the request's method (and so what it
 * does) comes from data, such as an OpenAPI action a user defined or an operation a caller describes.
 * Such an executor runs operations it knows nothing about; whether one may be repeated is its
 * definer's call, not a blind retry here.
 */
export function methodChosenByCaller(site: CallSite): boolean {
  const callee = unwrap(site.node.expression);
  const verb = ts.isPropertyAccessExpression(callee) ? callee.name.text.toLowerCase() : undefined;
  if (!verb || !HTTP_VERBS.has(verb)) return false;
  for (let node: ts.Node = site.node; node.parent && !isFunctionLike(node.parent); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && testedVerb(parent.expression) === verb) return true;
    if (ts.isCaseClause(parent) && ts.isStringLiteralLike(unwrap(parent.expression)) && (unwrap(parent.expression) as ts.StringLiteralLike).text.toLowerCase() === verb) return true;
  }
  return false;
}
