import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readmeGitlabCommand, readmeWorkflowStep, runAuditStep } from './helpers/action.js';
import { tempProject } from './helpers/temp-project.js';

const AGENT = `import OpenAI from 'openai';

const openai = new OpenAI();

export async function answer(id: string) {
  const res = await fetch('https://crm.example.com/' + id, { signal: AbortSignal.timeout(5_000) });
  const customer = await res.json();
  return openai.responses.create({ model: 'gpt-4.1-mini', input: customer.name });
}
`;
const TOOL = `import { readFile } from 'node:fs/promises';
import { tool } from 'ai';
import { z } from 'zod';

export const readAttachment = tool({
  description: 'Read an attachment',
  inputSchema: z.object({ path: z.string() }),
  execute: async ({ path }) => readFile(path, 'utf8'),
});
`;
const LEGACY = `export const key = 'sk-proj-${'Q'.repeat(20)}T3BlbkFJ${'x'.repeat(20)}';\n`;
const WEB = `import OpenAI from 'openai';
import { traceable } from 'langsmith/traceable';

const openai = new OpenAI();
export const ask = traceable((q: string) => openai.responses.create({ model: 'gpt-4.1-mini', input: q }), { name: 'ask' });
`;

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir, stdio: 'ignore' });
}

/** A repository with the agent project in packages/agent (a monorepo package) and an ignored legacy folder. */
function monorepo(): string {
  const dir = tempProject({
    '.gitignore': 'packages/agent/src/legacy/\n',
    'packages/agent/package.json': JSON.stringify({ name: 'agent', dependencies: { openai: '^5.0.0', ai: '^5.0.0', zod: '^3.0.0' } }, null, 2),
    'packages/agent/src/agent.ts': AGENT,
    'packages/agent/src/tools/attachments.ts': TOOL,
    'packages/agent/src/legacy/old.ts': LEGACY,
    'packages/web/package.json': JSON.stringify({ name: 'web', dependencies: { openai: '^5.0.0', langsmith: '^0.3.0' } }, null, 2),
    'packages/web/src/chat.ts': WEB,
  });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** The README command with its installed-copy runner replaced by this checkout's bin (same CLI). */
function readmeArgs(command: string): string[] {
  const words = command.split(/\s+/).filter(Boolean);
  expect(words.slice(0, 3)).toEqual(['npx', '--no', 'agent-audit']);
  return words.slice(3);
}

/** Every file a report mentions, as the report states it, per format. */
function mentionedPaths(outputs: Record<string, string>, repo: string): Record<string, string[]> {
  const sarif = JSON.parse(outputs.sarif ?? '{}');
  const base = fileURLToPath(sarif.runs[0].originalUriBaseIds.SRCROOT.uri);
  expect(base.replace(/\/$/, '')).toBe(repo);
  const json = JSON.parse(outputs.json ?? '{}');
  return {
    json: [...json.findings.map((f: { file: string }) => f.file), ...json.inventory.models.map((m: { file: string }) => m.file), ...json.inventory.tools.map((t: { file: string }) => t.file)],
    sarif: sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => {
      const location = r.locations[0]?.physicalLocation.artifactLocation;
      expect(location?.uriBaseId).toBe('SRCROOT');
      return decodeURIComponent(location?.uri ?? '');
    }),
    gitlab: JSON.parse(outputs.gitlab ?? '[]').map((i: { location: { path: string } }) => i.location.path),
    github: [...(outputs.github ?? '').matchAll(/^::(?:error|warning|notice) file=([^,]+),/gm)].map((m) => decodeURIComponent(m[1] as string)),
    markdown: [...(outputs.markdown ?? '').matchAll(/\]\(https:\/\/github\.com\/acme\/agent\/blob\/abc123\/([^)#]+)#L\d+\)/g)].map((m) => decodeURIComponent(m[1] as string)),
    cyclonedx: (JSON.stringify(JSON.parse(outputs.cyclonedx ?? '{}')).match(/packages\/[\w/.-]+(?=:\d)/g) ?? []) as string[],
    pretty: (outputs.pretty ?? '').split('\n').filter((line) => /^\S+\.(ts|json)$/.test(line)),
  };
}

function everyFormat(repo: string, cwd: string, target: string) {
  const out = join(repo, '.reports', cwd === repo ? 'root' : 'sub');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const formats = ['json', 'sarif', 'gitlab', 'markdown', 'cyclonedx', 'pretty'];
  const args = [target, '--fail-on', 'none', '--fail-under', '0', '--link-base', 'https://github.com/acme/agent/blob/abc123/', ...formats.flatMap((f) => ['--format', f, '--output', join(out, `report.${f}`)]), '--format', 'github'];
  const run = runCli(args, { cwd });
  expect(run.status, run.stderr).toBe(0);
  return { ...Object.fromEntries(formats.map((f) => [f, readFileSync(join(out, `report.${f}`), 'utf8')])), github: run.stdout };
}

describe('CI end to end: the README snippets from the repository root and from a subfolder', () => {
  it('GitLab: the README command writes the same repository-relative paths from either folder', () => {
    const repo = monorepo();
    const args = readmeArgs(readmeGitlabCommand());
    expect(args[0]).toBe('src');
    const fromSub = runCli(args, { cwd: join(repo, 'packages/agent') });
    const subReport = readFileSync(join(repo, 'packages/agent', 'gl-code-quality-report.json'), 'utf8');
    const fromRoot = runCli(['packages/agent/src', ...args.slice(1)], { cwd: repo });
    const rootReport = readFileSync(join(repo, 'gl-code-quality-report.json'), 'utf8');
    expect(fromSub.status).toBe(fromRoot.status);
    expect(rootReport).toBe(subReport);
    const paths = JSON.parse(rootReport).map((i: { location: { path: string } }) => i.location.path) as string[];
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) expect(existsSync(join(repo, path)), path).toBe(true);
    expect(paths).toContain('packages/agent/package.json');
    // The root .gitignore applies to the subfolder audit: the ignored legacy file and its key stay out.
    expect(paths.some((p) => p.includes('legacy'))).toBe(false);
    expect(fromSub.stdout).toContain('packages/agent/src/agent.ts');
  });

  it('GitHub: the README action step annotates repository-relative files that exist', () => {
    const repo = monorepo();
    const inputs = { ...(readmeWorkflowStep()?.with ?? {}) } as Record<string, string>;
    delete inputs.baseline; // adopted below, in the baseline round trip
    delete inputs['upload-sarif'];
    expect(inputs.paths).toBe('src');
    const step = runAuditStep(repo, { ...inputs, paths: 'packages/agent/src' });
    expect(step.run.status, step.run.stderr).toBe(0);
    const files = [...step.run.stdout.matchAll(/^::(?:error|warning|notice) file=([^,]+),/gm)].map((m) => m[1] as string);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(existsSync(join(repo, file)), file).toBe(true);
    const sarif = JSON.parse(readFileSync(join(repo, String(inputs['sarif-file'])), 'utf8'));
    for (const result of sarif.runs[0].results) expect(existsSync(join(repo, result.locations[0].physicalLocation.artifactLocation.uri))).toBe(true);
    expect(step.summary).toContain('](https://github.com/acme/agent/blob/abc123/packages/agent/src/agent.ts#L');
  });

  it('every format names real files, identically from the root and from a subfolder', () => {
    const repo = monorepo();
    const fromRoot = mentionedPaths(everyFormat(repo, repo, 'packages/agent/src'), repo);
    const fromSub = mentionedPaths(everyFormat(repo, join(repo, 'packages/agent'), 'src'), repo);
    expect(fromSub).toEqual(fromRoot);
    for (const [format, paths] of Object.entries(fromRoot)) {
      expect(paths.length, format).toBeGreaterThan(0);
      for (const path of paths) expect(existsSync(join(repo, path)), `${format}: ${path}`).toBe(true);
    }
  });

  it("config include/exclude globs are relative to the config file's folder, wherever the audit runs from", () => {
    const repo = monorepo();
    const config = join(repo, 'packages/agent/.agent-auditrc.yaml');
    writeFileSync(config, 'include: ["src/**"]\nexclude: ["src/tools/**"]\n');
    for (const [cwd, target] of [[repo, 'packages/agent'], [join(repo, 'packages/agent'), '.']] as const) {
      const result = JSON.parse(runCli([target, '--format', 'json', '--fail-on', 'none'], { cwd }).stdout);
      const files = [...new Set(result.findings.map((f: { file: string }) => f.file))];
      expect(files, cwd).toContain('packages/agent/src/agent.ts');
      expect(files.some((f) => String(f).includes('tools/')), cwd).toBe(false);
    }
  });

  it('monorepo packages have their own manifest: tracing in one package does not cover another', () => {
    const repo = monorepo();
    const result = JSON.parse(runCli(['.', '--format', 'json', '--fail-on', 'none'], { cwd: repo }).stdout);
    const noTracing = result.findings.filter((f: { ruleId: string }) => f.ruleId === 'observability/no-tracing').map((f: { file: string }) => f.file);
    expect(noTracing).toEqual(['packages/agent/package.json']);
  });

  it('baseline round trip: recorded at the root, adopted from a subfolder and from the root with another path spelling', () => {
    const repo = monorepo();
    const sub = join(repo, 'packages/agent');
    const recorded = runCli(['baseline', 'packages/agent/src'], { cwd: repo });
    expect(recorded.status, recorded.stderr).toBe(0);
    const baseline = JSON.parse(readFileSync(join(repo, '.agent-audit-baseline.json'), 'utf8'));
    expect(typeof baseline.score).toBe('number');
    expect(baseline.scope).toEqual(['packages/agent/src']);
    for (const [cwd, target, file] of [[sub, 'src', '../../.agent-audit-baseline.json'], [repo, './packages/agent/src/', '.agent-audit-baseline.json'], [join(sub, 'src'), '.', '../../../.agent-audit-baseline.json']] as const) {
      const run = runCli([target, '--baseline', file, '--format', 'json', '--fail-on', 'high'], { cwd });
      expect(run.status, `${cwd} ${target}: ${run.stderr}`).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result.baseline).toMatchObject({ new: 0, unchanged: baseline.findings.length, fixed: [] });
      expect(result.gate.conditions).toContainEqual(expect.objectContaining({ name: 'scoreRegression', threshold: baseline.score, passed: true }));
    }
    // Auditing the whole repository with the package's baseline: other packages' findings are new, none is "fixed".
    const whole = JSON.parse(runCli(['.', '--baseline', '.agent-audit-baseline.json', '--format', 'json', '--fail-on', 'none'], { cwd: repo }).stdout);
    expect(whole.baseline.fixed).toEqual([]);
    expect(whole.gate.conditions.find((c: { name: string }) => c.name === 'failUnder')?.reason).toContain('default gate');
  });
});
