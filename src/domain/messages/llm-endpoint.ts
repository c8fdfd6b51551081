import { staticName, ts, unwrap } from '../../model/ast.js';
import type { FileFacts } from '../../model/file-facts.js';

/** The literal text of a URL expression, `*` standing for what is only known at run time. */
export function urlText(expr: ts.Expression, file: FileFacts, depth = 0): string {
  const node = unwrap(expr);
  if (depth > 4) return '*';
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => urlText(span.expression, file, depth + 1) + span.literal.text).join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return urlText(node.left, file, depth + 1) + urlText(node.right, file, depth + 1);
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments?.[0]) {
    const [path, base] = node.arguments;
    return (base ? urlText(base, file, depth + 1) : '') + urlText(path as ts.Expression, file, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const init = file.resolve(node.text, node)?.init;
    return init && init.path.length === 0 ? urlText(init.expression, file, depth + 1) : '*';
  }
  return '*';
}

/** The URL a request call targets: its first argument, or the `url` of a config object (`axios({ url })`). */
function requestUrl(call: ts.CallExpression): ts.Expression | undefined {
  const first = call.arguments[0];
  if (!first) return undefined;
  const node = unwrap(first);
  if (!ts.isObjectLiteralExpression(node)) return first;
  const url = node.properties.find((p) => ts.isPropertyAssignment(p) && staticName(p.name) === 'url');
  return url && ts.isPropertyAssignment(url) ? url.initializer : undefined;
}

/** Is this HTTP request (a catalog HTTP call site) addressed to a model API (a catalog path or host in its URL)? */
export function postsToModelApi(call: ts.CallExpression, file: FileFacts): boolean {
  if (file.callSiteOf(call)?.entry.kind !== 'http') return false;
  const url = requestUrl(call);
  if (!url) return false;
  const text = urlText(url, file).toLowerCase();
  return file.classifier.history.llmEndpoints.some((endpoint) => text.includes(endpoint.toLowerCase()));
}

/** `JSON.stringify(x)`: the request body still carries x. */
export function isJsonSerialisation(call: ts.CallExpression, file: FileFacts): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON' && callee.name.text === 'stringify' && !file.resolve('JSON', call);
}
