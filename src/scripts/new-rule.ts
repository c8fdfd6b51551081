import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { CATEGORIES } from '../types.js';

/** `npm run new-rule -- <category>/<name>`: a rule folder, a fixture file and the registry entry to fill in. */

function fail(message: string): never {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

const id = process.argv[2] ?? fail('usage: npm run new-rule -- <category>/<name>   e.g. connectors/no-keepalive');
const match = /^([a-z]+)\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.exec(id) ?? fail(`'${id}' is not <category>/<kebab-case-name>`);
const [, category = '', name = ''] = match;
if (!(CATEGORIES as readonly string[]).includes(category)) fail(`unknown category '${category}' (one of ${CATEGORIES.join(', ')})`);

const ruleDir = join(PACKAGE_ROOT, 'rules', category, name);
const fixtureDir = join(PACKAGE_ROOT, 'fixtures', 'rules', category, name);
const registryPath = join(PACKAGE_ROOT, 'rules', 'index.ts');
if (existsSync(ruleDir)) fail(`rules/${id}/ already exists`);

const variable = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const ruleSource = `import { defineRule } from '../../../src/engine/rule.js';

export default defineRule({
  id: '${id}',
  category: '${category}',
  severity: 'medium',
  confidence: 'medium',
  title: 'TODO: what is wrong, in a few words',
  taxonomy: {
    microsoft: ['TODO-failure-mode-id'],
    owaspLlm: [],
    owaspAgentic: [],
    cwe: [],
  },
  docs: {
    summary: 'TODO: one sentence — what this rule flags.',
    why: 'TODO: why this fails in production.',
    bad: \`// TODO: a minimal example the rule flags exactly once\`,
    good: \`// TODO: the same code done right\`,
    references: [],
  },
  hint: 'TODO: the one-line fix.',
  messages: {
    todo: 'TODO: the message for one flagged site ({{name}} is filled from report data).',
  },
  check({ file, report, checked }) {
    // Read the precomputed facts (file.callSites, file.index, file.classifier…), then for each site:
    // report(node, 'todo', { name }) when it fails, checked(node) when it passes, nothing when not judged.
    void file;
    void report;
    void checked;
  },
});
`;

const fixtureSource = `// Fixtures for ${id}: ordinary code, annotated on the line before each site (see rules/README.md).

// ruleid: ${id} todo
// (replace with a case the rule must flag)

// ok: ${id}
// (replace with a look-alike the rule checks and passes)

// notjudged: ${id}
// (replace with a look-alike the rule does not count at all)
`;

function register(source: string): string {
  const importLine = `import ${variable} from './${id}/index.js';`;
  if (source.includes(importLine)) fail(`rules/index.ts already registers ${id}`);
  const lines = source.split('\n');
  const lastImport = lines.reduce((last, line, index) => (line.startsWith('import ') ? index : last), -1);
  lines.splice(lastImport + 1, 0, importLine);
  const end = lines.findIndex((line) => line.startsWith('].sort('));
  if (end < 0) fail('cannot find the end of ALL_RULES in rules/index.ts');
  lines.splice(end, 0, `  ${variable},`);
  return lines.join('\n');
}

const registry = register(readFileSync(registryPath, 'utf8'));
mkdirSync(ruleDir, { recursive: true });
mkdirSync(fixtureDir, { recursive: true });
writeFileSync(join(ruleDir, 'index.ts'), ruleSource);
writeFileSync(join(fixtureDir, 'cases.ts'), fixtureSource);
writeFileSync(registryPath, registry);
process.stdout.write(`created rules/${id}/index.ts, fixtures/rules/${id}/cases.ts and registered it in rules/index.ts
next: fill in the TODOs (taxonomy ids must exist), write fixtures both ways, then
  npm run docs
  npx vitest run --config test/vitest.config.ts test/rule-fixtures.test.ts test/rules-registry.test.ts -t ${id}
`);
