/**
 * JSON schema of `--format json` (schemaVersion 1): the public contract other tools read. Adding an
 * optional field keeps schemaVersion 1 (readers must ignore what they do not know); removing, renaming
 * or retyping a field, or making one required, bumps it.
 */
const severity = { enum: ['critical', 'high', 'medium', 'low'] } as const;
const category = { enum: ['memory', 'connectors', 'events', 'security', 'observability'] } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const skipped = { type: 'object', required: ['path', 'reason'], additionalProperties: false, properties: { path: { type: 'string' }, reason: { type: 'string' } } } as const;
const categoryScore = { type: 'object', required: ['score', 'weight', 'rules'], additionalProperties: false, properties: { score: nullableNumber, weight: { type: 'number' }, rules: strings } } as const;
const codeRole = { enum: ['server', 'browser', 'script', 'example', 'test', 'generated', 'vendored', 'legacy'] } as const;
const roleCounts = { type: 'object', required: [...codeRole.enum], additionalProperties: false, properties: Object.fromEntries(codeRole.enum.map((role) => [role, { type: 'integer', minimum: 0 }])) } as const;
const roleEvidenceKinds = ['config', 'generated-marker', 'vendored-marker', 'project-description', 'path', 'directive', 'framework', 'package-entry', 'npm-script', 'ui-library', 'web-client', 'standalone-program', 'script-folder', 'browser-api', 'web-worker', 'branch', 'conventional-entry', 'reachable', 'copied-in-item', 'developer-cli', 'default'] as const;
const fileRole = {
  type: 'object',
  required: ['file', 'role', 'evidence'],
  additionalProperties: false,
  properties: { file: { type: 'string' }, role: codeRole, evidence: { type: 'object', required: ['kind', 'detail'], additionalProperties: false, properties: { kind: { enum: roleEvidenceKinds }, detail: { type: 'string' } } } },
} as const;
const baselineEntry = { type: 'object', required: ['fingerprint', 'ruleId', 'file', 'message'], additionalProperties: false, properties: { fingerprint: { type: 'string' }, ruleId: { type: 'string' }, file: { type: 'string' }, message: { type: 'string' } } } as const;

const finding = {
  type: 'object',
  required: ['ruleId', 'severity', 'category', 'message', 'hint', 'file', 'line', 'column', 'endLine', 'endColumn', 'fingerprint', 'taxonomy'],
  additionalProperties: false,
  properties: {
    ruleId: { type: 'string', pattern: '^[a-z]+/[a-z0-9-]+$' },
    severity,
    category,
    message: { type: 'string', minLength: 1 },
    hint: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
    fingerprint: { type: 'string', minLength: 8 },
    suppressed: { type: 'object', required: ['kind', 'reason'], additionalProperties: false, properties: { kind: { enum: ['next-line', 'file'] }, reason: { type: 'string', minLength: 1 } } },
    baseline: { enum: ['new', 'unchanged'] },
    details: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
    taxonomy: { type: 'object', required: ['microsoft', 'owaspLlm', 'owaspAgentic', 'cwe'], additionalProperties: false, properties: { microsoft: strings, owaspLlm: strings, owaspAgentic: strings, cwe: strings } },
    /** The code role of the finding's file (absent for findings on manifests). */
    role: codeRole,
    /** A rewrite that resolves the finding (`agent-audit fix`): offsets are UTF-16 positions in the file's text. */
    fix: {
      type: 'object',
      required: ['description', 'edits'],
      additionalProperties: false,
      properties: {
        description: { type: 'string', minLength: 1 },
        edits: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['file', 'start', 'end', 'replacement'], additionalProperties: false, properties: { file: { type: 'string' }, start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 }, replacement: { type: 'string' } } },
        },
      },
    },
  },
} as const;

const located = { file: { type: 'string' }, line: { type: 'integer', minimum: 1 }, codeRole } as const;
const item = (required: readonly string[], properties: Record<string, object>) => ({ type: 'array', items: { type: 'object', required: ['file', 'line', ...required], additionalProperties: false, properties: { ...located, ...properties } } });
const inventory = {
  type: 'object',
  required: ['models', 'prompts', 'tools', 'vectorStores', 'mcpServers', 'endpoints'],
  additionalProperties: false,
  properties: {
    models: item(['provider', 'model'], { provider: { type: 'string' }, model: { type: 'string' } }),
    prompts: item(['kind', 'preview'], { kind: { enum: ['system message', 'instructions option'] }, preview: { type: 'string' } }),
    tools: item(['name', 'framework', 'schemaValidated', 'destructive'], { name: { type: ['string', 'null'] }, framework: { type: 'string' }, schemaValidated: { type: 'boolean' }, destructive: { type: 'boolean' } }),
    vectorStores: item(['backend', 'client', 'operations'], { backend: { type: 'string' }, client: { type: 'string' }, operations: strings }),
    mcpServers: item(['role', 'transport', 'target'], { role: { enum: ['used', 'served'] }, transport: { type: 'string' }, target: { type: ['string', 'null'] } }),
    endpoints: item(['framework', 'method', 'route', 'drivesAgent'], { framework: { type: 'string' }, method: { type: 'string' }, route: { type: ['string', 'null'] }, drivesAgent: { type: 'boolean' } }),
  },
} as const;

