/**
 * Escaping for text that comes from audited code (messages quoting prompts, route paths, tool names) or
 * its file names, one function per target. Audited code is a stranger's: it must not be able to hide
 * report text, add links, colour a terminal or issue CI runner commands.
 */

/** C0/C1 controls (terminal escapes, CR that hides a line, NUL) and bidi overrides that reorder text. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Runner commands: GitHub Actions' `::cmd::` and Azure Pipelines' `##[cmd]` / `##vso[` at a line's start. */
const RUNNER_COMMAND = /::|##(?=\[|vso\[)/g;
const ZERO_WIDTH_SPACE = '\u200b';

/** One line of plain text: controls become spaces. */
export function stripControls(text: string): string {
  return text.replace(CONTROL, ' ');
}

/**
 * Plain text that can end up at the start of a log line (word wrap moves any word there): controls
 * stripped and every `::` / `##[` broken by a zero-width space, so no runner reads a command.
 */
export function plainText(text: string): string {
  return stripControls(text).replace(RUNNER_COMMAND, (match) => `${match[0]}${ZERO_WIDTH_SPACE}${match.slice(1)}`);
}

/** Every string in a value, recursively, through `plainText`: a whole result made safe for a text report. */
export function plainStrings<T>(value: T): T {
  if (typeof value === 'string') return plainText(value) as T;
  if (Array.isArray(value)) return value.map((item) => plainStrings(item)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainStrings(item)])) as T;
  return value;
}

/**
 * Markdown text (GitHub-flavoured, in PR comments and job summaries): HTML and the markdown
 * punctuation that means something mid-line are escaped (line-start markers only at the start), so a
 * message cannot open or close `<details>`, start a comment (`<!--`), a code span, emphasis or a link
 * (no `[`, so no `](`), or split a table cell.
 */
export function markdownText(text: string): string {
  return plainText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/^(\s*)([#+-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A link target: each path segment percent-encoded, so `)` or a space in a file name cannot end the URL. */
export function urlPath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

/** A `--link-base` URL as a markdown link destination: only characters that cannot end or break it. */
export function linkBase(base: string): string {
  return encodeURI(stripControls(base).trim()).replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/\/?$/, '/');
}

/**
 * A markdown code span that its content cannot close: the fence is one backtick longer than the longest
 * run inside, padded when the content starts or ends with a backtick. HTML inside a span is inert.
 */
export function codeSpan(text: string): string {
  const content = plainText(text);
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
