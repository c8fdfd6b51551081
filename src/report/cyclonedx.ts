import type { Inventory } from '../inventory/types.js';
import type { AuditResult } from '../types.js';

type Property = { name: string; value: string };

const prop = (name: string, value: string | number | boolean | null | undefined): Property[] => (value === null || value === undefined || value === '' ? [] : [{ name: `agent-audit:${name}`, value: String(value) }]);
const location = (i: { file: string; line: number }) => prop('location', `${i.file}:${i.line}`);
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9.@/_-]+/g, '-');

function components(inventory: Inventory) {
  const models = new Map<string, { provider: string; model: string; locations: string[] }>();
  for (const m of inventory.models) {
    const key = `${m.provider}/${m.model}`;
    const entry = models.get(key) ?? { provider: m.provider, model: m.model, locations: [] };
    entry.locations.push(`${m.file}:${m.line}`);
    models.set(key, entry);
  }
  return [
    ...[...models.entries()].map(([key, m]) => ({
      type: 'machine-learning-model',
      'bom-ref': `model:${slug(key)}`,
      group: m.provider,
      name: m.model,
      properties: m.locations.map((l) => ({ name: 'agent-audit:location', value: l })),
    })),
    ...inventory.vectorStores.map((v, i) => ({
      type: 'data',
      'bom-ref': `vector-store:${slug(v.backend)}:${i}`,
      name: `${v.backend} vector store`,
      properties: [...prop('client', v.client), ...prop('operations', v.operations.join(',')), ...location(v)],
    })),
    ...inventory.prompts.map((p, i) => ({
      type: 'data',
      'bom-ref': `prompt:${i}`,
      name: `${p.kind} ${p.file}:${p.line}`,
      properties: [...prop('kind', p.kind), ...prop('preview', p.preview), ...location(p)],
    })),
  ];
}

function services(inventory: Inventory) {
  return [
    ...inventory.tools.map((t, i) => ({
      'bom-ref': `tool:${slug(t.name ?? 'unnamed')}:${i}`,
      name: t.name ?? '(unnamed tool)',
      description: `Tool exposed to the model (${t.framework})`,
      properties: [...prop('kind', 'tool'), ...prop('framework', t.framework), ...prop('schemaValidated', t.schemaValidated), ...prop('destructive', t.destructive), ...location(t)],
    })),
    ...inventory.mcpServers.map((m, i) => ({
      'bom-ref': `mcp:${m.role}:${i}`,
      name: m.target ?? m.transport,
      description: m.role === 'used' ? `MCP server used through ${m.transport}` : 'MCP server served by this agent',
      ...(m.target && /^https?:\/\//.test(m.target) ? { endpoints: [m.target] } : {}),
      properties: [...prop('kind', `mcp-${m.role}`), ...prop('transport', m.transport), ...location(m)],
    })),
    ...inventory.endpoints.map((e, i) => ({
      'bom-ref': `endpoint:${i}`,
      name: `${e.method} ${e.route ?? ''}`.trim(),
      description: `HTTP endpoint (${e.framework})${e.drivesAgent ? ' that drives the agent' : ''}`,
      properties: [...prop('kind', 'http-endpoint'), ...prop('framework', e.framework), ...prop('drivesAgent', e.drivesAgent), ...location(e)],
    })),
  ];
}

/** The agent inventory as a CycloneDX 1.6 JSON BOM (an AI-BOM): models, data, tools and endpoints. */
export function renderCycloneDx(result: AuditResult): string {
  const name = result.root.split(/[\\/]/).filter(Boolean).pop() ?? 'agent';
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: {
      tools: { components: [{ type: 'application', name: 'agent-audit', version: result.tool.version }] },
      component: { type: 'application', 'bom-ref': 'agent', name },
      properties: [
        ...prop('readinessScore', result.score.overall),
        ...prop('band', result.score.band),
        ...prop('pollingCallsPerMinutePerInstance', result.polling.perInstanceCallsPerMinute),
        ...result.polling.sites.map((s) => ({ name: 'agent-audit:pollingSite', value: `${s.file}:${s.line} ${s.mechanism} ${s.callsPerMinute ?? 'unknown'} calls/min` })),
      ],
    },
    components: components(result.inventory),
    services: services(result.inventory),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}
