import type { AuditResult } from '../types.js';
import { renderJson } from './json.js';
import { renderPretty } from './pretty.js';

export interface RenderOptions {
  readonly color: boolean;
  readonly quiet: boolean;
}

/** Reporters by CLI format name: pure functions from the audit result to text. */
export const REPORTERS = {
  pretty: (result: AuditResult, options: RenderOptions) => renderPretty(result, options),
  json: (result: AuditResult) => renderJson(result),
} as const satisfies Record<string, (result: AuditResult, options: RenderOptions) => string>;

export type FormatName = keyof typeof REPORTERS;

export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORTERS, name);
}
