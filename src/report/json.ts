import type { AuditResult } from '../types.js';

/** The public JSON result (see README "JSON output"); key order is stable, no timestamps. */
export function renderJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
