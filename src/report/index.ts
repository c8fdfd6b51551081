import type { AuditResult } from '../types.js';
import { renderCycloneDx } from './cyclonedx.js';
import { renderGithub } from './github.js';
import { renderGitlab } from './gitlab.js';
import { renderHtml } from './html/page.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { RenderOptions } from './options.js';
import { renderPretty } from './pretty.js';
import { renderSarif } from './sarif.js';

export type { RenderOptions } from './options.js';

/** Reporters by CLI format name: pure functions from the audit result to text. */
export const REPORTERS = {
  pretty: (result: AuditResult, options: RenderOptions) => renderPretty(result, options),
  json: (result: AuditResult) => renderJson(result),
  markdown: renderMarkdown,
  sarif: renderSarif,
  gitlab: (result: AuditResult) => renderGitlab(result),
  github: (result: AuditResult) => renderGithub(result),
  cyclonedx: (result: AuditResult) => renderCycloneDx(result),
  html: renderHtml,
} as const satisfies Record<string, (result: AuditResult, options: RenderOptions) => string>;

export type FormatName = keyof typeof REPORTERS;

export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];
