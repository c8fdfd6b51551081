import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { loadConfig } from '../../src/config/load.js';
import { renderHtml } from '../../src/report/html/page.js';
import type { RenderOptions } from '../../src/report/options.js';
import { CATEGORIES, SEVERITIES, type AuditResult } from '../../src/types.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { HOSTILE_TEXT, MANY_FILES, countMatching, withHostileText, withManyFindings, withRoles } from '../helpers/html-report.js';
import { launchChromium, watchedPage, type Browser, type PageWatch } from './chromium.js';

/** Screenshots go here for a person to look at; they are test output, never committed. */
const SCREENSHOTS = process.env.AGENT_AUDIT_TEST_OUTPUT ?? join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'agent-audit', 'test-output');
const DEMO = join(FIXTURES, 'projects', 'demo-agent');

let browser: Browser;
let pages: string;
let demo: AuditResult;

beforeAll(async () => {
  browser = await launchChromium();
  pages = mkdtempSync(join(tmpdir(), 'agent-audit-html-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Paths relative to the demo folder (its source lines are read from there); roles are added per test.
  const result = await audit({ paths: [DEMO], config: (await loadConfig(DEMO)).config, configDir: DEMO, root: DEMO });
  demo = { ...result, findings: result.findings.map(({ role: _role, ...finding }) => finding) };
});

afterAll(async () => {
  await browser?.close();
  if (pages) rmSync(pages, { recursive: true, force: true });
});

function demoSource(file: string): string[] | undefined {
  try {
    return readFileSync(join(DEMO, file), 'utf8').split('\n');
  } catch {
    return undefined;
  }
}

/** Writes the report to a file and opens it from file://, as a user opening the artifact would. */
async function open(name: string, result: AuditResult, options: Pick<RenderOptions, 'readSourceLines'> = {}): Promise<PageWatch & { loadMs: number }> {
  const file = join(pages, `${name}.html`);
  writeFileSync(file, renderHtml(result, options));
  const watch = await watchedPage(browser);
  const start = performance.now();
  await watch.page.goto(pathToFileURL(file).href);
  await watch.page.waitForSelector('html[data-ready="yes"]');
  return { ...watch, loadMs: performance.now() - start };
}

async function countLine(watch: PageWatch): Promise<string> {
  return (await watch.page.textContent('#finding-count')) ?? '';
}

async function visibleFindings(watch: PageWatch): Promise<number> {
  return watch.page.locator('#findings-list > li:not([hidden])').count();
}

function expectInert(watch: PageWatch): void {
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  expect(watch.networkRequests).toEqual([]);
}

describe('HTML report in chromium', () => {
  it('loads from file:// with no console error and no network request, and looks right (screenshot)', async () => {
    const watch = await open('demo', demo, { readSourceLines: demoSource });
    expect(await countLine(watch)).toBe(`${demo.findings.length} of ${demo.findings.length} findings shown`);
    expect(await visibleFindings(watch)).toBe(demo.findings.length);
    await watch.page.locator('details.excerpt').first().evaluate((details) => ((details as HTMLDetailsElement).open = true));
    await watch.page.waitForSelector('details.excerpt pre.code .code-line.marked');
    const shot = join(SCREENSHOTS, 'html-report-demo.png');
    await watch.page.screenshot({ path: shot, fullPage: false });
    await watch.page.locator('#polling').screenshot({ path: join(SCREENSHOTS, 'html-report-polling.png') });
    console.log(`screenshots: ${SCREENSHOTS}`);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    expectInert(watch);
    await watch.page.close();
  });

  it('filters by severity, category and file, and the counts follow', async () => {
    const watch = await open('filters', demo);
    const active = demo.findings.filter((f) => !f.suppressed);
    const total = active.length;
    const low = active.filter((f) => f.severity === 'low').length;
    expect(low).toBeGreaterThan(0);

    await watch.page.uncheck('input[name="severity"][value="low"]');
    expect(await countLine(watch)).toBe(`${total - low} of ${total} findings shown`);
    expect(await visibleFindings(watch)).toBe(total - low);

    await watch.page.selectOption('#filter-category', 'connectors');
    const connectors = active.filter((f) => f.category === 'connectors');
    expect(await visibleFindings(watch)).toBe(connectors.filter((f) => f.severity !== 'low').length);
    // Severity chips count what the other filters leave, whatever the chip's own state.
    expect(await watch.page.textContent('[data-count-for="high"]')).toBe(String(connectors.filter((f) => f.severity === 'high').length));

    const file = connectors[0]?.file ?? '';
    await watch.page.selectOption('#filter-file', file);
    const inFile = connectors.filter((f) => f.file === file && f.severity !== 'low');
    expect(await visibleFindings(watch)).toBe(inFile.length);
    expect(await watch.page.locator('#findings-list > li:not([hidden]) .loc').allTextContents()).toEqual(inFile.map((f) => `${f.file}:${f.line}`).sort());

    await watch.page.selectOption('#filter-category', 'memory');
    await watch.page.selectOption('#filter-file', '');
    await watch.page.check('input[name="severity"][value="low"]');
    await watch.page.uncheck('input[name="severity"][value="medium"]');
    await watch.page.uncheck('input[name="severity"][value="high"]');
    await watch.page.uncheck('input[name="severity"][value="critical"]');
    const memoryLow = active.filter((f) => f.category === 'memory' && f.severity === 'low').length;
    expect(await visibleFindings(watch)).toBe(memoryLow);
    expect(await watch.page.isHidden('#findings-empty')).toBe(memoryLow > 0);

    await watch.page.click('#filter-reset');
    expect(await countLine(watch)).toBe(`${total} of ${total} findings shown`);
    expect(await watch.page.locator('#filter-role').count()).toBe(0);
    expectInert(watch);
    await watch.page.close();
  });

  it('filters by role when findings carry one', async () => {
    const watch = await open('roles', withRoles(demo, ['server', 'script', 'example']));
    const total = demo.findings.length;
    await watch.page.selectOption('#filter-role', 'script');
    const scripts = countMatching(total, (i) => i % 3 === 1);
    expect(await visibleFindings(watch)).toBe(scripts);
    expect(await countLine(watch)).toBe(`${scripts} of ${total} findings shown`);
    expect(await watch.page.locator('#findings-list > li:not([hidden]) .role').allTextContents()).toEqual(Array(scripts).fill('script'));
    expectInert(watch);
    await watch.page.close();
  });

  it('keeps hostile text from the audited code inert: no dialog, no console error, shown as text', async () => {
    const watch = await open('hostile', withHostileText(demo), { readSourceLines: () => Array(100).fill(HOSTILE_TEXT) });
    expect(await watch.page.locator('img').count()).toBe(0);
    expect(await watch.page.locator('script').count()).toBe(2);
    expect(await watch.page.locator('.finding .message').allTextContents()).toContain(HOSTILE_TEXT);
    await watch.page.fill('#filter-text', 'onerror');
    expect(await visibleFindings(watch)).toBeGreaterThan(0);
    for (const details of await watch.page.locator('#findings-list > li:not([hidden]) details.excerpt').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await watch.page.locator('#findings-list > li:not([hidden]) pre.code').first().waitFor();
    expect(await watch.page.locator('img').count()).toBe(0);
    expect(await watch.page.textContent('#inventory')).toContain('</script><script>alert(1)</script>');
    expectInert(watch);
    await watch.page.close();
  });

  it('renders and filters a 2,000-finding report', async () => {
    const count = 2000;
    const sourceLines = Array.from({ length: 60 }, (_, i) => `  const value${i} = await fetch(endpoint + ${i}); // line ${i + 1}`);
    const watch = await open('large', withManyFindings(demo, count), { readSourceLines: () => sourceLines });
    const loaded = watch.loadMs;
    expect(await countLine(watch)).toBe(`${count} of ${count} findings shown`);
    expect(await watch.page.locator('#findings-list > li').count()).toBe(count);
    expect(await watch.page.locator('#filter-file option').count()).toBe(MANY_FILES + 1);

    const filterStart = performance.now();
    await watch.page.uncheck('input[name="severity"][value="low"]');
    await watch.page.selectOption('#filter-category', CATEGORIES[1]);
    const filterMs = performance.now() - filterStart;
    const expected = countMatching(count, (i) => SEVERITIES[i % 4] !== 'low' && i % 5 === 1);
    expect(await visibleFindings(watch)).toBe(expected);

    await watch.page.selectOption('#filter-file', 'src/module-006.ts');
    expect(await visibleFindings(watch)).toBe(countMatching(count, (i) => SEVERITIES[i % 4] !== 'low' && i % 5 === 1 && i % MANY_FILES === 6));
    await watch.page.locator('#findings').evaluate((section) => section.scrollIntoView());
    await watch.page.screenshot({ path: join(SCREENSHOTS, 'html-report-2000-filtered.png') });
    const size = readFileSync(join(pages, 'large.html')).length;
    // Numbers for the report, not assertions: a timed test would fail on a busy machine.
    console.log(`2,000 findings: ${(size / 1024).toFixed(0)} KiB, loaded and drawn in ${loaded.toFixed(0)} ms, two filter changes in ${filterMs.toFixed(0)} ms`);
    expectInert(watch);
    await watch.page.close();
  });
});
