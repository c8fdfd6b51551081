import type { Inventory } from '../inventory/types.js';
import type { PollingSiteSummary } from '../types.js';

/** One line per inventory item, shared by the pretty and markdown reports. */
export function inventoryLines(inventory: Inventory, polling: readonly PollingSiteSummary[] = []): { title: string; lines: string[] }[] {
  const at = (i: { file: string; line: number }) => `${i.file}:${i.line}`;
  const sections = [
    { title: 'Models', lines: inventory.models.map((m) => `${m.provider} ${m.model} (${at(m)})`) },
    { title: 'System prompts', lines: inventory.prompts.map((p) => `${at(p)} ${p.kind}: ${p.preview}`) },
    {
      title: 'Tools exposed to models',
      lines: inventory.tools.map((t) => `${t.name ?? '(unnamed)'} [${t.framework}] ${t.schemaValidated ? 'schema-validated' : 'NO SCHEMA'}${t.destructive ? ', destructive' : ''} (${at(t)})`),
    },
    { title: 'Vector stores', lines: inventory.vectorStores.map((v) => `${v.backend} via ${v.client}: ${v.operations.join(', ')} (${at(v)})`) },
    { title: 'MCP servers', lines: inventory.mcpServers.map((m) => `${m.role} ${m.transport}${m.target ? ` ${m.target}` : ''} (${at(m)})`) },
    { title: 'HTTP endpoints', lines: inventory.endpoints.map((e) => `${e.method} ${e.route ?? ''} [${e.framework}]${e.drivesAgent ? ' drives the agent' : ''} (${at(e)})`) },
    { title: 'Polling sites', lines: polling.map((p) => `${p.mechanism}, ${p.callsPerMinute === null ? 'unknown interval' : `${p.callsPerMinute} calls/min`} (${at(p)})`) },
  ];
  return sections.filter((s) => s.lines.length > 0);
}
