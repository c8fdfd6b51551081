import { contains, someDescendant, staticName, ts, unwrap } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import type { SecretsCatalog } from '../../../src/catalog/types.js';
import { isRequestObject, untrustedFlowsInto } from '../../../src/domain/untrusted/untrusted-flows.js';

type SdkClient = SecretsCatalog['sdkClients'][number];

const MAX_HOPS = 4;

/** `process.env.X`, `import.meta.env.X`, `Deno.env.get('X')`: the operator's configuration. */
const readsEnvironment = (node: ts.Node): boolean => someDescendant(node, (n) => ts.isPropertyAccessExpression(n) && n.name.text === 'env');

/** `await loadProfile()`, through parentheses and type assertions. */
function awaited(expr: ts.Expression): boolean {
  for (let node: ts.Expression = expr; ; ) {
    if (ts.isAwaitExpression(node)) return true;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
    else return false;
  }
}

/** The expression a client entry takes its key from, in the constructor call. */
function keyArgument(call: ts.CallExpression | ts.NewExpression, client: SdkClient): ts.Expression | undefined {
  const args = call.arguments ?? [];
  if (client.credentialArgument !== undefined) return args[client.credentialArgument];
  const options = args[0] && unwrap(args[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const prop of options.properties) {
    if (ts.isPropertyAssignment(prop) && (client.credentialKeys ?? []).includes(staticName(prop.name) ?? '')) return prop.initializer;
  }
  return undefined;
}

/**
 * Does the key come from the person making the request: from the request itself, or from data
 * fetched for this request (the user's profile, a model they configured)? Environment variables,
 * imported configuration and literals are the operator's.
 */
function isCallersKey(expr: ts.Expression, facts: FileFacts, hops = 0): boolean {
  const node = unwrap(expr);
  if (hops > MAX_HOPS || readsEnvironment(node)) return false;
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) return isCallersKey(node.left, facts, hops + 1);
  if (isRequestObject(node, facts) || untrustedFlowsInto(node, facts).some((flow) => flow.kind === 'request')) return true;
  // `settings.key`, `request.headers.get('x-key')`: the value the member chain starts from.
  let root: ts.Expression = node;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) root = unwrap(root.expression);
  if (!ts.isIdentifier(root)) return false;
  if (root !== node && isRequestObject(root, facts)) return true;
  const decl = facts.resolve(root.text, root);
  const init = decl?.kind === 'variable' ? decl.init?.expression : undefined;
  if (!init) return false;
  // Fetched while answering this request: a profile or settings row, a configured model.
  if (awaited(init)) return !readsEnvironment(init);
  return isCallersKey(unwrap(init), facts, hops + 1);
}

const SINGLETONS = new WeakMap<readonly SdkClient[], (readonly SdkClient[])[]>();

/** One stable one-entry list per client, so the classifier compiles each matcher once. */
function singletonLists(clients: readonly SdkClient[]): (readonly SdkClient[])[] {
  let lists = SINGLETONS.get(clients);
  if (!lists) SINGLETONS.set(clients, (lists = clients.map((client) => [client])));
  return lists;
}

/** The catalog SDK client a call site's client was constructed with, and its key expression. */
function clientKey(site: CallSite, facts: FileFacts): { found: boolean; key: ts.Expression | undefined } {
  for (const call of site.origin.calls) {
    const origin = facts.originOf(call.expression);
    if (!origin || origin.module === 'globalThis') continue;
    const client = singletonLists(facts.classifier.secrets.sdkClients).find((list) => facts.classifier.matches(list, origin))?.[0];
    if (client) return { found: true, key: keyArgument(call, client) };
  }
  return { found: false, key: undefined };
}

/**
 * Bring-your-own-key: every upstream call in the region is an LLM call whose client is built here
 * with the caller's key. The provider's error (quota, bad key, context length) then goes back to the
 * key's owner, who needs it to fix their settings; it discloses nothing of the operator's.
 */
export function callsWithCallersKey(region: ts.Node, facts: FileFacts): boolean {
  const sites = facts.callSites.filter((site) => (site.entry.kind === 'llm' || site.entry.kind === 'http') && contains(region, site.node));
  if (sites.length === 0 || sites.some((site) => site.entry.kind !== 'llm')) return false;
  return sites.every((site) => {
    const { found, key } = clientKey(site, facts);
    return found && key !== undefined && isCallersKey(key, facts);
  });
}
