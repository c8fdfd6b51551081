import { enclosingFunction, functionName, isFunctionLike, ts, unwrap } from '../../model/ast.js';
import type { CallSite, FileFacts } from '../../model/file-facts.js';
import { requestMethod } from './request-options.js';
import { camelWordsSplittingAcronyms, letterWords } from '../../model/name-words.js';

/**
 * What a request is for, read from the names its author gave it: the words of the nearest named
 * function around the call (`createVideoTask` → create, video, task) and of the literal parts of its URL
 * (`/images/generations` → images, generations).
 */
export interface RequestPurpose {
  readonly functionWords: readonly string[];
  readonly urlWords: readonly string[];
}

function nearestFunctionName(node: ts.Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name) return name;
  }
  return undefined;
}

/** The literal text of a URL argument: a string, or the fixed parts of a template. */
export function urlText(site: CallSite): string {
  const first = site.node.arguments[0];
  if (!first || isFunctionLike(first)) return '';
  const node = unwrap(first);
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('/');
  return '';
}

export function requestPurpose(site: CallSite): RequestPurpose {
  const name = nearestFunctionName(site.node);
  return { functionWords: name ? camelWordsSplittingAcronyms(name) : [], urlWords: letterWords(urlText(site)) };
}

export const hasAny = (words: readonly string[], set: ReadonlySet<string>): boolean => words.some((word) => set.has(word));

/**
 * A GET of a provider's model list (`models()`, `listModels`, `GET …/models`): it fills a model picker or
 * a settings page, where the person refreshes; the agent's own model calls are judged where they are made.
 */
export function listsModels(site: CallSite, file: FileFacts): boolean {
  if (site.entry.kind !== 'http' || requestMethod(site, file) !== 'GET') return false;
  const { functionWords, urlWords } = requestPurpose(site);
  const last = functionWords[functionWords.length - 1];
  // `fetchModelsDevRegistry`, `loadModelCatalog`: the list of models under another name.
  const namesModelList = last === 'models' || (last !== undefined && MODEL_LIST_NAMES.has(last) && functionWords.some((word) => MODEL_WORDS.has(word)));
  return namesModelList || urlWords[urlWords.length - 1] === 'models';
}

const MODEL_WORDS: ReadonlySet<string> = new Set(['model', 'models']);
const MODEL_LIST_NAMES: ReadonlySet<string> = new Set(['registry', 'catalog', 'catalogue']);
