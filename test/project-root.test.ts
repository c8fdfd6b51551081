import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/project/root.js';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

const TOOLKIT_MANIFEST = JSON.stringify({ name: '@acme/wallet-tools', version: '1.0.0', main: 'dist/index.js', dependencies: { ai: '5.0.0', zod: '3.23.0' } });

/** A toolkit's built tool that pays out: judged for approval only where an application registers it. */
const BUILT_TOOL = `import { tool } from 'ai';
import { z } from 'zod';
export const payoutTools = {
  sendPayout: tool({
    description: 'Send a payout to an account',
    inputSchema: z.object({ to: z.string(), cents: z.number() }),
    execute: async ({ to, cents }) => ledger.transfer(to, cents),
  }),
};
`;

/**
 * A temp tree whose own parent stands in for the home directory, so the machine's files play no part,
 * and a folder beside it to run from.
 */
function tree(files: Record<string, string>): { dir: string; home: string; elsewhere: string } {
  const dir = realpathSync(tempProject(files));
  return { dir, home: dirname(dir), elsewhere: realpathSync(tempProject({})) };
}

describe('project root outside git', () => {
  it('a folder of an unpacked package, audited from elsewhere, is reported from the package', () => {
    const { dir, home, elsewhere } = tree({ 'package.json': TOOLKIT_MANIFEST, 'dist/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'dist')], elsewhere, home)).toBe(dir);
  });

  it('run from inside that folder, the root is still the package', () => {
    const { dir, home } = tree({ 'package.json': TOOLKIT_MANIFEST, 'dist/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'dist')], join(dir, 'dist'), home)).toBe(dir);
  });

  it('a current directory above the package stays the root', () => {
    const { dir, home } = tree({ 'agent/package.json': TOOLKIT_MANIFEST, 'agent/dist/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'agent/dist')], dir, home)).toBe(dir);
  });

  it('with no package around them, the audited folder is the root', () => {
    const { dir, home, elsewhere } = tree({ 'agent/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'agent')], elsewhere, home)).toBe(join(dir, 'agent'));
  });

  it('a package.json in the home directory holds no project', () => {
    const { dir, elsewhere } = tree({ 'package.json': TOOLKIT_MANIFEST, 'scratch/agent/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'scratch/agent')], elsewhere, dir)).toBe(join(dir, 'scratch/agent'));
  });

  it('a home directory reached through a symlink still stops the walk', () => {
    const { dir, elsewhere } = tree({ 'package.json': TOOLKIT_MANIFEST, 'scratch/agent/index.js': BUILT_TOOL });
    const link = join(elsewhere, 'home-link');
    symlinkSync(dir, link);
    expect(projectRoot([join(dir, 'scratch/agent')], elsewhere, `${link}/`)).toBe(join(dir, 'scratch/agent'));
  });

  it('a package.json that names no package (a build stub) is passed over', () => {
    const { dir, home, elsewhere } = tree({ 'package.json': TOOLKIT_MANIFEST, 'dist/esm/package.json': '{ "type": "module" }', 'dist/esm/index.js': BUILT_TOOL });
    expect(projectRoot([join(dir, 'dist/esm')], elsewhere, home)).toBe(dir);
  });

  it('in a git work tree, the work tree is the root, not the package', () => {
    const { dir, home, elsewhere } = tree({ 'packages/tools/package.json': TOOLKIT_MANIFEST, 'packages/tools/dist/index.js': BUILT_TOOL });
    mkdirSync(join(dir, '.git'));
    expect(projectRoot([join(dir, 'packages/tools/dist')], elsewhere, home)).toBe(dir);
  });
});

describe('auditing the built folder of a published toolkit', () => {
  it('judges it with its manifest wherever the audit runs: paths from the package, no approval finding', () => {
    const { dir, elsewhere } = tree({ 'package.json': TOOLKIT_MANIFEST, 'dist/index.js': BUILT_TOOL });
    for (const [cwd, target] of [[join(dir, 'dist'), '.'], [elsewhere, join(dir, 'dist')]] as const) {
      const run = runCli([target, '--format', 'json', '--fail-on', 'none'], { cwd });
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.root, cwd).toBe(dir);
      expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'security/unconfirmed-destructive-action'), cwd).toEqual([]);
    }
  });

  it('the same tool in an application package is flagged', () => {
    const app = JSON.stringify({ name: 'payout-agent', private: true, dependencies: { ai: '5.0.0', zod: '3.23.0' } });
    const { dir } = tree({ 'package.json': app, 'dist/index.js': "import { generateText } from 'ai';\n" + BUILT_TOOL.replace('export const payoutTools', 'const payoutTools') + 'await generateText({ model, tools: payoutTools, prompt });\n' });
    const report = JSON.parse(runCli(['.', '--format', 'json', '--fail-on', 'none'], { cwd: join(dir, 'dist') }).stdout);
    expect(report.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toContain('security/unconfirmed-destructive-action dist/index.js');
  });
});
