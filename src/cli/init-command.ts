import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { AuditError, EXIT_GATE_PASSED } from '../errors.js';
import { detectProject } from './init/detect.js';
import { ciSnippet, starterConfig } from './init/templates.js';

export const STARTER_CONFIG_FILE = '.agent-auditrc.yaml';

/** `agent-audit init [dir]`: a starter config for the project and the CI job to run it. */
export function runInitCommand(dir: string | undefined, flags: { force?: boolean }, write: (text: string) => void): number {
  const root = resolve(dir ?? '.');
  if (!existsSync(root)) throw new AuditError('path-not-found', `path not found: ${dir}`);
  const target = join(root, STARTER_CONFIG_FILE);
  if (existsSync(target) && !flags.force) throw new AuditError('usage', `${target} already exists; pass --force to replace it`);
  const profile = detectProject(root);
  writeFileAtomic(target, starterConfig(profile), 'config');
  const frameworks = profile.frameworks.length > 0 ? profile.frameworks.join(', ') : 'none found in package.json';
  write(`Wrote ${target}\n  ${profile.language} project, ${profile.packageManager}; agent frameworks: ${frameworks}\n\n${ciSnippet(profile)}\nNext: agent-audit${dir ? ` ${dir}` : ''}   (agent-audit explain <rule-id> for any finding)\n`);
  return EXIT_GATE_PASSED;
}
