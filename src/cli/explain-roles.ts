import type { AuditResult } from '../types.js';

/** `--explain-roles`: one line per file, its role and the evidence that decided it, then the counts. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function renderFileRoles(result: AuditResult): string {
  const rows = result.fileRoles ?? [];
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.length)));
  const lines = rows.map((r) => `${printable(r.file).padEnd(width)}  ${r.role.padEnd(9)}  ${printable(r.evidence.detail)}`);
  const counts = Object.entries(result.coverage.roles ?? {}).filter(([, n]) => n > 0).map(([role, n]) => `${role} ${n}`);
  return `${lines.join('\n')}\n\n${rows.length} file(s): ${counts.join(', ')}\n`;
}
