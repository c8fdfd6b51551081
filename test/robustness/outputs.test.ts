import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/atomic-write.js';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, run } from './helpers.js';

// Class 4: a report never costs the user a file.
describe('report and baseline files', () => {
  it('--output onto an audited source file or package.json is refused, and both stay as they were', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE, 'package.json': '{"name":"x"}\n' });
    for (const target of ['src/agent.ts', 'package.json']) {
      const done = run(['--format', 'json', '--output', target, 'src'], { cwd: dir });
      expect(done.status).toBe(2);
      expect(done.stderr).toMatch(new RegExp(`^agent-audit: refusing to write a report to ${target.replace('.', '\\.')}: `));
    }
    expect(readFileSync(join(dir, 'src/agent.ts'), 'utf8')).toBe(CRITICAL_SOURCE);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"x"}\n');
  });

  it('the same --output path twice is a usage error, even spelled differently', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE });
    const done = run(['--format', 'json', '--output', 'report.out', '--format', 'sarif', '--output', './report.out', 'src'], { cwd: dir });
    expect(done.status).toBe(2);
    expect(done.stderr).toMatch(/^agent-audit: --output \.\/report\.out is given twice \(also as report\.out\)/);
    expect(readdirSync(dir)).toEqual(['src']);
  });

  it('baseline -o refuses to overwrite a file that is not a baseline of ours, and replaces one that is', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE, 'notes.json': '{"mine":true}\n' });
    const refused = run(['baseline', '-o', 'notes.json', 'src'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^agent-audit: refusing to overwrite \S*notes\.json: it is not an agent-audit baseline/);
    expect(readFileSync(join(dir, 'notes.json'), 'utf8')).toBe('{"mine":true}\n');
    expect(run(['baseline', '-o', 'b.json', 'src'], { cwd: dir }).status).toBe(0);
    expect(run(['baseline', '-o', 'b.json', 'src'], { cwd: dir }).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).findings).toHaveLength(1);
  });

  it('a write that fails midway leaves the previous report whole and no temporary file behind', () => {
    const dir = tempProject({ 'report.json': 'previous report\n' });
    writeFileAtomic(join(dir, 'report.json'), 'new report\n');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('new report\n');
    // A read-only directory (as a full disk) makes the temporary file fail: the old report survives.
    chmodSync(dir, 0o500);
    try {
      if (process.getuid?.() !== 0) expect(() => writeFileAtomic(join(dir, 'report.json'), 'x'.repeat(1000))).toThrow(/cannot write file/);
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('new report\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writing to a device such as /dev/null writes through instead of replacing it', () => {
    writeFileAtomic('/dev/null', 'report\n');
    expect(readFileSync('/dev/null', 'utf8')).toBe('');
    writeFileSync('/dev/null', '');
  });
});
