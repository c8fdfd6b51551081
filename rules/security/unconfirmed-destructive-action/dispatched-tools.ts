import type { FileFacts } from '../../../src/model/file-facts.js';
import { functionMapsOf, type FunctionMapEntry } from '../../../src/model/function-maps.js';
import { waitsForPerson } from '../../../src/domain/tools/person-approval.js';
import { destructiveAction, type DestructiveAction } from './destructive-actions.js';
import { namesPreview } from './human-approval.js';

/**
 * Tools written as a map of functions that a hand-written tool loop runs by the name the model chose
 * (`const tools = { refund_order: (a) => refundOrder(a.id) }` … `tools[call.function.name](args)`): the
 * map's file cannot see the loop, so each destructive member is reported on the condition that some
 * file of the project dispatches the map so (model-dispatch.ts).
 */
export interface DispatchedTool {
  readonly map: string;
  readonly entry: FunctionMapEntry & { readonly name: string };
  readonly action: DestructiveAction;
}

export function* destructiveMapMembers(file: FileFacts): Generator<DispatchedTool> {
  const catalog = file.classifier.humanApproval;
  for (const map of functionMapsOf(file)) {
    for (const entry of map.entries) {
      const { name, fn, valueName } = entry;
      if (name === undefined || namesPreview(name, catalog) || (valueName !== undefined && namesPreview(valueName, catalog))) continue;
      // `refund_order: refundOrder`: the tool's name, or the function's, says what it does when its body is in another file.
      const action = destructiveAction(name, fn, file) ?? (valueName !== undefined ? destructiveAction(valueName, fn, file) : undefined);
      if (!action || waitsForPerson(fn, action.call, file)) continue;
      yield { map: map.key, entry: { ...entry, name }, action };
    }
  }
}
