import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodeConfig } from '../../src/config/code-config.js';
import { loadConfig } from '../../src/config/load.js';
import { tempProject } from '../helpers/temp-project.js';
import { CRITICAL_SOURCE, run } from './helpers.js';

const TURN_GATE_OFF = 'export default { gate: { failOn: "none" } };\n';

// Class 1: audited code is never executed; a code config the user chose runs contained.
describe('config modules in the audited tree are never run', () => {
  it('a config module in the audited tree (not the working directory) is not imported: clear config error, nothing it does happens', () => {
    const marker = 'ran-config';
    const dir = tempProject({
      'src/agent.ts': CRITICAL_SOURCE,
      'package.json': '{"name":"x"}',
      'agent-audit.config.mjs': `import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./${marker}', import.meta.url), 'x');\nprocess.exit(0);\n${TURN_GATE_OFF}`,
    });
    const cwd = tempProject({});
    const done = run([dir], { cwd });
    expect(done.status).toBe(2);
    expect(done.stderr).toMatch(/^agent-audit: .*agent-audit\.config\.mjs is code and is only loaded from the directory agent-audit runs in/);
    expect(existsSync(join(dir, marker))).toBe(false);
  });

  it('a data config in the audited tree still applies', async () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE, '.agent-auditrc.yaml': 'gate:\n  failOn: none\n' });
    expect((await loadConfig(join(dir, 'src'), undefined, tempProject({}))).config).toEqual({ gate: { failOn: 'none' } });
  });

  it('a config module in the working directory is loaded in a child: process.exit(0) inside it cannot end the run as "passed"', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE, 'agent-audit.config.mjs': `process.exit(0);\n${TURN_GATE_OFF}` });
    const done = run(['src'], { cwd: dir });
    expect(done.status).toBe(2);
    expect(done.stderr).toMatch(/ended its process while loading \(exit code 0\) without exporting a config/);
  });

  it('a config module that loops forever is stopped with a config error', async () => {
    const dir = tempProject({ 'agent-audit.config.cjs': 'for (;;) {}\n' });
    await expect(loadCodeConfig(join(dir, 'agent-audit.config.cjs'), 1_000)).rejects.toThrow(/did not finish loading within 1 s/);
  });

  it('a config module that leaves a timer running and prints does not hang the run or pollute the report', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE, 'agent-audit.config.cjs': 'setInterval(() => {}, 1000);\nconsole.log("noise");\nmodule.exports = { gate: { failOn: "none", failUnder: 0 } };\n' });
    const done = run(['--format', 'json', 'src'], { cwd: dir, timeoutMs: 30_000 });
    expect(done.signal).toBeNull();
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout).gate.passed).toBe(true);
  });

  it('a config named with --config may be code, and only its exported data is taken', async () => {
    const dir = tempProject({ 'cfg/audit.config.mjs': 'export default { include: ["src/**"], polling: { instances: 3 } };\n' });
    expect((await loadConfig(dir, join(dir, 'cfg/audit.config.mjs'))).config).toEqual({ include: ['src/**'], polling: { instances: 3 } });
  });

  it('a package.json agent-audit key next to .agent-auditrc.yaml is an error naming both, not a silent pick', async () => {
    const dir = tempProject({ '.agent-auditrc.yaml': 'gate:\n  failOn: high\n', 'package.json': JSON.stringify({ name: 'x', 'agent-audit': { gate: { failOn: 'none' } } }) });
    await expect(loadConfig(dir)).rejects.toThrow(/more than one config in .*\.agent-auditrc\.yaml and the "agent-audit" key of .*package\.json/);
  });

  it('a package.json linked to /dev/zero is not read (no config from it, no memory blow-up)', () => {
    const dir = tempProject({ 'src/agent.ts': CRITICAL_SOURCE });
    symlinkSync('/dev/zero', join(dir, 'package.json'));
    const done = run(['--format', 'json', dir], { timeoutMs: 30_000 });
    expect(done.signal).toBeNull();
    expect(done.status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'src']);
  });
});
