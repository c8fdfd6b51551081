import { basename } from 'node:path';
import { AuditError } from '../errors.js';
import { FORMAT_NAMES, type FormatName } from '../report/index.js';

/** File-name endings that name a report format, most specific first (`.sarif.json` before `.json`). */
const BY_ENDING: readonly (readonly [string, FormatName])[] = [
  ['.sarif.json', 'sarif'],
  ['.sarif', 'sarif'],
  ['.cdx.json', 'cyclonedx'],
  ['.cdx', 'cyclonedx'],
  ['bom.json', 'cyclonedx'],
  ['gl-code-quality-report.json', 'gitlab'],
  ['.codequality.json', 'gitlab'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.json', 'json'],
  ['.html', 'html'],
  ['.htm', 'html'],
  ['.txt', 'pretty'],
  ['.log', 'pretty'],
];

/** The format an `--output` file's name asks for, if it names one. */
export function formatFromFileName(file: string): FormatName | undefined {
  const name = basename(file).toLowerCase();
  return BY_ENDING.find(([ending]) => name === ending || name.endsWith(ending))?.[1];
}

/** `-o report.md` without `--format`: the extension decides, or the run stops before auditing anything. */
export function inferFormat(file: string): FormatName {
  const format = formatFromFileName(file);
  if (format) return format;
  const endings = BY_ENDING.map(([ending, name]) => `${ending} → ${name}`).join(', ');
  throw new AuditError('usage', `--output ${file}: cannot tell the format from the file name; add --format (${FORMAT_NAMES.join(', ')}) before it, or use one of ${endings}`);
}
