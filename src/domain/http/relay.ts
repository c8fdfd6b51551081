import { lastSegment } from '../../catalog/matcher.js';
import { enclosingFunction, objectProperty, ts, unwrap, type FunctionLike } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { destinationOf } from '../../model/value-flow.js';

const RESPONSE_CONSTRUCTORS = new Set(['Response', 'NextResponse']);

/** A handler: a function taking the incoming request (`(req: NextRequest) => …`). */
function handlesIncomingRequest(fn: FunctionLike | undefined, facts: FileFacts): boolean {
  const types = facts.classifier.httpRequests.types;
  return !!fn && fn.parameters.some((param) => !!param.type && ts.isTypeReferenceNode(param.type) && types.includes(lastSegment(param.type.typeName.getText())));
}

/** `x.status` / `x.statusCode` where x is the same name as the upstream response. */
function isStatusOf(expr: ts.Expression, name: string): boolean {
  const node = unwrap(expr);
  return ts.isPropertyAccessExpression(node) && /^status(Code)?$/.test(node.name.text) && ts.isIdentifier(node.expression) && node.expression.text === name;
}

/** `new Response(res.body, res)` or `new Response(res.body, { status: res.status, … })`. */
function rebuiltWithUpstreamStatus(ref: ts.Identifier): boolean {
  const body = ref.parent;
  if (!ts.isPropertyAccessExpression(body) || body.expression !== ref || body.name.text !== 'body') return false;
  const created = body.parent;
  if (!ts.isNewExpression(created) || !ts.isIdentifier(created.expression) || !RESPONSE_CONSTRUCTORS.has(created.expression.text)) return false;
  if (created.arguments?.[0] !== body) return false;
  const init = created.arguments[1] ? unwrap(created.arguments[1]) : undefined;
  if (!init) return false;
  if (ts.isIdentifier(init)) return init.text === ref.text;
  if (!ts.isObjectLiteralExpression(init)) return false;
  const status = objectProperty(init, 'status');
  return !!status && ts.isPropertyAssignment(status) && isStatusOf(status.initializer, ref.text);
}

/**
 * A proxy that relays the upstream answer to its own caller: the response is returned from a request
 * handler as it is, or rebuilt with the upstream status (`new Response(res.body, { status: res.status })`).
 * The caller sees the 429/5xx and owns the retry; retrying here would repeat a request that may not be
 * idempotent (a forwarded generation, a tool call) behind the caller's back.
 */
export function relaysUpstreamResponse(site: CallSite, facts: FileFacts): boolean {
  const destination = destinationOf(site.node, facts);
  if (destination.kind === 'returned') return handlesIncomingRequest(destination.fn, facts);
  if (destination.kind !== 'binding') return false;
  return destination.declarations.some((decl) =>
    facts.references(decl).some((ref) => rebuiltWithUpstreamStatus(ref) || (destinationOf(ref, facts).kind === 'returned' && handlesIncomingRequest(enclosingFunction(ref), facts))),
  );
}
