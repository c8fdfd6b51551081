import type { AuditResult, PollingSiteSummary } from '../../types.js';
import { html, type SafeHtml } from './escape.js';

function formatRate(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A horizontal bar as a scaled SVG rect: width is set by attribute, so the CSP allows no inline style. */
function bar(value: number, max: number, kind: 'site' | 'total'): SafeHtml {
  const width = max > 0 ? Math.max(0.5, Math.round((value / max) * 1000) / 10) : 0;
  return html`<svg class="bar bar-${kind}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect class="bar-track" width="100" height="10"/><rect class="bar-fill" width="${width}" height="10"/></svg>`;
}

function siteRow(site: PollingSiteSummary, instances: number, max: number): SafeHtml {
  const rate = site.callsPerMinute;
  return html`<tr class="polling-site">
<td><code>${site.file}:${site.line}</code></td>
<td>${site.mechanism}</td>
<td class="num">${site.intervalMs === null ? 'unknown' : `${formatRate(site.intervalMs / 1000)} s`}</td>
<td class="num">${site.callsPerTick}</td>
<td class="chart">${rate === null ? html`<span class="muted">unknown interval, not in the totals</span>` : bar(rate, max, 'site')}</td>
<td class="num">${rate === null ? '—' : formatRate(rate)}</td>
<td class="num">${rate === null ? '—' : formatRate(rate * instances)}</td>
</tr>`;
}

/**
 * The polling budget as a bar chart: calls per minute of each site per instance, on the scale of the
 * per-instance total (so a bar shows the site's share), then the totals for one instance and the fleet.
 */
export function pollingSection(result: AuditResult): SafeHtml {
  const polling = result.polling;
  if (polling.sites.length === 0) return html`<section id="polling"><h2>Polling budget</h2><p class="muted">No polling sites found.</p></section>`;
  const perInstance = polling.perInstanceCallsPerMinute;
  const fleet = polling.fleetCallsPerMinute;
  const scale = perInstance ?? 0;
  const instances = `${polling.instances} instance${polling.instances === 1 ? '' : 's'}`;
  const unknown = polling.unknownIntervalSites;
  return html`<section id="polling">
<h2>Polling budget</h2>
<p class="polling-headline">${
    perInstance === null || fleet === null
      ? 'No site has a known interval, so there is no total.'
      : html`Fleet: <strong id="polling-fleet">${formatRate(fleet)} calls/min</strong> (${formatRate(perInstance)} calls/min per instance × ${instances})`
  }</p>
<p class="muted">Calls per minute of each polling site, from its interval and the network calls per tick.${
    unknown > 0 ? ` ${unknown} site${unknown === 1 ? ' has' : 's have'} an unknown interval and ${unknown === 1 ? 'is' : 'are'} not counted.` : ''
  }</p>
<table class="polling-sites">
<thead><tr><th>Site</th><th>Mechanism</th><th class="num">Interval</th><th class="num">Calls/tick</th><th>Share of the per-instance total</th><th class="num">Calls/min per instance</th><th class="num">Fleet calls/min</th></tr></thead>
<tbody>${polling.sites.map((s) => siteRow(s, polling.instances, scale))}</tbody>
${
    perInstance === null || fleet === null
      ? ''
      : html`<tfoot><tr class="polling-total"><th colspan="4" scope="row">Total (fleet of ${instances})</th><td class="chart">${bar(perInstance, scale, 'total')}</td><td class="num">${formatRate(perInstance)}</td><td class="num">${formatRate(fleet)}</td></tr></tfoot>`
  }
</table>
</section>`;
}
