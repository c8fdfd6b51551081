import type { AuditResult } from '../../types.js';
import type { FailureModeCoverage } from '../../verdict/taxonomy/coverage.js';
import { ruleDocsUrl } from '../options.js';
import { html, type SafeHtml } from './escape.js';

function ruleLinks(rules: readonly string[]): SafeHtml {
  return html`${rules.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="${ruleDocsUrl(id)}"><code>${id}</code></a>`)}`;
}

function modeRow(mode: FailureModeCoverage): SafeHtml {
  const checked = mode.status === 'checked';
  return html`<tr class="mode mode-${mode.status}">
<td>${mode.name}</td><td class="nowrap">v${mode.version}</td><td>${mode.pillar}</td>
<td>${checked ? ruleLinks(mode.rules) : html`<span class="manual">manual review</span> ${mode.manualCheck ?? ''}`}</td>
<td class="num">${checked ? (mode.findings ?? 0) : '—'}</td>
</tr>`;
}

/** The Microsoft agentic failure-mode matrix: what the rules check, and what a human must review. */
export function taxonomySection(result: AuditResult): SafeHtml {
  const coverage = result.taxonomy;
  if (!coverage) return html``;
  const ordered = [...coverage.modes.filter((m) => m.status === 'checked'), ...coverage.modes.filter((m) => m.status !== 'checked')];
  return html`<section id="taxonomy">
<h2>Taxonomy coverage</h2>
<p class="muted">Microsoft agentic failure modes (${coverage.versions.map((v) => `v${v}`).join(' + ')}): ${coverage.checked} checked by rules, ${coverage.manualReview} for manual review.</p>
<table class="taxonomy">
<thead><tr><th>Failure mode</th><th class="nowrap">Taxonomy</th><th>Pillar</th><th>Checked by</th><th class="num">Findings</th></tr></thead>
<tbody>${ordered.map(modeRow)}</tbody>
</table>
</section>`;
}

interface InventoryTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

function inventoryTables(result: AuditResult): InventoryTable[] {
  const inv = result.inventory;
  const at = (i: { file: string; line: number }) => `${i.file}:${i.line}`;
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  const tables: InventoryTable[] = [
    { title: 'Models', columns: ['Provider', 'Model', 'Location'], rows: inv.models.map((m) => [m.provider, m.model, at(m)]) },
    { title: 'System prompts', columns: ['Kind', 'Preview', 'Location'], rows: inv.prompts.map((p) => [p.kind, p.preview, at(p)]) },
    { title: 'Tools exposed to models', columns: ['Name', 'Framework', 'Schema-validated', 'Destructive', 'Location'], rows: inv.tools.map((t) => [t.name ?? '(unnamed)', t.framework, yes(t.schemaValidated), yes(t.destructive), at(t)]) },
    { title: 'Vector stores', columns: ['Backend', 'Client', 'Operations', 'Location'], rows: inv.vectorStores.map((v) => [v.backend, v.client, v.operations.join(', '), at(v)]) },
    { title: 'MCP servers', columns: ['Role', 'Transport', 'Target', 'Location'], rows: inv.mcpServers.map((m) => [m.role, m.transport, m.target ?? '', at(m)]) },
    { title: 'HTTP endpoints', columns: ['Method', 'Route', 'Framework', 'Drives the agent', 'Location'], rows: inv.endpoints.map((e) => [e.method, e.route ?? '', e.framework, yes(e.drivesAgent), at(e)]) },
  ];
  return tables.filter((t) => t.rows.length > 0);
}

/** Models, prompts, tools, vector stores, MCP servers and endpoints the audit found. */
export function inventorySection(result: AuditResult): SafeHtml {
  const tables = inventoryTables(result);
  return html`<section id="inventory">
<h2>Agent inventory</h2>
${tables.length === 0 ? html`<p class="muted">Nothing found.</p>` : ''}
${tables.map((t) => html`<h3>${t.title} <span class="muted">(${t.rows.length})</span></h3>
<table class="inventory"><thead><tr>${t.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${t.rows.map((row) => html`<tr>${row.map((cell, i) => (i === row.length - 1 ? html`<td><code>${cell}</code></td>` : html`<td>${cell}</td>`))}</tr>`)}</tbody></table>`)}
</section>`;
}

const MAX_SKIPPED_SHOWN = 50;

/** Files that were skipped, unreadable or only partly parsed, and suppression diagnostics. */
export function coverageSection(result: AuditResult): SafeHtml {
  const c = result.coverage;
  const items = [
    ...c.parseErrors.map((p) => html`<li><code>${p.path}:${p.line ?? 1}</code> parse error (audited as far as the parser recovered): ${p.message}</li>`),
    ...c.unreadable.map((u) => html`<li><code>${u.path}</code> unreadable: ${u.reason}</li>`),
    ...c.filesSkipped.slice(0, MAX_SKIPPED_SHOWN).map((s) => html`<li><code>${s.path}</code> skipped: ${s.reason}</li>`),
    ...(c.filesSkipped.length > MAX_SKIPPED_SHOWN ? [html`<li class="muted">… and ${c.filesSkipped.length - MAX_SKIPPED_SHOWN} more skipped files (see the JSON output)</li>`] : []),
    ...result.diagnostics.map((d) => html`<li><code>${d.file}:${d.line}</code> ${d.kind}: ${d.message}</li>`),
  ];
  if (items.length === 0) return html``;
  return html`<section id="coverage"><h2>Coverage and diagnostics</h2><ul class="diagnostics">${items}</ul></section>`;
}
