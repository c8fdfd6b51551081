import { unknownRuleError } from '../engine/rule-settings.js';
import type { Rule } from '../engine/rule.js';
import { DEFAULT_EXCLUDE } from '../project/discover.js';
import type { Severity } from '../types.js';
import type { RuleConfig, UserConfig } from './types.js';

/** Command-line settings that change the config: they win over the file. */
export interface ConfigOverrides {
  /** `--rule id=severity`, in command-line order (a later one for the same id wins). */
  readonly rules?: readonly { readonly id: string; readonly severity: Severity | 'off' }[];
  /** `--ignore-pattern`: added to the excludes. */
  readonly ignorePatterns?: readonly string[];
  /** `--no-default-excludes`: false. */
  readonly defaultExcludes?: boolean;
}

export function applyOverrides(config: UserConfig, overrides: ConfigOverrides, rules: readonly Rule[]): UserConfig {
  const known = rules.map((r) => r.id);
  const ruleSettings: Record<string, RuleConfig> = { ...config.rules };
  for (const { id, severity } of overrides.rules ?? []) {
    if (!known.includes(id)) throw unknownRuleError(id, known, `--rule ${id}=${severity}`);
    ruleSettings[id] = severity;
  }
  const ignore = overrides.ignorePatterns ?? [];
  return {
    ...config,
    ...(overrides.rules?.length ? { rules: ruleSettings } : {}),
    ...(ignore.length > 0 ? { exclude: [...(config.exclude ?? []), ...ignore] } : {}),
    ...(overrides.defaultExcludes === false ? { defaultExcludes: false } : {}),
  };
}

/**
 * The config as the audit will use it: every rule's severity, the whole exclude list (defaults
 * first), and the file it came from, for `--print-config`.
 */
export function resolvedConfig(config: UserConfig, filepath: string | undefined, rules: readonly Rule[]): Record<string, unknown> {
  const severities = Object.fromEntries(
    rules.map((rule) => {
      const setting = config.rules?.[rule.id];
      return [rule.id, setting === undefined ? rule.severity : typeof setting === 'string' ? setting : (setting.severity ?? rule.severity)];
    }),
  );
  return {
    configFile: filepath ?? null,
    ...config,
    include: config.include ?? [],
    exclude: [...(config.defaultExcludes === false ? [] : DEFAULT_EXCLUDE), ...(config.exclude ?? [])],
    defaultExcludes: config.defaultExcludes !== false,
    rules: severities,
  };
}
