import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const REPO = join(import.meta.dirname, '..', '..');

export interface Step { id?: string; name: string; run?: string; uses?: string; env?: Record<string, string>; with?: Record<string, string> }
export interface ActionFile { inputs: Record<string, { default: string; description: string }>; runs: { using: string; steps: Step[] } }

export const action = parseYaml(readFileSync(join(REPO, 'action.yml'), 'utf8')) as ActionFile;
export const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The README's GitHub Actions workflow, parsed. */
export function readmeWorkflowStep(): Step | undefined {
  const workflow = /### GitHub Actions\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const steps = (parseYaml(workflow) as { jobs: Record<string, { steps: Step[] }> }).jobs.audit?.steps ?? [];
  return steps.find((s) => s.uses?.startsWith('agent-audit/agent-audit'));
}

/** The README's GitLab CI job's agent-audit command line. */
export function readmeGitlabCommand(): string {
  const job = /### GitLab CI\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const script = (parseYaml(job) as Record<string, { script: string[] }>)['agent-audit']?.script ?? [];
  return script.find((line) => line.includes('agent-audit')) ?? '';
}

/** Runs the action's audit step script the way the runner would, with inputs mapped to its env. */
export function runAuditStep(workspace: string, inputs: Record<string, string>, cwd: string = workspace) {
  const step = action.runs.steps.find((s) => s.id === 'audit') as Step;
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, inputs[name] ?? String(spec.default)]));
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, expr]) => [key, values[/inputs\.([\w-]+)/.exec(expr)?.[1] ?? ''] ?? '']));
  const outputFile = join(workspace, 'github-output');
  const summaryFile = join(workspace, 'step-summary.md');
  const run = spawnSync('bash', ['-e', '-c', step.run ?? ''], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1', CI: 'true', GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: workspace, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/agent', GITHUB_SHA: 'abc123' },
  });
  return { run, output: existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : '', summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '' };
}
