import { ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';

/** `String(req.body.url)`, `new URL(input)`: the value converted, still whole. */
function wholeValue(node: ts.Expression): ts.Expression {
  const convert = ts.isCallExpression(node) || ts.isNewExpression(node) ? node : undefined;
  const callee = convert && ts.isIdentifier(convert.expression) ? convert.expression.text : undefined;
  const [only] = convert?.arguments ?? [];
  return (callee === 'String' || callee === 'URL') && only && convert?.arguments?.length === 1 ? unwrap(only) : node;
}

/** Who may choose the whole URL: the model (a tool's input, a model's reply) or whoever sent the request. */
const CHOOSERS: ReadonlySet<string> = new Set(['tool-input', 'model-output', 'request']);

/**
 * The whole URL is the model's or the requester's choice: a browsing tool's `fetch(input)`, a URL a
 * model call wrote (`const url = reply.output_text; fetch(url)`), a page a person asked to import
 * (`fetch(req.body.url)`). No upstream of the code's own sits behind it to retry against: a site was
 * picked, and a dead or flaky page is the answer. A URL the code builds on a host it names
 * (`https://api.example.com/?q=${args.city}`) is no such request.
 */
export function fetchesChosenUrl(site: CallSite, file: FileFacts): boolean {
  const first = site.node.arguments[0];
  if (site.entry.kind !== 'http' || !first) return false;
  const url = wholeValue(unwrap(first));
  if (!ts.isIdentifier(url) && !ts.isPropertyAccessExpression(url) && !ts.isElementAccessExpression(url)) return false;
  return untrustedFlowsInto(url, file).some((flow) => CHOOSERS.has(flow.kind));
}
