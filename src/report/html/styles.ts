/** The page's stylesheet, inlined (its hash goes into the CSP). Light and dark schemes, no web fonts. */
export const STYLES = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --panel: #f6f8fa;
  --critical: #b3261e; --high: #c4540a; --medium: #9a6700; --low: #0969da; --ready: #1a7f37; --work: #bf8700; --not-ready: #cf222e; --mark: #fff8c5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --panel: #161b22;
    --critical: #ff7b72; --high: #ffa657; --medium: #d29922; --low: #58a6ff; --ready: #3fb950; --work: #d29922; --not-ready: #f85149; --mark: #3b2e00; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main, .top, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
.top { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; flex-wrap: wrap; border-bottom: 1px solid var(--line); }
.top h1 { font-size: 20px; margin: 16px 0 12px; }
.top nav a { margin-left: 16px; }
a { color: var(--low); }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 6px; }
.muted { color: var(--muted); }
footer { padding: 24px; font-size: 12px; }
.summary { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; margin-top: 20px; }
.overall { display: flex; gap: 20px; align-items: center; flex: 1 1 380px; }
.categories { display: flex; flex-wrap: wrap; gap: 12px; flex: 2 1 520px; }
.gauge { margin: 0; text-align: center; }
.gauge svg { display: block; margin: 0 auto; }
.gauge-large svg { width: 140px; height: 140px; }
.gauge-small { width: 120px; }
.gauge-small svg { width: 76px; height: 76px; }
.gauge-track { stroke: var(--line); }
.gauge-arc { stroke-linecap: round; }
.gauge-value { font-size: 9px; font-weight: 600; fill: var(--fg); }
.gauge-large .gauge-value { font-size: 10px; }
.band-ready .gauge-arc { stroke: var(--ready); }
.band-work .gauge-arc { stroke: var(--work); }
.band-not-ready .gauge-arc { stroke: var(--not-ready); }
.gauge figcaption { display: flex; flex-direction: column; }
.gauge-label { font-weight: 600; text-transform: capitalize; }
.gauge-detail { color: var(--muted); font-size: 12px; }
.gate { font-weight: 600; font-size: 16px; margin: 0 0 6px; }
.gate-passed { color: var(--ready); }
.gate-failed { color: var(--not-ready); }
.cap { margin: 0 0 6px; color: var(--not-ready); }
.severity-counts { list-style: none; padding: 0; margin: 0; display: flex; gap: 14px; flex-wrap: wrap; }
.sev-critical { --sev: var(--critical); } .sev-high { --sev: var(--high); } .sev-medium { --sev: var(--medium); } .sev-low { --sev: var(--low); } .sev-unknown { --sev: var(--muted); }
.severity-counts li { white-space: nowrap; }
.severity-counts .sev strong { color: var(--sev); font-size: 18px; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; position: sticky; top: 0; z-index: 1; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
.filters legend { float: left; margin-right: 6px; font-size: 12px; color: var(--muted); }
.field { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.field.check { flex-direction: row; align-items: center; gap: 6px; }
.field select { max-width: 260px; }
.field select, .field input[type=search] { font: inherit; font-size: 13px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; }
.chip { border: 1px solid var(--sev); color: var(--sev); border-radius: 999px; padding: 2px 10px; cursor: pointer; user-select: none; }
.chip .count { font-weight: 600; }
button { font: inherit; font-size: 13px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); padding: 4px 12px; cursor: pointer; }
.count-line { margin: 10px 0; font-weight: 600; }
.findings { list-style: none; margin: 0; padding: 0; }
/* Block, not list-item: Chrome renumbers list items one by one when many are hidden at once. */
.findings > li { display: block; }
.findings > li[hidden] { display: none; }
/* A long list scrolls in its own box and skips drawing the cards out of view; in its own box, the
   estimated card heights cannot shift the sections after it (anchor links land where they should). */
.findings.long { max-height: 80vh; overflow-y: auto; padding-right: 4px; }
.findings.long > li { content-visibility: auto; contain-intrinsic-size: auto 120px; }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--sev); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
.finding-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.finding p { margin: 4px 0 0; overflow-wrap: anywhere; }
.finding .hint { color: var(--muted); }
.badge { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; border-radius: 4px; padding: 1px 6px; background: var(--panel); border: 1px solid var(--line); }
.sev-badge { color: var(--bg); background: var(--sev); border-color: var(--sev); }
.badge.new { color: var(--not-ready); }
.loc { color: var(--muted); overflow-wrap: anywhere; }
.excerpt summary { cursor: pointer; color: var(--muted); font-size: 12px; margin-top: 4px; }
pre.code { tab-size: 4; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 0; margin: 6px 0 0; overflow-x: auto; }
.code-line { display: block; padding: 0 10px; white-space: pre; }
.code-line.marked { background: var(--mark); }
.ln { display: inline-block; min-width: 4ch; margin-right: 12px; text-align: right; color: var(--muted); user-select: none; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top; overflow-wrap: break-word; }
td code { overflow-wrap: anywhere; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
td.chart { width: 26%; }
.polling-sites td, .polling-sites th { vertical-align: middle; }
.bar { display: block; width: 100%; height: 14px; }
.bar-track { fill: var(--panel); }
.bar-site .bar-fill { fill: var(--low); }
.bar-total .bar-fill { fill: var(--high); }
.polling-total th, .polling-total td { font-weight: 600; border-top: 2px solid var(--line); }
.polling-headline { font-size: 15px; margin: 6px 0; }
.nowrap { white-space: nowrap; }
.mode-manual-review td { color: var(--muted); }
.manual { font-weight: 600; color: var(--fg); }
.diagnostics code { color: var(--muted); }
`;
