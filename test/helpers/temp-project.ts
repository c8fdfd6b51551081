import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away project directory with the given files (path → content), removed after the test. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-audit-'));
  created.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export const UNCHECKED_FETCH = `export async function load(id: string) {
  const res = await fetch('https://api.example.com/items/' + id, { signal: AbortSignal.timeout(5_000) });
  const body = await res.json();
  return body.name;
}
`;
