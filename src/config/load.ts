import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { cosmiconfig } from 'cosmiconfig';
import { AuditError } from '../errors.js';
import { compileSchema, formatSchemaErrors } from '../schema/validate.js';
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

const explorer = cosmiconfig(MODULE_NAME, {
  searchStrategy: 'project',
  searchPlaces: [
    'package.json',
    `.${MODULE_NAME}rc`,
    `.${MODULE_NAME}rc.json`,
    `.${MODULE_NAME}rc.yaml`,
    `.${MODULE_NAME}rc.yml`,
    `${MODULE_NAME}.config.js`,
    `${MODULE_NAME}.config.mjs`,
    `${MODULE_NAME}.config.cjs`,
    `${MODULE_NAME}.config.ts`,
  ],
});

function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** `--config FILE` when given, else a cosmiconfig search from `searchFrom` up to the project root. */
export async function loadConfig(searchFrom: string, explicitPath?: string): Promise<LoadedConfig> {
  let result;
  try {
    if (explicitPath) {
      const path = resolve(explicitPath);
      if (!existsSync(path)) throw new AuditError('config', `config file not found: ${explicitPath}`);
      result = await explorer.load(path);
    } else {
      result = await explorer.search(searchFrom);
    }
  } catch (error) {
    if (error instanceof AuditError) throw error;
    throw new AuditError('config', `cannot load config${explicitPath ? ` ${explicitPath}` : ''}: ${describeLoadError(error)}`);
  }
  if (!result || result.isEmpty) return { config: {}, ...(result ? { filepath: result.filepath } : {}) };
  return { config: validateUserConfig(result.config, result.filepath), filepath: result.filepath };
}

export function configDirectory(loaded: LoadedConfig, fallback: string): string {
  return loaded.filepath ? dirname(loaded.filepath) : fallback;
}
