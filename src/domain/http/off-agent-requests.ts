import { ts } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { extendedCatalogClasses } from '../../model/catalog-class.js';
import { hasAny, requestPurpose, urlText } from './request-purpose.js';
import { inToolFactory } from '../tools/tool-factories.js';

const UPDATE_WORDS: ReadonlySet<string> = new Set(['update', 'updates']);

/**
 * `checkForUpdates()`: a request to a package registry (the catalog's `packageRegistries`) from a
 * function named for updates. The tool is checking whether it is out of date; the notice goes to a
 * console, and no agent step waits on it. A tool that looks packages up for the model (`searchPackages`,
 * `getLatestVersion`) is named otherwise, and stays judged.
 */
function checksForUpdates(site: CallSite, facts: FileFacts): boolean {
  const url = urlText(site);
  const registries = facts.classifier.packageRegistries ?? [];
  if (!registries.some((host) => url.startsWith(`https://${host}/`) || url.startsWith(`http://${host}/`))) return false;
  return hasAny(requestPurpose(site).functionWords, UPDATE_WORDS);
}

/**
 * The node sits in a method of a callback handler the framework runs in the background (the catalog's
 * `backgroundCallbackBases`: a LangChain tracer's `persistRun`): nobody on the agent's path waits for it.
 */
function inBackgroundCallback(node: ts.Node, facts: FileFacts): boolean {
  const bases = facts.classifier.backgroundCallbackBases ?? [];
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return extendedCatalogClasses(current, bases, facts).length > 0;
  }
  return false;
}

/**
 * Requests no agent step waits on, whatever the rule asks of them: a tool class's static factory (it
 * runs while the application builds its tools), an update check, a background callback's export.
 */
export function runsOffAgentStep(site: CallSite, facts: FileFacts): boolean {
  return inToolFactory(site.node, facts) || checksForUpdates(site, facts) || inBackgroundCallback(site.node, facts);
}
