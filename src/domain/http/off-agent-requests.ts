import { ts } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { extendedCatalogClasses } from '../../model/catalog-class.js';
import { hasAny, requestPurpose, urlText } from './request-purpose.js';

const UPDATE_WORDS: ReadonlySet<string> = new Set(['update', 'updates', 'latest']);

/**
 * `fetchLatestVersion(pkg)`: a request to a package registry (the catalog's `packageRegistries`) from a
 * function named for updates or the latest version. The tool is checking whether it is out of date; the
 * notice goes to a console, and no agent step waits on it. A tool that looks packages up for the model
 * (`searchPackages`) is named otherwise, and stays judged.
 */
export function checksForUpdates(site: CallSite, facts: FileFacts): boolean {
  const url = urlText(site);
  const registries = facts.classifier.packageRegistries ?? [];
  if (!registries.some((host) => url.startsWith(`https://${host}/`) || url.startsWith(`http://${host}/`))) return false;
  return hasAny(requestPurpose(site).functionWords, UPDATE_WORDS);
}

/**
 * The node sits in a method of a callback handler the framework runs in the background (the catalog's
 * `backgroundCallbackBases`: a LangChain tracer's `persistRun`): nobody on the agent's path waits for it.
 */
export function inBackgroundCallback(node: ts.Node, facts: FileFacts): boolean {
  const bases = facts.classifier.backgroundCallbackBases ?? [];
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return extendedCatalogClasses(current, bases, facts).length > 0;
  }
  return false;
}
