/**
 * The page's script, as text inlined into the report (its hash goes into the CSP). It draws the
 * findings list from the JSON data block with textContent only, never markup from data, and filters
 * it by toggling `hidden`. Excerpts are drawn when first opened, so 2,000 findings load quickly.
 */
export const CLIENT_SCRIPT = `(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const byId = (id) => document.getElementById(id);
  const WEB_URL = /^https?:\\/\\//i;
  const KNOWN_SEVERITIES = new Set(data.severities);
  const LONG_LIST = 150;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(url, text, className) {
    if (typeof url !== 'string' || !WEB_URL.test(url)) return el('code', className, text);
    const a = el('a', className, text);
    a.href = url;
    a.rel = 'noopener noreferrer';
    return a;
  }

  function findingItem(f, index) {
    const severity = KNOWN_SEVERITIES.has(f.severity) ? f.severity : 'unknown';
    const item = el('li', 'finding sev-' + severity);
    item.dataset.index = String(index);
    const head = el('div', 'finding-head');
    head.append(el('span', 'badge sev-badge', severity), link(f.docsUrl, f.ruleId, 'rule'), link(f.fileUrl, f.file + ':' + f.line, 'loc'));
    if (f.role !== undefined) head.append(el('span', 'badge role', f.role));
    if (f.isNew) head.append(el('span', 'badge new', 'new'));
    if (f.suppressed !== undefined) head.append(el('span', 'badge suppressed', 'suppressed'));
    item.append(head, el('p', 'message', f.message), el('p', 'hint', 'Fix: ' + f.hint));
    if (f.suppressed !== undefined) item.append(el('p', 'muted', 'Suppressed: ' + f.suppressed));
    if (f.excerpt) {
      const details = el('details', 'excerpt');
      details.append(el('summary', '', 'Code'));
      item.append(details);
    }
    return item;
  }

  function excerptBlock(x) {
    const pre = el('pre', 'code');
    x.lines.forEach((text, i) => {
      const n = x.start + i;
      const row = el('span', n >= x.markFrom && n <= x.markTo ? 'code-line marked' : 'code-line');
      row.append(el('span', 'ln', String(n)), el('span', 'src', text));
      pre.append(row);
    });
    return pre;
  }

  const list = byId('findings-list');
  const fragment = document.createDocumentFragment();
  const items = data.findings.map((f, i) => {
    const item = findingItem(f, i);
    fragment.append(item);
    return item;
  });
  if (items.length > LONG_LIST) list.classList.add('long');
  list.append(fragment);
  const searchText = data.findings.map((f) => (f.ruleId + ' ' + f.message + ' ' + f.file).toLowerCase());

  list.addEventListener('toggle', (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.open || details.dataset.drawn) return;
    const item = details.closest('.finding');
    const finding = item && data.findings[Number(item.dataset.index)];
    if (!finding || !finding.excerpt) return;
    details.dataset.drawn = 'yes';
    details.append(excerptBlock(finding.excerpt));
  }, true);

  const controls = {
    severities: Array.from(document.querySelectorAll('input[name="severity"]')),
    category: byId('filter-category'),
    file: byId('filter-file'),
    role: byId('filter-role'),
    text: byId('filter-text'),
    suppressed: byId('filter-suppressed'),
  };

  function readState() {
    return {
      severities: new Set(controls.severities.filter((c) => c.checked).map((c) => c.value)),
      category: controls.category.value,
      file: controls.file.value,
      role: controls.role ? controls.role.value : '',
      text: controls.text.value.trim().toLowerCase(),
      suppressed: controls.suppressed ? controls.suppressed.checked : false,
    };
  }

  function matchesExceptSeverity(f, i, state) {
    if (state.category && f.category !== state.category) return false;
    if (state.file && f.file !== state.file) return false;
    if (state.role && f.role !== state.role) return false;
    if (!state.suppressed && f.suppressed !== undefined) return false;
    if (state.text && !searchText[i].includes(state.text)) return false;
    return true;
  }

  function applyFilters() {
    const state = readState();
    const perSeverity = new Map();
    let shown = 0;
    let total = 0;
    data.findings.forEach((f, i) => {
      if (state.suppressed || f.suppressed === undefined) total++;
      const candidate = matchesExceptSeverity(f, i, state);
      if (candidate) perSeverity.set(f.severity, (perSeverity.get(f.severity) || 0) + 1);
      const visible = candidate && state.severities.has(f.severity);
      if (visible) shown++;
      if (items[i].hidden === visible) items[i].hidden = !visible;
    });
    for (const count of document.querySelectorAll('[data-count-for]')) count.textContent = String(perSeverity.get(count.dataset.countFor) || 0);
    byId('finding-count').textContent = shown + ' of ' + total + ' finding' + (total === 1 ? '' : 's') + ' shown';
    byId('findings-empty').hidden = shown > 0;
  }

  for (const control of [...controls.severities, controls.category, controls.file, controls.role, controls.suppressed]) {
    if (control) control.addEventListener('change', applyFilters);
  }
  controls.text.addEventListener('input', applyFilters);
  byId('filter-reset').addEventListener('click', () => {
    for (const c of controls.severities) c.checked = true;
    for (const select of [controls.category, controls.file, controls.role]) if (select) select.value = '';
    controls.text.value = '';
    if (controls.suppressed) controls.suppressed.checked = false;
    applyFilters();
  });
  applyFilters();
  document.documentElement.dataset.ready = 'yes';
})();
`;
