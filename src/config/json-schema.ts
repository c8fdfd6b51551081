import { configSchema } from './schema.js';

/** Where the config file's JSON schema ships, relative to the package root. */
export const CONFIG_SCHEMA_FILE = 'src/config/agent-auditrc.schema.json';

/** The path editors resolve from a config at a project root with agent-audit installed locally. */
export const CONFIG_SCHEMA_REFERENCE = `./node_modules/agent-audit/${CONFIG_SCHEMA_FILE}`;

/**
 * The shipped schema for editors (yaml-language-server, VS Code's json.schemas): the same schema the
 * loader validates with, so the two cannot disagree. `npm run docs` writes it; a test fails when stale.
 */
export function configJsonSchemaText(): string {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'agent-audit config',
    description: 'Config for agent-audit (.agent-auditrc.yaml, .agent-auditrc.json, .agent-auditrc or the "agent-audit" key of package.json).',
    ...configSchema,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
