import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AuditError } from '../errors.js';
import { MAX_METADATA_BYTES, describeUnread, readRegularFile } from '../project/read-file.js';
import { compileSchema, formatSchemaErrors } from '../schema/validate.js';
import { loadCodeConfig } from './code-config.js';
import { configSchema } from './schema.js';
import type { LoadedConfig, UserConfig } from './types.js';

export const MODULE_NAME = 'agent-audit';

const validateConfig = compileSchema<UserConfig>(configSchema);

export function validateUserConfig(value: unknown, source: string): UserConfig {
  if (validateConfig(value)) return value;
  const withOptions = Object.entries((value as { rules?: unknown } | null)?.rules ?? {}).find(([, setting]) => typeof setting === 'object' && setting !== null && 'options' in setting);
  if (withOptions) throw new AuditError('config', `invalid config in ${source}: config.rules["${withOptions[0]}"].options: rules take no options; set only "severity"`);
  const problems = formatSchemaErrors(validateConfig.errors, 'config');
  throw new AuditError('config', `invalid config in ${source}: ${problems.join('; ')}`);
}

/** Config files read as data: searched for from the audited directory upwards. */
const DATA_FILES = [`.${MODULE_NAME}rc`, `.${MODULE_NAME}rc.json`, `.${MODULE_NAME}rc.yaml`, `.${MODULE_NAME}rc.yml`];
/** Config modules are code: loaded only when named with --config or found in the directory the command runs from. */
const CODE_FILES = [`${MODULE_NAME}.config.js`, `${MODULE_NAME}.config.mjs`, `${MODULE_NAME}.config.cjs`, `${MODULE_NAME}.config.ts`];
const PACKAGE_KEY = `package.json#${MODULE_NAME}`;
const CODE_EXTENSION = /\.(?:[cm]?js|[cm]?ts)$/;

type Found = { readonly empty: boolean; readonly config: unknown };

function readText(path: string): string {
  const read = readRegularFile(path, MAX_METADATA_BYTES);
  if (!read.ok) throw new AuditError('config', `cannot read config ${path}: ${describeUnread(read.reason)}`);
  return read.buffer.toString('utf8');
}

/** Where a parser says the text went wrong, as `:line:column`, or '' when it does not say. */
function parsePosition(error: unknown, text: string): string {
  const linePos = (error as { linePos?: readonly { line: number; col: number }[] }).linePos?.[0];
  if (linePos) return `:${linePos.line}:${linePos.col}`;
  const offset = /position (\d+)/.exec((error as Error).message ?? '')?.[1];
  if (offset === undefined) return '';
  const before = text.slice(0, Number(offset)).split('\n');
  return `:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

function parseData(path: string, text: string): unknown {
  const json = path.endsWith('.json');
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // The parser's first line names the cause (its later lines draw the source with a caret).
    const cause = ((error as Error).message.split('\n')[0] ?? '').trim().replace(/ at line \d+, column \d+:?$/, '');
    throw new AuditError('config', `cannot load config ${path}${parsePosition(error, text)}: not valid ${json ? 'JSON' : 'YAML'}: ${cause}`);
  }
}

/** The `agent-audit` key of a package.json, or undefined when it has none (or is no readable manifest). */
function packageKey(path: string): { value: unknown } | undefined {
  const read = readRegularFile(path, MAX_METADATA_BYTES);
  if (!read.ok) return undefined;
  try {
    const json = JSON.parse(read.buffer.toString('utf8')) as Record<string, unknown> | null;
    return json && typeof json === 'object' && Object.hasOwn(json, MODULE_NAME) ? { value: json[MODULE_NAME] } : undefined;
  } catch {
    return undefined;
  }
}

async function loadFile(path: string): Promise<Found> {
  if (CODE_EXTENSION.test(path)) return loadCodeConfig(path);
  if (basename(path) === 'package.json') {
    const key = packageKey(path);
    if (!key) throw new AuditError('config', `${path} has no "${MODULE_NAME}" key`);
    return { empty: key.value === undefined || key.value === null, config: key.value };
  }
  const text = readText(path);
  if (text.trim() === '') return { empty: true, config: undefined };
  const value = parseData(path, text);
  return { empty: value === undefined || value === null, config: value };
}

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Config candidates in one directory; the search stops at a package or repository root, like a package manager. */
function candidatesIn(dir: string): string[] {
  const found = DATA_FILES.filter((name) => existsSync(join(dir, name))).map((name) => join(dir, name));
  if (existsSync(join(dir, 'package.json')) && packageKey(join(dir, 'package.json'))) found.push(join(dir, PACKAGE_KEY));
  for (const name of CODE_FILES) if (existsSync(join(dir, name))) found.push(join(dir, name));
  return found;
}

function describeCandidate(path: string): string {
  return basename(path) === PACKAGE_KEY ? `the "${MODULE_NAME}" key of ${join(dirname(path), 'package.json')}` : path;
}

/** The nearest config from `searchFrom` upwards; two in one directory are an error, never a silent pick. */
async function searchConfig(searchFrom: string, cwd: string): Promise<{ path: string; found: Found } | undefined> {
  for (let dir = resolve(searchFrom); ; dir = dirname(dir)) {
    const candidates = candidatesIn(dir);
    if (candidates.length > 1) {
      throw new AuditError('config', `more than one config in ${dir}: ${candidates.map(describeCandidate).join(' and ')}; keep one (or name it with --config)`);
    }
    const [path] = candidates;
    if (path) {
      const isCode = CODE_FILES.includes(basename(path));
      if (isCode && !samePath(dir, cwd)) {
        throw new AuditError('config', `${path} is code and is only loaded from the directory agent-audit runs in: name it with --config, or use .${MODULE_NAME}rc.yaml`);
      }
      const filepath = basename(path) === PACKAGE_KEY ? join(dir, 'package.json') : path;
      return { path: filepath, found: await loadFile(filepath) };
    }
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

/**
 * `--config FILE` when given, else the nearest data config (.agent-auditrc*, package.json key) from
 * `searchFrom` upwards; a config module is code and is only run (in a child process) when named or
 * found in the directory the command runs from.
 */
export async function loadConfig(searchFrom: string, explicitPath?: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  let located: { path: string; found: Found } | undefined;
  if (explicitPath) {
    const path = resolve(explicitPath);
    if (!existsSync(path)) throw new AuditError('config', `config file not found: ${explicitPath}`);
    located = { path, found: await loadFile(path) };
  } else {
    located = await searchConfig(searchFrom, cwd);
  }
  if (!located) return { config: {} };
  if (located.found.empty) return { config: {}, filepath: located.path };
  return { config: validateUserConfig(located.found.config, located.path), filepath: located.path };
}

export function configDirectory(loaded: LoadedConfig, fallback: string): string {
  return loaded.filepath ? dirname(loaded.filepath) : fallback;
}
