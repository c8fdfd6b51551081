/** The benchmark's inputs: the files of the named directories, and corpora replicated from them for growth. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_EXCLUDE, discoverFiles } from '../project/discover.js';
import { commonDirectory } from '../project/root.js';

export interface Corpus {
  readonly dirs: readonly string[];
  /** Absolute paths, as the audit discovers them. */
  readonly files: readonly string[];
  readonly cwd: string;
}

export function corpusOf(dirs: readonly string[]): Corpus {
  const files = dirs.flatMap((dir) => discoverFiles({ root: dir, paths: [dir], include: [], exclude: DEFAULT_EXCLUDE }).files.map((f) => f.absolutePath));
  return { dirs, files, cwd: commonDirectory(dirs) };
}

/** A fixed pseudo-random order (so every run picks the same files): mulberry32. */
function shuffled<T>(items: readonly T[], seed = 0x5eed): T[] {
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Growth corpora under `into`: a base set of `baseSize` files drawn from the source corpus (each
 * keeping its path inside its package, so relative imports still resolve), and that set copied
 * `factor` times under renamed folders. The large corpus is exactly `factor` times the small one's
 * source, so the time ratio shows how the audit scales, not what the extra files hold.
 */
export function growthCorpora(source: Corpus, into: string, baseSize: number, factor: number): { small: string; large: string } {
  const packageOf = (file: string): { index: number; path: string } => {
    const index = source.dirs.findIndex((dir) => !relative(dir, file).startsWith('..'));
    return { index, path: relative(source.dirs[index] as string, file) };
  };
  const picked = shuffled(source.files).slice(0, baseSize);
  // Fewer source files than the base size: the base set itself is made of renamed copies.
  const base = Array.from({ length: baseSize }, (_, i) => ({ file: picked[i % picked.length] as string, round: Math.floor(i / picked.length) }));
  const small = join(into, 'small');
  const large = join(into, 'large');
  const place = (root: string, copy: number): void => {
    for (const { file, round } of base) {
      const { index, path } = packageOf(file);
      const target = join(root, `copy-${copy}`, `pkg-${index}-${round}`, path);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  };
  place(small, 0);
  for (let copy = 0; copy < factor; copy++) place(large, copy);
  return { small, large };
}
