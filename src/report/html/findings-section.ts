import type { ReportData } from './data.js';
import { html, type SafeHtml } from './escape.js';

function select(id: string, label: string, allLabel: string, values: readonly string[], counts: ReadonlyMap<string, number>): SafeHtml {
  return html`<label class="field" id="${id}-field">${label}
<select id="${id}"><option value="">${allLabel}</option>${values.map((v) => html`<option value="${v}">${v} (${counts.get(v) ?? 0})</option>`)}</select>
</label>`;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * The filter bar and an empty list the page's script fills from the data block. Option labels
 * count every finding (suppressed too); the severity counts follow the other filters.
 */
export function findingsSection(data: ReportData): SafeHtml {
  const findings = data.findings;
  const anySuppressed = findings.some((f) => f.suppressed !== undefined);
  return html`<section id="findings">
<h2>Findings</h2>
<form class="filters" id="filters" autocomplete="off">
<fieldset class="severity-filter" id="filter-severity"><legend>Severity</legend>
${data.severities.map((s) => html`<label class="chip sev-${s}"><input type="checkbox" name="severity" value="${s}" checked> ${s} <span class="count" data-count-for="${s}"></span></label>`)}
</fieldset>
${select('filter-category', 'Category', 'All categories', data.categories, countBy(findings.map((f) => f.category)))}
${select('filter-file', 'File', 'All files', data.files, countBy(findings.map((f) => f.file)))}
${data.roles.length > 0 ? select('filter-role', 'Role', 'All roles', data.roles, countBy(findings.flatMap((f) => (f.role ? [f.role] : [])))) : ''}
<label class="field">Search <input type="search" id="filter-text" placeholder="rule, message or file"></label>
${anySuppressed ? html`<label class="field check"><input type="checkbox" id="filter-suppressed"> include suppressed</label>` : ''}
<button type="button" id="filter-reset">Reset</button>
</form>
<p class="count-line" id="finding-count" aria-live="polite"></p>
<noscript><p>The findings list needs JavaScript; the JSON output has the same data.</p></noscript>
<ol class="findings" id="findings-list"></ol>
<p class="muted" id="findings-empty" hidden>No finding matches these filters.</p>
</section>`;
}