const failureModeCoverage = {
  type: 'object',
  required: ['id', 'name', 'version', 'pillar', 'status', 'rules'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    version: { enum: ['1.0', '2.0'] },
    pillar: { enum: ['security', 'safety'] },
    status: { enum: ['checked', 'manual-review'] },
    rules: strings,
    findings: { type: 'integer', minimum: 0 },
    manualCheck: { type: 'string', minLength: 1 },
  },
} as const;
/** The coverage matrix: added to schema 1 as an optional field, so earlier results stay valid. */
const taxonomy = {
  type: 'object',
  required: ['framework', 'versions', 'checked', 'manualReview', 'modes'],
  additionalProperties: false,
  properties: { framework: { const: 'microsoft-agentic-failure-modes' }, versions: strings, checked: { type: 'integer', minimum: 0 }, manualReview: { type: 'integer', minimum: 0 }, modes: { type: 'array', items: failureModeCoverage } },
} as const;

export const auditResultSchema = {
  $id: 'https://agent-audit.dev/schema/result-v1.json',
  type: 'object',
  required: ['schemaVersion', 'tool', 'root', 'coverage', 'findings', 'diagnostics', 'rules', 'score', 'polling', 'inventory', 'gate'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    tool: { type: 'object', required: ['name', 'version'], additionalProperties: false, properties: { name: { const: 'agent-audit' }, version: { type: 'string' } } },
    root: { type: 'string' },
    coverage: {
      type: 'object',
      required: ['filesAudited', 'filesSkipped', 'parseErrors', 'unreadable'],
      additionalProperties: false,
      properties: {
        filesAudited: { type: 'integer', minimum: 0 },
        filesSkipped: { type: 'array', items: skipped },
        parseErrors: { type: 'array', items: { type: 'object', required: ['path', 'message'], additionalProperties: false, properties: { path: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } } } },
        unreadable: { type: 'array', items: skipped },
        notAudited: { type: 'array', items: skipped },
        roles: roleCounts,
        includedRoles: { type: 'array', items: codeRole },
      },
    },
    findings: { type: 'array', items: finding },
    diagnostics: { type: 'array', items: { type: 'object', required: ['kind', 'file', 'line', 'message'], additionalProperties: false, properties: { kind: { enum: ['unused-suppression', 'suppression-without-reason', 'unknown-rule-in-suppression', 'rule-error'] }, file: { type: 'string' }, line: { type: 'integer' }, message: { type: 'string' } } } },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'severity', 'category', 'checked', 'failed', 'score', 'applicable', 'weight'],
        additionalProperties: false,
        properties: { id: { type: 'string' }, severity: { enum: ['critical', 'high', 'medium', 'low', 'off'] }, category, checked: { type: 'integer', minimum: 0 }, failed: { type: 'integer', minimum: 0 }, score: { type: ['number', 'null'], minimum: 0, maximum: 1 }, applicable: { type: 'boolean' }, weight: { type: 'number' } },
      },
    },
    score: {
      type: 'object',
      required: ['overall', 'uncapped', 'band', 'capped', 'categories', 'severityWeights'],
      additionalProperties: false,
      properties: {
        overall: nullableNumber,
        uncapped: nullableNumber,
        band: { enum: ['ready', 'needs work', 'not ready', 'not applicable'] },
        capped: { type: 'boolean' },
        capReason: { type: 'string' },
        categories: { type: 'object', required: ['memory', 'connectors', 'events', 'security', 'observability'], additionalProperties: false, properties: { memory: categoryScore, connectors: categoryScore, events: categoryScore, security: categoryScore, observability: categoryScore } },
        severityWeights: { type: 'object', required: ['critical', 'high', 'medium', 'low'], additionalProperties: false, properties: { critical: { type: 'number' }, high: { type: 'number' }, medium: { type: 'number' }, low: { type: 'number' } } },
      },
    },
    polling: {
      type: 'object',
      required: ['sites', 'perInstanceCallsPerMinute', 'instances', 'fleetCallsPerMinute', 'unknownIntervalSites'],
      additionalProperties: false,
      properties: {
        sites: { type: 'array', items: { type: 'object', required: ['file', 'line', 'mechanism', 'intervalMs', 'callsPerTick', 'callsPerMinute'], additionalProperties: false, properties: { file: { type: 'string' }, line: { type: 'integer' }, mechanism: { type: 'string' }, intervalMs: nullableNumber, callsPerTick: { type: 'number' }, callsPerMinute: nullableNumber } } },
        perInstanceCallsPerMinute: nullableNumber,
        instances: { type: 'integer', minimum: 1 },
        fleetCallsPerMinute: nullableNumber,
        unknownIntervalSites: { type: 'integer', minimum: 0 },
      },
    },
    inventory,
    baseline: { type: 'object', required: ['path', 'new', 'unchanged', 'fixed'], additionalProperties: false, properties: { path: { type: 'string' }, new: { type: 'integer' }, unchanged: { type: 'integer' }, score: nullableNumber, fixed: { type: 'array', items: baselineEntry } } },
    changedFiles: strings,
    fileRoles: { type: 'array', items: fileRole },
    gate: {
      type: 'object',
      required: ['passed', 'conditions'],
      additionalProperties: false,
      properties: { passed: { type: 'boolean' }, conditions: { type: 'array', items: { type: 'object', required: ['name', 'threshold', 'actual', 'passed'], additionalProperties: false, properties: { name: { type: 'string' }, threshold: { type: ['number', 'string'] }, actual: { type: ['number', 'string', 'null'] }, passed: { type: 'boolean' }, reason: { type: 'string' } } } } },
    },
    taxonomy,
  },
} as const;
