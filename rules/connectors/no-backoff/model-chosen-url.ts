import { ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';

/**
 * The whole URL is the model's choice: a browsing tool's `fetch(input)`, or a URL a model call wrote
 * (`const url = reply.output_text; fetch(url)`). No upstream of the code's own sits behind it to retry
 * against: the model picked a site, and a dead or flaky page is its answer. A URL the code builds on a
 * host it names (`https://api.example.com/?q=${args.city}`) is no such request.
 */
export function fetchesModelChosenUrl(site: CallSite, file: FileFacts): boolean {
  const first = site.node.arguments[0];
  if (site.entry.kind !== 'http' || !first) return false;
  const url = unwrap(first);
  if (!ts.isIdentifier(url) && !ts.isPropertyAccessExpression(url) && !ts.isElementAccessExpression(url)) return false;
  return untrustedFlowsInto(url, file).some((flow) => flow.kind === 'tool-input' || flow.kind === 'model-output');
}
