import { enclosingFunction, isFunctionLike, staticName, ts, withParentheses } from '../../model/ast.js';
import { moduleMatcher } from '../../catalog/matcher.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { requestMethod } from './request-options.js';
import { camelWordsSplittingAcronyms } from '../../model/name-words.js';
import { requestPurpose } from './request-purpose.js';

const GRANT_KEY = /\bgrant[_-]?type\b|\bgrantType\b/i;

function isGrantLiteral(node: ts.Node, grants: ReadonlySet<string>): boolean {
  return (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && grants.has(node.text);
}

/** Does this node hold a string literal naming a single-use grant (`'authorization_code'`)? */
function mentionsGrant(node: ts.Node, grants: ReadonlySet<string>): boolean {
  if (isGrantLiteral(node, grants)) return true;
  return ts.forEachChild(node, (child) => (mentionsGrant(child, grants) ? true : undefined)) ?? false;
}

/**
 * A POST exchanging an OAuth authorization code, device code or refresh token (`grant_type:
 * 'authorization_code'`), written in the request or in the function that builds it. The code is
 * single-use and the refresh token may rotate, so a blind retry fails or burns the grant; the flow
 * hands the failure back to the user to sign in again, and device polling is paced by the server.
 */
function exchangesSingleUseGrant(site: CallSite, facts: FileFacts): boolean {
  const grants = new Set(facts.classifier.singleUseGrants ?? []);
  if (site.entry.kind !== 'http' || requestMethod(site, facts) !== 'POST') return false;
  const scope = enclosingFunction(site.node) ?? site.node.getSourceFile();
  // A written grant type decides: a client_credentials token may be asked for again at will.
  if (GRANT_KEY.test(scope.getText())) return grants.size > 0 && mentionsGrant(scope, grants);
  return isTokenExchange(site, facts);
}

/** The literal pieces of the request's URL argument (`${base}/v1/auth/tokens/refresh` → `/v1/auth/tokens/refresh`). */
function urlPieces(site: CallSite): string[] {
  const first = site.node.arguments[0];
  if (!first) return [];
  const pieces: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) pieces.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(first);
  return pieces;
}

/** The names of the properties written in the request's options, also in a body built in a local first (`const body = new URLSearchParams({ code })`). */
function sentKeys(site: CallSite, facts: FileFacts): Set<string> {
  const keys = new Set<string>();
  const followed = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) keys.add(staticName(node.name) ?? '');
    const value = ts.isShorthandPropertyAssignment(node) ? node.name : ts.isIdentifier(node) ? node : undefined;
    const decl = value ? facts.resolve(value.text, value) : undefined;
    if (decl?.kind === 'variable' && decl.init && decl.init.path.length === 0 && !followed.has(decl.init.expression)) {
      followed.add(decl.init.expression);
      visit(decl.init.expression);
    }
    ts.forEachChild(node, visit);
  };
  site.node.arguments.slice(1).forEach(visit);
  return keys;
}

/**
 * A token exchange written without a grant type: a POST that sends a refresh token or an authorization
 * code with its redirect URI (codeExchangeKeys), or to a token or
 * OAuth path (a segment starting with one of `pathWords`) that refreshes or issues one (a segment that
 * is one of `actionWords`: `/auth/tokens/refresh`, `/oauth2-credential/refresh/:id`, `/tokens/anonymous`).
 * The refresh token rotates on use and an issued anonymous identity is new each time: a blind retry
 * burns the grant, and the caller signs in again or goes on without a session.
 */
function isTokenExchange(site: CallSite, facts: FileFacts): boolean {
  const words = facts.classifier.tokenExchanges;
  if (!words) return false;
  const sent = sentKeys(site, facts);
  if ((words.bodyKeys ?? []).some((key) => sent.has(key))) return true;
  const codeKeys = words.codeExchangeKeys ?? [];
  if (codeKeys.length > 0 && codeKeys.every((key) => sent.has(key))) return true;
  if (requestsDeviceCode(site, sent, words)) return true;
  const segments = urlPieces(site).join('/').toLowerCase().split(/[/?#]/).filter(Boolean);
  const first = (segment: string): string => segment.split(/[-_.]/)[0] ?? '';
  const pathWords = new Set(words.pathWords ?? []);
  const actionWords = new Set(words.actionWords ?? []);
  return segments.some((s) => pathWords.has(first(s))) && segments.some((s) => actionWords.has(s));
}

/** The words of the names in the request's URL argument: `config.deviceCodeEndpoint` → config, device, code, endpoint. */
function urlNameWords(site: CallSite): string[] {
  const first = site.node.arguments[0];
  const words: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) words.push(...camelWordsSplittingAcronyms(node.text));
    ts.forEachChild(node, visit);
  };
  if (first) visit(first);
  return words;
}

/**
 * The first step of a device login (an RFC 8628 device authorization request): a POST sending the
 * client id, named for a device code in its function, URL or URL expression (`requestDeviceCode`,
 * `/login/device/code`, `config.deviceAuthorizationEndpoint`). The code it returns is shown to a person
 * who signs in on another screen; a failure goes back to that person, who starts again.
 */
function requestsDeviceCode(site: CallSite, sent: ReadonlySet<string>, words: NonNullable<FileFacts['classifier']['tokenExchanges']>): boolean {
  if (!(words.deviceKeys ?? []).some((key) => sent.has(key))) return false;
  const { functionWords } = requestPurpose(site);
  const named = new Set([...functionWords, ...urlPieces(site).flatMap((piece) => camelWordsSplittingAcronyms(piece)), ...urlNameWords(site)]);
  return (words.deviceWords ?? []).some((w) => named.has(w)) && (words.deviceStepWords ?? []).some((w) => named.has(w));
}

/**
 * A request inside the verify callback of a sign-in strategy (`new GitHubStrategy(options, async
 * (accessToken, refreshToken, profile, done) => …)`): part of an interactive login, whose failure
 * sends the person back to sign in again. The strategy modules are catalog data (signInModules).
 */
function inSignInCallback(site: CallSite, facts: FileFacts): boolean {
  const modules = facts.classifier.signInModules ?? [];
  if (modules.length === 0) return false;
  const matches = moduleMatcher(modules);
  for (let current: ts.Node | undefined = site.node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const holder = withParentheses(current);
    const owner = holder.parent;
    if ((ts.isCallExpression(owner) || ts.isNewExpression(owner)) && owner.expression !== holder && (owner.arguments ?? []).some((a) => a === holder)) {
      const origin = facts.originOf(owner.expression);
      if (origin && matches(origin.module)) return true;
    }
  }
  return false;
}

/** A step of a person's sign-in: an exchange of a single-use or rotating grant, or a request in a sign-in strategy's verify callback. */
export const isSignInStep = (site: CallSite, facts: FileFacts): boolean => exchangesSingleUseGrant(site, facts) || inSignInCallback(site, facts);
