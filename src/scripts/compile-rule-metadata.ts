/** Build step: every rule's metadata as JSON, for the commands that list or explain rules (see engine/rule-metadata.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { RULE_METADATA_FILE, metadataOf } from '../engine/rule-metadata.js';

mkdirSync(dirname(RULE_METADATA_FILE), { recursive: true });
writeFileSync(RULE_METADATA_FILE, `${JSON.stringify(ALL_RULES.map(metadataOf))}\n`);
