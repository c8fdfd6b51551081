import { catalogFragmentSchema } from '../catalog/schema.js';
import { ROLES } from '../model/roles/types.js';

const severityOrOff = { enum: ['critical', 'high', 'medium', 'low', 'off'] } as const;

/** JSON schema of the user config (.agent-auditrc*, agent-audit.config.*, package.json#agent-audit). */
export const configSchema = {
  $id: 'https://agent-audit.dev/schema/config.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    include: { type: 'array', items: { type: 'string', minLength: 1 } },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
    defaultExcludes: { type: 'boolean' },
    rules: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          severityOrOff,
          {
            type: 'object',
            additionalProperties: false,
            properties: { severity: severityOrOff },
          },
        ],
      },
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      properties: {
        failUnder: { type: 'number', minimum: 0, maximum: 100 },
        failOn: { enum: ['critical', 'high', 'medium', 'low', 'none'] },
        maxWarnings: { type: 'integer', minimum: -1 },
        maxParseFailures: { type: 'integer', minimum: 0 },
      },
    },
    catalog: { type: 'array', items: { anyOf: [{ type: 'string', minLength: 1 }, catalogFragmentSchema] } },
    polling: {
      type: 'object',
      additionalProperties: false,
      properties: {
        instances: { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
        maxCallsPerMinute: { type: 'number', minimum: 0 },
      },
    },
    roles: {
      type: 'object',
      additionalProperties: false,
      properties: {
        judge: { type: 'array', items: { enum: ROLES }, uniqueItems: true },
        ...Object.fromEntries(ROLES.map((role) => [role, { type: 'array', items: { type: 'string', minLength: 1 } }])),
      },
    },
    fix: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutMs: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
      },
    },
  },
} as const;
