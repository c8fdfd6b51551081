import type { CallSite, FileFacts } from '../../../src/model/file-facts.js';
import { resolvedOptions, requestMethod } from '../../../src/domain/http/request-options.js';
import { hasAny, requestPurpose } from '../../../src/domain/http/request-purpose.js';

const STARTS = new Set(['create', 'submit', 'generate', 'start', 'enqueue', 'launch']);
/** What a generation API produces: media that are billed per item and take a while. */
const MEDIA = new Set(['image', 'images', 'video', 'videos', 'music', 'song']);
/** A unit of asynchronous work the provider queues (and bills) once per request. */
const JOBS = new Set(['task', 'job', 'generation', 'generations', 'prediction', 'render']);
const GENERATION = new Set(['generation', 'generations']);

/** `jobs`: a queued task counts as well as media (an HTTP POST); a model call only when it makes media. */
function namesGeneration(words: readonly string[], jobs: boolean): boolean {
  const made = hasAny(words, MEDIA) || (jobs && hasAny(words, JOBS));
  return made && (hasAny(words, STARTS) || hasAny(words, GENERATION));
}

export function showsIdempotencyKey(site: CallSite, file: FileFacts): boolean {
  return /idempotenc/i.test(site.node.getText()) || resolvedOptions(site, file).objects.some((options) => /idempotenc/i.test(options.getText()));
}

/**
 * A request that starts a media generation or a queued job (`createVideoTask`, `submitTask`, a POST to
 * `/images/generations`, an SDK's `generateImages` in `generateImageByModel`): each accepted request
 * creates and bills a new job. Without an idempotency key a blind retry after a lost answer starts a
 * second one, so the failure goes back to whoever asked (the person's Generate button, the tool's error).
 */
export function startsGenerationJob(site: CallSite, file: FileFacts): boolean {
  const creates = (site.entry.kind === 'http' && requestMethod(site, file) === 'POST') || (site.entry.kind === 'llm' && site.operation === 'generate');
  if (!creates || showsIdempotencyKey(site, file)) return false;
  const { functionWords, urlWords } = requestPurpose(site);
  const http = site.entry.kind === 'http';
  return namesGeneration(functionWords, http) || (http && namesGeneration(urlWords, true));
}
