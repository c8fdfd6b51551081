import type { RoleEvidence, RolesCatalog } from './types.js';

/** What a package says about itself: its manifest's name, description and keywords, and its README. */
export interface PackageSelfDescription {
  readonly name?: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
  /** The README's text (markdown, may hold HTML). */
  readonly readme?: string;
}

const INTRO_CHARS = 1200;

/** The README's title and the prose before its second heading, without HTML, images, links' targets and badges. */
export function readmeIntro(readme: string): { title?: string; intro: string } {
  const text = readme
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<h1[^>]*>([\s\S]*?)<\/h1>/gi, '\n# $1\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  const lines = text.split('\n');
  const headings = lines.flatMap((line, i) => (/^#{1,6}\s/.test(line.trim()) ? [i] : []));
  const first = headings[0];
  const title = first === undefined ? undefined : (lines[first] as string).trim().replace(/^#+\s*/, '').trim();
  const start = first === undefined ? 0 : first + 1;
  const end = headings[1] ?? lines.length;
  const intro = lines.slice(start, end).join(' ').replace(/\s+/g, ' ').trim().slice(0, INTRO_CHARS);
  return { ...(title ? { title } : {}), intro };
}

const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** An introduction that opens by saying what the package shows, not what it does. */
const SHOWS_A_FEATURE = /^(?:this\s+(?:[\w.-]+\s+){0,2})?(?:demonstrates|showcases|shows\s+how)\b/i;

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/** `is a free, open-source template`, `This template scaffolds`, `A starter for`: the project called by one of the words. */
function describedAs(text: string, words: readonly string[]): string | undefined {
  const pattern = new RegExp(`(?:^an?\\s+|\\b(?:is|as)\\s+an?\\s+|\\bthis\\s+)(?:[\\w.+-]+,?\\s+){0,3}?(${words.map((w) => w.replace(/[^a-z0-9]/gi, '')).join('|')})\\b`, 'i');
  return pattern.exec(text)?.[1]?.toLowerCase();
}

/**
 * Evidence that a package is a template, demo, sample or minimal reference implementation, written to be
 * copied or read rather than run as a product: its name, keywords or README title use one of the
 * catalog's words, its description or README introduction calls it one, or the introduction uses one of
 * the catalog's phrases ("the simplest implementation"). A "Deploy" button is no evidence: products
 * have them too.
 */
export function exampleProjectEvidence(self: PackageSelfDescription, catalog: Pick<RolesCatalog, 'exampleProjectWords' | 'exampleProjectPhrases'>): RoleEvidence | undefined {
  // Names and titles also count in the plural (`realtime-examples`, "Demos").
  const words = new Set(catalog.exampleProjectWords.flatMap((w) => [w.toLowerCase(), `${w.toLowerCase()}s`]));
  const named = self.name ? wordsOf(self.name).find((w) => words.has(w)) : undefined;
  if (named) return { kind: 'project-description', detail: `package name "${printable(self.name as string)}"` };
  const keyword = self.keywords?.find((k) => words.has(k.toLowerCase()));
  if (keyword) return { kind: 'project-description', detail: `package keyword "${printable(keyword)}"` };
  const described = self.description ? describedAs(self.description, catalog.exampleProjectWords) : undefined;
  if (described) return { kind: 'project-description', detail: `package description calls it ${withArticle(described)}` };
  if (!self.readme) return undefined;
  const { title, intro } = readmeIntro(self.readme);
  const titled = title ? wordsOf(title).find((w) => words.has(w)) : undefined;
  if (titled) return { kind: 'project-description', detail: `README title "${printable(title as string)}"` };
  const introduced = describedAs(intro, catalog.exampleProjectWords);
  if (introduced) return { kind: 'project-description', detail: `README introduction calls it ${withArticle(introduced)}` };
  const phrase = catalog.exampleProjectPhrases.find((p) => intro.toLowerCase().includes(p.toLowerCase()));
  if (phrase) return { kind: 'project-description', detail: `README introduction: "${phrase}"` };
  // "Demonstrates `stream/resumable`: …", "This example shows how to …": the package exists to show a feature.
  const shows = SHOWS_A_FEATURE.exec(intro)?.[0];
  return shows ? { kind: 'project-description', detail: `README introduction starts "${printable(shows)}"` } : undefined;
}

/** Manifest and README text shown in evidence: control characters could steer a terminal; long names are cut. */
const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 80);
