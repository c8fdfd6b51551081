import { join } from 'node:path';
import { readMetadataText } from './read-file.js';

const README_NAMES = ['README.md', 'readme.md', 'Readme.md', 'README.markdown', 'README'];

/** The README of a package directory (capped, regular files only), or undefined. */
export function readReadme(dir: string): string | undefined {
  for (const name of README_NAMES) {
    const text = readMetadataText(join(dir, name));
    if (text !== undefined) return text;
  }
  return undefined;
}
