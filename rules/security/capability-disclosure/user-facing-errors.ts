import { someDescendant, staticName, ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { camelWordsSplittingAcronyms } from '../../../src/model/name-words.js';
import { isAgentCall } from '../../../src/domain/routes/registered-routes.js';

/**
 * Why what a caught error says is the client's to read rather than the operator's internals:
 * - `token-grant`: the request was an OAuth token grant (a `grant_type` in the body); the token
 *   endpoint's error body (`error`, `error_description`, RFC 6749 §5.2) is written for the person who
 *   authorised the credential, and the message of a failed exchange says no more;
 * - `plain-request`: the request calls no model or vector store and runs no agent, carries no credential (no key, token, secret or
 *   authorization anywhere in it) and goes to no address of the operator's configuration (an
 *   environment variable) or private network (`localhost`, `10.…`, `*.internal`): its message and cause
 *   are network text (`fetch failed`, `ECONNRESET`) about an address the client could reach itself.
 * Stacks, the request and its config are internals either way.
 */
export type UserFacingError = 'token-grant' | 'plain-request';

/** Does the region call a model or a vector store or run an agent (`agent.invoke`), directly or through same-file helpers (a few levels)? */
function reachesModel(region: ts.Node | undefined, facts: FileFacts, depth = 0, seen = new Set<ts.Node>()): boolean {
  if (!region || depth > 3 || seen.has(region)) return false;
  seen.add(region);
  return someDescendant(region, (node) => ts.isCallExpression(node) && (isModelOrStoreCall(node, facts) || reachesModel(facts.localFunction(node.expression)?.body, facts, depth + 1, seen)));
}

function isModelOrStoreCall(call: ts.CallExpression, facts: FileFacts): boolean {
  const kind = facts.callSiteOf(call)?.entry.kind;
  return kind === 'llm' || kind === 'vector-store' || (kind === undefined && isAgentCall(call, facts));
}

/** `process.env.X`, `import.meta.env.X`: the operator's configuration, where internal service addresses live. */
const readsEnvironment = (region: ts.Node): boolean => someDescendant(region, (n) => ts.isPropertyAccessExpression(n) && n.name.text === 'env');

const PRIVATE_ADDRESS = /(?:^|[/@.:\s])(?:localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|\[?::1\]?)(?:[:/]|$)|\.(?:internal|local|svc|cluster\.local)(?:[:/]|$)/i;

const namesPrivateAddress = (region: ts.Node): boolean => someDescendant(region, (n) => (ts.isStringLiteralLike(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) && PRIVATE_ADDRESS.test(n.text));

/** The words of every name and short literal in the region, lower case. */
function wordsIn(region: ts.Node): Set<string> {
  const words = new Set<string>();
  someDescendant(region, (node) => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) for (const w of camelWordsSplittingAcronyms(node.text)) words.add(w);
    else if (ts.isStringLiteralLike(node) && node.text.length <= 80) for (const w of camelWordsSplittingAcronyms(node.text)) words.add(w);
    return false;
  });
  return words;
}

const sendsTokenGrant = (region: ts.Node, keys: readonly string[]): boolean =>
  someDescendant(region, (node) => (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && keys.includes(staticName(node.name) ?? '')) ||
  someDescendant(region, (node) => ts.isStringLiteralLike(node) && keys.includes(node.text));

const answers = new WeakMap<ts.Node, UserFacingError | null>();

/** What the error of a request made in `region` (a try block) is, when its text is the client's to read. */
export function userFacingError(region: ts.Node, facts: FileFacts): UserFacingError | undefined {
  // Asked once per error member of every response a handler sends: the try block is walked once.
  let answer = answers.get(region);
  if (answer === undefined) answers.set(region, (answer = classify(region, facts) ?? null));
  return answer ?? undefined;
}

function classify(region: ts.Node, facts: FileFacts): UserFacingError | undefined {
  const { tokenGrantKeys, credentialWords } = facts.classifier.capabilityDisclosure;
  if (tokenGrantKeys.length > 0 && sendsTokenGrant(region, tokenGrantKeys)) return 'token-grant';
  if (credentialWords.length === 0 || reachesModel(region, facts)) return undefined;
  const words = wordsIn(region);
  if (credentialWords.some((w) => words.has(w)) || readsEnvironment(region) || namesPrivateAddress(region)) return undefined;
  return 'plain-request';
}
