/**
 * Escaping for the HTML report. Everything the audited code controls (messages, file names, prompts,
 * tool names, snippets) reaches the page only through `html` interpolation, which escapes it, or
 * through the JSON data block, which the client script renders with textContent.
 */

/** Markup that is already safe to insert: produced by `html` or from trusted constants. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

type Fragment = SafeHtml | string | number | boolean | null | undefined | readonly Fragment[];

function fragment(value: Fragment): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Template tag: interpolated values are escaped unless they are SafeHtml (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: readonly Fragment[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += fragment(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>` and `&` become \u escapes so
 * no `</script>` or `<!--` can end or change the block, and U+2028/2029 are escaped for older parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Only web links go into href: a `javascript:` or `data:` URL from configuration never becomes a link. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
