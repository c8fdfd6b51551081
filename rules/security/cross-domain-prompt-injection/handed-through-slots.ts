import { ts } from '../../../src/model/ast.js';
import type { FileFacts } from '../../../src/model/file-facts.js';
import { promptOwner } from './parameter-flows.js';
import { slotParameter, type InstructionSlot } from '../../../src/domain/prompts/system-prompts.js';

/** Wrappers of wrappers followed up: `triage` → `ask(system, q)` → `complete(system, q)`. */
const MAX_LEVELS = 2;

/**
 * A helper that puts a parameter whole into the system prompt (`complete(system, user)` with `{ role:
 * 'system', content: system }`) leaves the prompt's text, and any fence, to its callers: the argument
 * each call in this file passes there is the system prompt, judged where it is written
 * (`complete(`Triage this page:\n${page}`, …)`).
 */
export function handedThroughSlots(slots: readonly InstructionSlot[], facts: FileFacts): InstructionSlot[] {
  const found: InstructionSlot[] = [];
  let level = slots;
  for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
    const next: InstructionSlot[] = [];
    for (const slot of level) {
      const owner = promptOwner(slot.value);
      const index = owner && slotParameter(slot.value, owner.fn, facts);
      if (!owner || index === undefined) continue;
      for (const call of facts.callersOf(owner.fn)) {
        const arg = call.arguments[index];
        if (arg && !ts.isSpreadElement(arg)) next.push({ value: arg, holder: slot.holder });
      }
    }
    found.push(...next);
    level = next;
  }
  return found;
}
