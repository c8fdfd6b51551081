import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { createProgress, type ProgressContext } from '../src/cli/progress.js';
import type { OutputTarget } from '../src/cli/outputs.js';
import { UNCHECKED_FETCH, tempProject } from './helpers/temp-project.js';

/** A terminal that records what was written, and a clock the test moves by hand. */
function terminal(overrides: Partial<ProgressContext> = {}, isTTY = true) {
  const written: string[] = [];
  let time = 0;
  const context: ProgressContext = {
    stream: { isTTY, write: (text: string) => written.push(text) },
    env: {},
    quiet: false,
    outputs: [{ format: 'pretty' }],
    now: () => time,
    delayMs: 2000,
    ...overrides,
  };
  return { written, progress: createProgress(context), advance: (ms: number) => (time += ms) };
}

describe('progress line', () => {
  it('appears once the run has lasted the delay, redraws in place and is erased at the end', () => {
    const { written, progress, advance } = terminal();
    progress.update(1, 40);
    expect(written).toEqual([]);
    advance(2500);
    progress.update(12, 40);
    advance(50);
    progress.update(13, 40); // too soon after the last redraw
    advance(200);
    progress.update(30, 40);
    progress.finish();
    expect(written).toEqual(['\ragent-audit: 12/40 files\x1b[K', '\ragent-audit: 30/40 files\x1b[K', '\r\x1b[K']);
  });

  it('a run shorter than the delay writes nothing, not even the erase', () => {
    const { written, progress, advance } = terminal();
    advance(500);
    progress.update(3, 3);
    progress.finish();
    expect(written).toEqual([]);
  });

  const silent: [string, Partial<ProgressContext>, boolean][] = [
    ['standard error is not a terminal', {}, false],
    ['CI is set', { env: { CI: 'true' } }, true],
    ['--quiet', { quiet: true }, true],
    ['a dumb terminal', { env: { TERM: 'dumb' } }, true],
    ['JSON goes to standard output', { outputs: [{ format: 'json' }] }, true],
    ['SARIF goes to standard output next to the pretty report', { outputs: [{ format: 'pretty' }, { format: 'sarif' }] }, true],
  ];
  for (const [when, overrides, isTTY] of silent) {
    it(`stays silent when ${when}`, () => {
      const { written, progress, advance } = terminal(overrides, isTTY);
      advance(5000);
      progress.update(5, 10);
      progress.finish();
      expect(written).toEqual([]);
    });
  }

  it('machine formats written to files leave the terminal free for it', () => {
    const outputs: OutputTarget[] = [{ format: 'pretty' }, { format: 'json', file: 'audit.json' }];
    const { written, progress, advance } = terminal({ outputs });
    advance(5000);
    progress.update(5, 10);
    expect(written).toEqual(['\ragent-audit: 5/10 files\x1b[K']);
  });

  it('the audit tells every analysed file, ending at the total', async () => {
    const dir = tempProject({ 'a.ts': UNCHECKED_FETCH, 'b.ts': 'export const b = 1;\n', 'c.ts': 'export const c = 2;\n' });
    const told: [number, number][] = [];
    await audit({ paths: [dir], config: {}, configDir: dir, onProgress: (done, total) => told.push([done, total]) });
    expect(told).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
