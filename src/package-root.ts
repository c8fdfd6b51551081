import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root: works from src/ (tests) and dist/src/ (built CLI) alike. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'agent-audit') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('agent-audit: cannot locate package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

export const TOOL_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
