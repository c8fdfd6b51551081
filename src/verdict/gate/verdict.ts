import type { GateResult } from '../../types.js';

/**
 * The gate's verdict in one sentence: what failed first, then what was checked and passed, so a reader
 * never has to guess why a 'not ready' project passed or which threshold it missed.
 */
export function gateVerdict(gate: GateResult): string {
  const reason = (c: GateResult['conditions'][number]): string => c.reason ?? `${c.name} (threshold ${c.threshold}, actual ${c.actual ?? 'n/a'})`;
  const failed = gate.conditions.filter((c) => !c.passed).map(reason);
  const passed = gate.conditions.filter((c) => c.passed).map(reason);
  if (failed.length === 0) return `Gate passed: ${passed.join('; ')}.`;
  return `Gate failed: ${failed.join('; ')}.${passed.length > 0 ? ` Passed: ${passed.join('; ')}.` : ''}`;
}
