import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../config/json-schema.js';
import { PACKAGE_ROOT } from '../package-root.js';

const target = join(PACKAGE_ROOT, CONFIG_SCHEMA_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, configJsonSchemaText());
process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE}\n`);
