import type { UserConfig } from '../config/types.js';
import { AuditError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { DEFAULT_FIX_SETTINGS, type Rule } from './rule.js';
import type { RuleSetting } from './run-rules.js';

export function unknownRuleError(id: string, known: readonly string[], where: string): AuditError {
  return new AuditError('config', `unknown rule id "${id}" in ${where}${didYouMean(id, known)}; run \`agent-audit rules\` for the list`);
}

/** Each rule's effective severity: its default, overridden by config.rules. */
export function resolveRuleSettings(rules: readonly Rule[], config: UserConfig): Map<string, RuleSetting> {
  const known = rules.map((r) => r.id);
  for (const id of Object.keys(config.rules ?? {})) {
    if (!known.includes(id)) throw unknownRuleError(id, known, 'config.rules');
  }
  const settings = new Map<string, RuleSetting>();
  const fix = config.fix?.timeoutMs !== undefined ? { fix: { ...DEFAULT_FIX_SETTINGS, timeoutMs: config.fix.timeoutMs } } : {};
  for (const rule of rules) {
    const configured = config.rules?.[rule.id];
    if (configured === undefined) settings.set(rule.id, { severity: rule.severity, ...fix });
    else if (typeof configured === 'string') settings.set(rule.id, { severity: configured, ...fix });
    else settings.set(rule.id, { severity: configured.severity ?? rule.severity, ...fix });
  }
  return settings;
}
