/** Build step: every rule's metadata as JSON, for the commands that list or explain rules (see engine/rule-metadata.ts). */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ALL_RULES } from '../../rules/index.js';
import { RULE_METADATA_FILE, metadataOf, moduleHashes, ruleModules, type BuiltRuleMetadata } from '../engine/rule-metadata.js';

const rules = ALL_RULES.map(metadataOf);
// Only plain data survives JSON; anything else (none today) keeps being read from the rules themselves.
if (!isDeepStrictEqual(JSON.parse(JSON.stringify(rules)), rules)) {
  process.stderr.write('compile-rule-metadata: rule metadata holds values JSON cannot carry; left unwritten\n');
  rmSync(RULE_METADATA_FILE, { force: true });
} else {
  const built: BuiltRuleMetadata = { modules: moduleHashes(ruleModules(ALL_RULES)), rules };
  mkdirSync(dirname(RULE_METADATA_FILE), { recursive: true });
  writeFileSync(RULE_METADATA_FILE, `${JSON.stringify(built)}\n`);
}
