import { createHash } from 'node:crypto';
import type { AuditResult } from '../../types.js';
import type { RenderOptions } from '../options.js';
import { CLIENT_SCRIPT } from './client.js';
import { reportData } from './data.js';
import { html, scriptJson, SafeHtml } from './escape.js';
import { findingsSection } from './findings-section.js';
import { coverageSection, inventorySection, taxonomySection } from './matrix-and-inventory.js';
import { pollingSection } from './polling-chart.js';
import { summarySection } from './summary.js';
import { STYLES } from './styles.js';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Nothing may load from anywhere (default-src 'none'); only this page's own style and script run,
 * pinned by hash, so markup smuggled into the page could neither run script nor phone home.
 */
function contentSecurityPolicy(): string {
  return `default-src 'none'; script-src ${sha256(CLIENT_SCRIPT)}; style-src ${sha256(STYLES)}; base-uri 'none'; form-action 'none'`;
}

function projectName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? root;
}

/** One self-contained HTML page: inline style and script, data embedded as JSON, no network. */
export function renderHtml(result: AuditResult, options: Pick<RenderOptions, 'readSourceLines' | 'linkBase'>): string {
  const data = reportData(result, options);
  const name = projectName(result.root);
  const score = result.score.overall === null ? 'n/a' : String(Math.round(result.score.overall));
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>agent-audit: ${name} · ${score}/100</title>
<style>${new SafeHtml(STYLES)}</style>
</head>
<body>
<header class="top">
<h1>agent-audit <span class="muted">${name}</span></h1>
<nav><a href="#findings">Findings</a><a href="#polling">Polling budget</a>${result.taxonomy ? html`<a href="#taxonomy">Taxonomy</a>` : ''}<a href="#inventory">Inventory</a></nav>
</header>
<main>
${summarySection(result)}
${findingsSection(data)}
${pollingSection(result)}
${taxonomySection(result)}
${inventorySection(result)}
${coverageSection(result)}
</main>
<footer class="muted">agent-audit ${result.tool.version} · schema ${result.schemaVersion}</footer>
<script type="application/json" id="report-data">${new SafeHtml(scriptJson(data))}</script>
<script>${new SafeHtml(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
