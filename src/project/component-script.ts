import { ts } from '../typescript.cjs';

/**
 * Single-file components (Svelte, Vue, Astro) hold their code in `<script>` blocks and, for Astro,
 * in the frontmatter between `---` fences. That code is audited like any other source: everything
 * around it is blanked to spaces while line breaks stay, so every offset, line and column in the
 * parsed text is the one in the component file and findings need no position mapping.
 */
export interface ComponentScript {
  /** The component text with everything but its code blanked (same length, same line breaks). */
  readonly text: string;
  readonly scriptKind: ts.ScriptKind;
}

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly lang: 'ts' | 'tsx' | 'js' | 'jsx';
}

// An attribute value may hold `>` (Vue's `generic="T extends Record<string, unknown>"`).
const SCRIPT_OR_COMMENT = /<!--[\s\S]*?(?:-->|$)|<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>/giy;
const SCRIPT_OPEN_OR_COMMENT = /<!--|<script\b/gi;
const SCRIPT_CLOSE = /<\/script\s*>/gi;
// Astro: a fence line `---` opens the file (after blank lines) and another closes the frontmatter.
const ASTRO_FRONTMATTER = /^(?:\uFEFF)?\s*---[^\S\r\n]*(\r?\n)/;
const ASTRO_FENCE_END = /(^|\r?\n)---[^\S\r\n]*(?=\r?\n|$)/g;
/** Script types that hold code; anything else (`application/ld+json`, templates) is data. */
const CODE_TYPES = /^(?:module|text\/javascript|application\/javascript|text\/babel|text\/typescript|application\/typescript|text\/jsx)$/i;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : undefined;
}

function langOf(attributes: string, defaultLang: CodeRange['lang']): CodeRange['lang'] | undefined {
  const type = attribute(attributes, 'type');
  if (type !== undefined && type.trim() !== '' && !CODE_TYPES.test(type.trim())) return undefined;
  const lang = (attribute(attributes, 'lang') ?? '').trim().toLowerCase();
  if (lang === 'ts' || lang === 'typescript' || /typescript/i.test(type ?? '')) return 'ts';
  if (lang === 'tsx') return 'tsx';
  if (lang === 'jsx' || /jsx/i.test(type ?? '')) return 'jsx';
  if (lang === 'js' || lang === 'javascript') return 'js';
  return defaultLang;
}

/** The `<script>` blocks from `from` on; an unclosed block runs to the end of the file (the parser then reports it). */
function scriptBlocks(text: string, from: number, defaultLang: CodeRange['lang']): CodeRange[] {
  const ranges: CodeRange[] = [];
  SCRIPT_OPEN_OR_COMMENT.lastIndex = from;
  for (let open = SCRIPT_OPEN_OR_COMMENT.exec(text); open; open = SCRIPT_OPEN_OR_COMMENT.exec(text)) {
    SCRIPT_OR_COMMENT.lastIndex = open.index;
    const tag = SCRIPT_OR_COMMENT.exec(text);
    if (!tag) {
      SCRIPT_OPEN_OR_COMMENT.lastIndex = open.index + 1;
      continue;
    }
    let next = tag.index + tag[0].length;
    if (tag[0].startsWith('<script')) {
      SCRIPT_CLOSE.lastIndex = next;
      const close = SCRIPT_CLOSE.exec(text);
      const end = close ? close.index : text.length;
      const lang = langOf(tag[1] ?? '', defaultLang);
      if (lang) ranges.push({ start: next, end, lang });
      next = close ? close.index + close[0].length : text.length;
    }
    SCRIPT_OPEN_OR_COMMENT.lastIndex = next;
  }
  return ranges;
}

function astroFrontmatter(text: string): { range?: CodeRange; bodyStart: number } {
  const open = ASTRO_FRONTMATTER.exec(text);
  if (!open) return { bodyStart: 0 };
  const start = open[0].length;
  ASTRO_FENCE_END.lastIndex = start - (open[1]?.length ?? 0);
  const close = ASTRO_FENCE_END.exec(text);
  if (!close) return { range: { start, end: text.length, lang: 'ts' }, bodyStart: text.length };
  const end = close.index + (close[1]?.length ?? 0);
  return { range: { start, end: Math.max(start, end), lang: 'ts' }, bodyStart: close.index + close[0].length };
}

function codeRanges(path: string, text: string): CodeRange[] {
  if (path.endsWith('.astro')) {
    // Astro compiles frontmatter and processed `<script>` blocks as TypeScript.
    const { range, bodyStart } = astroFrontmatter(text);
    return [...(range ? [range] : []), ...scriptBlocks(text, bodyStart, 'ts')];
  }
  return scriptBlocks(text, 0, 'js');
}

const blank = (segment: string): string => segment.replace(/[^\r\n\u2028\u2029]/g, ' ');

function scriptKindOf(ranges: readonly CodeRange[]): ts.ScriptKind {
  const langs = new Set(ranges.map((r) => r.lang));
  const typed = langs.has('ts') || langs.has('tsx');
  const jsx = langs.has('tsx') || langs.has('jsx');
  if (typed) return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return jsx ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

/** The component's code at its original positions; a template-only component yields blank text. */
export function componentScript(path: string, text: string): ComponentScript {
  const ranges = codeRanges(path, text);
  let out = '';
  let at = 0;
  for (const [i, range] of ranges.entries()) {
    const gap = blank(text.slice(at, range.start));
    // A `;` in the blanked tag keeps one block's last statement from running into the next block's first.
    out += i > 0 && gap.length > 0 && gap[0] === ' ' ? `;${gap.slice(1)}` : gap;
    out += text.slice(range.start, range.end);
    at = range.end;
  }
  out += blank(text.slice(at));
  return { text: out, scriptKind: scriptKindOf(ranges) };
}
