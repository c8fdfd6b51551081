import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { AuditError } from '../errors.js';

/** A config module that has not handed over its data by then is looping or waiting on something. */
export const CODE_CONFIG_TIMEOUT_MS = 10_000;

/**
 * Runs in a child process: loads the module with cosmiconfig's loaders (.js/.mjs/.cjs/.ts) and sends
 * back its exported value as JSON. Plain data is all a config can be; the module itself never runs in
 * the auditing process, so it cannot end the run, hang it, or change it.
 */
const CHILD_SCRIPT = `
const [cosmiconfigUrl, path] = process.argv.slice(-2);
try {
  const { cosmiconfig } = await import(cosmiconfigUrl);
  const loaded = await cosmiconfig('agent-audit').load(path);
  process.send({ ok: true, empty: !loaded || loaded.isEmpty === true, config: loaded ? loaded.config : null });
} catch (error) {
  process.send({ ok: false, message: String(error && error.message || error).split('\\n')[0] });
}
`;

type ChildReply = { ok: true; empty: boolean; config: unknown } | { ok: false; message: string };

function cosmiconfigUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve('cosmiconfig')).href;
}

/** The data a code config exports, loaded in a child process with a time limit. */
export function loadCodeConfig(path: string, timeoutMs = CODE_CONFIG_TIMEOUT_MS): Promise<{ empty: boolean; config: unknown }> {
  return new Promise((resolve, reject) => {
    const child = fork('-', [cosmiconfigUrl(), path], {
      execArgv: ['--input-type=module', '-e', CHILD_SCRIPT],
      // The module's own prints must not land in a report on stdout.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A timer or socket the module left open would keep the child alive: it is not waited for.
      child.kill('SIGKILL');
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new AuditError('config', `config ${path} did not finish loading within ${timeoutMs / 1000} s (does it loop or wait on something?)`))), timeoutMs);
    child.once('message', (reply: ChildReply) => {
      finish(() => (reply.ok ? resolve({ empty: reply.empty, config: reply.config }) : reject(new AuditError('config', `cannot load config ${path}: ${reply.message}`))));
    });
    child.once('error', (error) => finish(() => reject(new AuditError('config', `cannot load config ${path}: ${error.message}`))));
    child.once('exit', (code, signal) => {
      finish(() => reject(new AuditError('config', `config ${path} ended its process while loading (${signal ?? `exit code ${code}`}) without exporting a config`)));
    });
  });
}
