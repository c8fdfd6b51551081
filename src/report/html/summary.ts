import { CATEGORIES, SEVERITIES, type AuditResult } from '../../types.js';
import { html, type SafeHtml } from './escape.js';

/** Band of a score, as the scoring model defines it; decides the gauge colour. */
function bandClass(score: number | null): string {
  if (score === null) return 'band-na';
  if (score >= 90) return 'band-ready';
  if (score >= 50) return 'band-work';
  return 'band-not-ready';
}

/**
 * A ring gauge: the circle's circumference is 100 user units (r = 100 / 2π), so the arc's dash
 * length is the score itself. Geometry lives in attributes, so the CSP needs no inline styles.
 */
function gauge(score: number | null, label: string, detail: string, size: 'large' | 'small'): SafeHtml {
  const value = score === null ? null : Math.max(0, Math.min(100, Math.round(score)));
  return html`<figure class="gauge gauge-${size} ${bandClass(score)}" data-gauge="${label}">
<svg viewBox="0 0 36 36" role="img" aria-label="${label}: ${value === null ? 'not applicable' : `${value} of 100`}">
<circle class="gauge-track" cx="18" cy="18" r="15.9155" fill="none" stroke-width="3.2"/>
${value === null || value === 0 ? '' : html`<circle class="gauge-arc" cx="18" cy="18" r="15.9155" fill="none" stroke-width="3.2" stroke-dasharray="${value} 100" transform="rotate(-90 18 18)"/>`}
<text x="18" y="20.5" text-anchor="middle" class="gauge-value">${value === null ? 'n/a' : value}</text>
</svg>
<figcaption><span class="gauge-label">${label}</span><span class="gauge-detail">${detail}</span></figcaption>
</figure>`;
}

function categoryDetail(result: AuditResult, category: (typeof CATEGORIES)[number]): string {
  const rules = result.rules.filter((r) => r.category === category && r.applicable);
  const checked = rules.reduce((n, r) => n + r.checked, 0);
  const failed = rules.reduce((n, r) => n + r.failed, 0);
  return checked === 0 ? 'nothing checked' : `${failed} of ${checked} site${checked === 1 ? '' : 's'} failing`;
}

function gateSection(result: AuditResult): SafeHtml {
  const failed = result.gate.conditions.filter((c) => !c.passed);
  return html`<p class="gate ${result.gate.passed ? 'gate-passed' : 'gate-failed'}" id="gate">${result.gate.passed ? 'Gate passed' : 'Gate failed'}${
    failed.length > 0 ? html`: ${failed.map((c, i) => html`${i > 0 ? '; ' : ''}${c.name} (threshold ${c.threshold}, actual ${c.actual ?? 'n/a'})`)}` : ''
  }</p>`;
}

function severityCounts(result: AuditResult): SafeHtml {
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.length - active.length;
  const baseline = result.baseline;
  return html`<ul class="severity-counts">${SEVERITIES.map((s) => html`<li class="sev sev-${s}"><strong>${active.filter((f) => f.severity === s).length}</strong> ${s}</li>`)}</ul>
<p class="muted">${active.length} finding${active.length === 1 ? '' : 's'} in ${result.coverage.filesAudited} file${result.coverage.filesAudited === 1 ? '' : 's'} audited${suppressed > 0 ? `, ${suppressed} suppressed` : ''}${
    baseline ? ` · baseline: ${baseline.new} new, ${baseline.unchanged} unchanged, ${baseline.fixed.length} fixed` : ''
  }</p>`;
}

/** Overall score, gate verdict and one gauge per category. */
export function summarySection(result: AuditResult): SafeHtml {
  const score = result.score;
  return html`<section id="summary" class="summary">
<div class="overall">
${gauge(score.overall, 'Overall', score.band, 'large')}
<div>
${gateSection(result)}
${score.capped && score.capReason ? html`<p class="cap">${score.capReason}</p>` : ''}
${severityCounts(result)}
</div>
</div>
<div class="categories">${CATEGORIES.map((c) => gauge(score.categories[c].score, c, categoryDetail(result, c), 'small'))}</div>
</section>`;
}
