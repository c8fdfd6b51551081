import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { renderRuleDoc, replaceRuleTable, ruleDocPath } from '../docs/rule-docs.js';
import { PACKAGE_ROOT } from '../package-root.js';

for (const rule of ALL_RULES) {
  writeFileSync(join(PACKAGE_ROOT, ruleDocPath(rule.id)), renderRuleDoc(rule));
}
const readmePath = join(PACKAGE_ROOT, 'README.md');
writeFileSync(readmePath, replaceRuleTable(readFileSync(readmePath, 'utf8'), ALL_RULES));
process.stdout.write(`wrote ${ALL_RULES.length} rule pages and the README rule table\n`);
