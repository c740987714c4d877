/**
 * The HTML report of the example app, opened from disk in headless Chromium (Debian's
 * `chromium`, driven by playwright-core, which never downloads a browser of its own): the
 * summary agrees with the JSON report, the filters hide and show the right findings, nothing is
 * fetched from the network. The screenshot it takes replaces the README's one in bench/results/
 * only with RTA_UPDATE_SCREENSHOT=1, so a test run never changes a tracked file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runAudit } from '../../src/audit/index.js';
import { renderReport } from '../../src/findings/reporters/index.js';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env['RTA_CHROMIUM'] ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const SKIP_REASON = hasChromium ? '' : `(skipped: no Chromium at ${CHROMIUM}; install Debian's chromium package, as .ci/run does, or set RTA_CHROMIUM)`;
if (!hasChromium) console.warn(`html-report browser test ${SKIP_REASON}`);
const README_SCREENSHOT = path.join(projectRoot, 'bench/results/report-screenshot.png');
const updateScreenshot = process.env['RTA_UPDATE_SCREENSHOT'] === '1';

/** The flags that keep Chromium off the network in this sandbox (no update checks, no QUIC, no sync). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface JsonReport {
  summary: { total: number; bySeverity: Record<string, number>; byCategory: Record<string, number>; notifications: number };
  findings: { category: string; severity: string; location: { file: string }; suppressions?: unknown[]; baselineState?: string }[];
}

describe.skipIf(!hasChromium)(`HTML report of examples/live-dashboard in headless Chromium ${SKIP_REASON}`, () => {
  let browser: Browser;
  let dir: string;
  let fileUrl: string;
  let json: JsonReport;

  beforeAll(async () => {
    // A fixed start time, so that the saved screenshot changes only when the page does.
    const result = { ...(await runAudit({ cwd: projectRoot, paths: ['examples/live-dashboard'] })), startTime: '2026-01-01T00:00:00.000Z' };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rta-html-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, renderReport('html', result, { color: false }));
    fileUrl = pathToFileURL(file).href;
    json = JSON.parse(renderReport('json', result, { color: false })) as JsonReport;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 240_000);

  afterAll(async () => {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records every request and console problem, with anything but the report aborted. */
  async function open(viewport = { width: 1366, height: 900 }): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    await page.goto(fileUrl, { waitUntil: 'load' });
    return { page, requests, problems };
  }

  const visibleRows = (page: Page) => page.locator('tbody.finding:visible').count();
  const shownJson = () => json.findings.filter((f) => (f.suppressions?.length ?? 0) === 0 && f.baselineState !== 'unchanged');

  it('loads nothing but the file itself, and runs its script and style under its own CSP', async () => {
    const { page, requests, problems } = await open();
    // Give anything lazy (fonts, images) the chance to ask.
    await page.waitForTimeout(300);
    expect(requests).toEqual([fileUrl]);
    expect(problems).toEqual([]);
    // The script ran (it fills in the status line) and the stylesheet applied (the skip link is off-screen).
    await expect.poll(() => page.locator('#shown').textContent()).toMatch(/^Showing \d+ of \d+ findings?\.$/);
    expect((await page.locator('a.skip').boundingBox())?.x ?? 0).toBeLessThan(0);
    await page.close();
  });

  it('shows the same summary numbers as the JSON report', async () => {
    const { page } = await open();
    const number = async (key: string) => Number(await page.locator(`[data-summary="${key}"]`).first().textContent());
    expect(json.summary.total).toBeGreaterThan(0);
    expect(await number('total')).toBe(json.summary.total);
    for (const [severity, count] of Object.entries(json.summary.bySeverity)) expect(await number(severity)).toBe(count);
    for (const [category, count] of Object.entries(json.summary.byCategory)) expect(await number(category)).toBe(count);
    expect(await number('notifications')).toBe(json.summary.notifications);
    expect(await page.locator('tbody.finding').count()).toBe(json.findings.length);
    expect(await visibleRows(page)).toBe(shownJson().length);
    await page.close();
  });

  it('filters by category, severity, folder and map node, and resets', async () => {
    const { page } = await open();
    const all = shownJson();
    const status = () => page.locator('#shown').textContent();

    // One category only.
    const categories = [...new Set(all.map((f) => f.category))];
    const keep = categories[0] ?? '';
    for (const category of categories.slice(1)) await page.locator(`input[name="category"][value="${category}"]`).uncheck();
    expect(await visibleRows(page)).toBe(all.filter((f) => f.category === keep).length);
    for (const row of await page.locator('tbody.finding:visible').all()) expect(await row.getAttribute('data-category')).toBe(keep);
    await page.locator('button[type="reset"]').click();
    await expect.poll(() => visibleRows(page)).toBe(all.length);

    // Without warnings.
    await page.locator('input[name="severity"][value="warning"]').uncheck();
    expect(await visibleRows(page)).toBe(all.filter((f) => f.severity !== 'warning').length);
    expect(await status()).toBe(`Showing ${String(all.filter((f) => f.severity !== 'warning').length)} of ${String(json.findings.length)} findings.`);
    await page.locator('input[name="severity"][value="warning"]').check();
    expect(await visibleRows(page)).toBe(all.length);

    // One folder.
    const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');
    const folder = 'src/realtime';
    await page.locator('#folder').selectOption(folder);
    const inFolder = all.filter((f) => folderOf(f.location.file) === folder).length;
    expect(inFolder).toBeGreaterThan(0);
    expect(await visibleRows(page)).toBe(inFolder);
    // A folder and a category with nothing in common: no rows, and the page says so.
    await page.locator('input[name="category"][value="backpressure"]').uncheck();
    await page.locator('input[name="category"][value="cache"]').uncheck();
    expect(await visibleRows(page)).toBe(0);
    expect(await page.locator('#no-match').isVisible()).toBe(true);
    await page.locator('button[type="reset"]').click();
    await expect.poll(() => visibleRows(page)).toBe(all.length);

    // A map node: only the findings placed on it.
    const node = page.locator('svg.map a.node.has-findings').first();
    const key = await node.getAttribute('data-node-link');
    expect(key).not.toBeNull();
    const onNode = await page.locator(`tbody.finding[data-node="${key ?? ''}"]:not([hidden])`).count();
    expect(onNode).toBeGreaterThan(0);
    await node.click();
    expect(await visibleRows(page)).toBe(onNode);
    expect(await page.locator('#node-filter').isVisible()).toBe(true);
    await page.locator('#clear-node').click();
    expect(await visibleRows(page)).toBe(all.length);
    await page.close();
  });

  it('places the example defects on the map nodes whose code they are in', async () => {
    const { page } = await open();
    const nodeOf = async (file: string) => {
      const row = page.locator('tbody.finding').filter({ has: page.locator(`td.loc code`, { hasText: file }) }).first();
      return row.locator('.on-node a').first().textContent();
    };
    expect(await nodeOf('src/ingest/order-consumer.ts:34')).toBe('consumer order-ingest');
    expect(await nodeOf('src/api/dashboard-routes.ts:25')).toBe('route GET /api/dashboard/top-customers');
    expect(await nodeOf('src/realtime/dashboard-ws.ts:49')).toBe('socket WebSocket /ws/dashboard');
    expect(await nodeOf('sql/flink/orders_per_minute.sql:11')).toBe('stage orders_per_minute');
    await page.close();
  });

  it('shows each source finding with its code, the flagged lines marked', async () => {
    const { page } = await open();
    const row = page.locator('tbody.finding').filter({ has: page.locator('td.loc code', { hasText: 'src/ingest/order-consumer.ts:34' }) });
    expect(await row.locator('pre.excerpt .line.hit').count()).toBe(1);
    expect(await row.locator('pre.excerpt mark').textContent()).toBe("auditLog.write(raw + '\\n')");
    expect(await row.locator('td.rule a').getAttribute('href')).toMatch(/\/docs\/rules\/no-ignored-write\.md$/);
    expect(await row.locator('pre.diff .add').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('prints without the controls', async () => {
    const { page } = await open();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('nav.sections').isVisible()).toBe(false);
    expect(await page.locator('svg.map').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('takes a screenshot of the summary and the pipeline map (the README\'s, with RTA_UPDATE_SCREENSHOT=1)', async () => {
    const { page } = await open({ width: 1440, height: 1000 });
    const SCREENSHOT = updateScreenshot ? README_SCREENSHOT : path.join(dir, 'report-screenshot.png');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    // From the top of the page to the end of the map.
    const map = await page.locator('#pipeline').boundingBox();
    expect(map).not.toBeNull();
    const height = Math.ceil((map?.y ?? 0) + (map?.height ?? 0) + 16);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1440, height } });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    await page.close();
  });
});
