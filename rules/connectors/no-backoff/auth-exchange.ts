import { enclosingFunction, ts } from '../../../src/model/ast.js';
import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { requestMethod } from '../../../src/domain/http/request-options.js';

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
export function exchangesSingleUseGrant(site: CallSite, facts: FileFacts): boolean {
  const grants = new Set(facts.classifier.singleUseGrants ?? []);
  if (grants.size === 0 || site.entry.kind !== 'http' || requestMethod(site, facts) !== 'POST') return false;
  const scope = enclosingFunction(site.node) ?? site.node.getSourceFile();
  return GRANT_KEY.test(scope.getText()) && mentionsGrant(scope, grants);
}
