/**
 * A package built for ESM and CommonJS ships each module twice, side by side (`tools/wiki.js` and
 * `tools/wiki.cjs`, or `.mjs` and `.cjs`): two copies of the same code, where the names one copy uses
 * are no other module's uses of them. A file of the same name that is not a copy (an ESM wrapper,
 * `client.mjs`, that re-exports `client.cjs`) uses a different set of names and keeps its own identity.
 */

/** How alike two files' sets of names must be to count as copies (shared names over all names). */
const MIN_SHARED = 0.8;

interface NamedFile {
  readonly path: string;
  readonly names: readonly string[];
}

const stemOf = (path: string): string | undefined => /^(.*)\.[cm]?js$/.exec(path)?.[1];

/** Each file's module: the stem shared with its copies, or its own path. */
export function moduleIdentities(files: readonly NamedFile[]): (path: string) => string {
  const byStem = new Map<string, NamedFile[]>();
  for (const file of files) {
    const stem = stemOf(file.path);
    if (stem === undefined) continue;
    const group = byStem.get(stem);
    if (group) group.push(file);
    else byStem.set(stem, [file]);
  }
  const identity = new Map<string, string>();
  for (const [stem, group] of byStem) {
    if (group.length < 2) continue;
    const [first, ...rest] = group as [NamedFile, ...NamedFile[]];
    const copies = rest.filter((file) => sharedShare(first.names, file.names) >= MIN_SHARED);
    for (const file of copies.length > 0 ? [first, ...copies] : []) identity.set(file.path, `${stem}.*`);
  }
  return (path) => identity.get(path) ?? path;
}

function sharedShare(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const name of left) if (right.has(name)) shared++;
  const all = left.size + right.size - shared;
  return all === 0 ? 1 : shared / all;
}
