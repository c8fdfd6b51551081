import { isFunctionLike, staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';
import { destinationOf, returnedExpressions, thenParameter } from '../../model/value-flow.js';

/** Globals and modules whose parse/validate-named methods do not check a shape. */
const NOT_VALIDATORS = new Set(['JSON', 'Number', 'Date', 'URL', 'Intl', 'Math', 'Buffer', 'querystring', 'qs', 'path', 'yaml', 'YAML', 'csv', 'marked', 'cheerio']);
const HELPER_NAME = /^(validate|assert|parse|check|ensure|verify|guard|is|decode|sanitize)([A-Z_]|$)/;

/** Is this call a schema validation or a hand-written shape check of its argument? */
export function isValidatorCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const callee = unwrap(call.expression);
  const origin = facts.originOf(callee);
  if (origin && facts.classifier.isValidatorModule(origin.module)) return true;
  if (ts.isIdentifier(callee) && callee.text === 'Array') return false;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method === 'isArray' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array') return true;
    if (facts.classifier.isValidatorMethod(method)) {
      const receiver = unwrap(callee.expression);
      if (ts.isIdentifier(receiver) && NOT_VALIDATORS.has(receiver.text)) return false;
      const receiverOrigin = facts.originOf(receiver);
      if (!receiverOrigin) return true;
      if (facts.classifier.isValidatorModule(receiverOrigin.module)) return true;
      // A parse() on something from a known non-validator package (yaml, a logger…) is not validation;
      // on a local or relatively imported schema object it is.
      return receiverOrigin.module.startsWith('.') || (receiverOrigin.module === 'globalThis' && !NOT_VALIDATORS.has(receiverOrigin.path[0] ?? ''));
    }
    return HELPER_NAME.test(method) && !(ts.isIdentifier(callee.expression) && NOT_VALIDATORS.has(callee.expression.text));
  }
  const name = staticName(callee);
  return name !== undefined && HELPER_NAME.test(name) && name !== 'parseInt' && name !== 'parseFloat';
}

function exits(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((s) => ts.isThrowStatement(s) || ts.isReturnStatement(s));
}

/** `if (!data.items) throw …` / `if (json.error) return …`: the value is tested by a guard that leaves. */
function isGuardCondition(expr: ts.Expression): boolean {
  let child: ts.Node = expr;
  for (let current = expr.parent; current; child = current, current = current.parent) {
    if (ts.isIfStatement(current)) return current.expression === child && exits(current.thenStatement);
    if (!ts.isExpression(current) || ts.isCallExpression(current) || isFunctionLike(current)) return false;
  }
  return false;
}

/**
 * Does this value reach a schema validation or shape check before it leaves the file? Follows
 * variables, destructuring, `.then` callbacks, member reads and values returned to same-file callers.
 * A field of the value (not the value itself) tested by a guard that throws or returns counts as a
 * hand-written shape check.
 */
export function isValidated(expr: ts.Expression, facts: FileFacts, depth = 0, derived = false): boolean {
  if (depth > 6) return false;
  if (derived && isGuardCondition(expr)) return true;
  const destination = destinationOf(expr, facts);
  switch (destination.kind) {
    case 'shape-check':
      return true;
    case 'argument':
      return ts.isCallExpression(destination.call) && isValidatorCall(destination.call, facts);
    case 'binding':
      return destination.declarations.some((decl) => {
        const fromField = derived || (decl.init?.path.length ?? 0) > 0;
        return facts.references(decl).some((ref) => isValidated(ref, facts, depth + 1, fromField));
      });
    case 'member':
      return isValidated(destination.value, facts, depth + 1, true);
    case 'then':
      if (!destination.callback) return false;
      return (
        thenParameter(destination.callback, facts).some((decl) => facts.references(decl).some((ref) => isValidated(ref, facts, depth + 1, derived))) ||
        (returnedExpressions(destination.callback).length > 0 && isValidated(destination.thenCall, facts, depth + 1, derived))
      );
    case 'returned':
      return destination.fn !== undefined && facts.callersOf(destination.fn).some((call) => isValidated(call, facts, depth + 1, derived));
    default:
      return false;
  }
}
