// A real browser for the report tests: Debian's chromium driven by puppeteer-core (no browser download).
// Where no chromium is installed the tests say so and pass without it.
import { latent } from '../cli/run.js';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const CHROMIUM = CANDIDATES.find((p): p is string => !!p && existsSync(p)) ?? null;

/** Screenshots go here: under test/, not committed (see .gitignore). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test/output/', import.meta.url));

let browser: Promise<Browser> | null = null;
export function openBrowser(): Promise<Browser> {
  browser ??= puppeteer.launch({
    executablePath: CHROMIUM!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  return browser;
}
export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close();
  browser = null;
}

/** What a page did while it loaded: its console errors, uncaught errors, dialogs and every request. */
export interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  failed: string[];
  dialogs: string[];
}

export async function visit(file: string, width = 1200): Promise<Visit> {
  const page = await (await openBrowser()).newPage();
  await page.setViewport({ width, height: 900 });
  const v: Visit = { page, errors: [], requests: [], failed: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') v.errors.push(m.text());
  });
  page.on('pageerror', (e) => v.errors.push(String(e)));
  page.on('request', (r) => v.requests.push(r.url()));
  page.on('requestfailed', (r) => v.failed.push(r.url()));
  page.on('dialog', async (d) => {
    v.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return v;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}`;
  await page.screenshot({ path: path as `${string}.png`, fullPage: false });
  return path;
}

/** Pages open in a test file, closed after each test (chromium throttles pages in the background, and a
 *  screenshot of one waits for a frame that may be long in coming). */
export const openPages: Visit[] = [];

/** Run latent and open the report it wrote; null (after saying why) where there is no browser. */
export async function report(t: import('ava').ExecutionContext, args: string[], file: string): Promise<Visit | null> {
  const r = latent([...args, '-q']);
  t.is(r.code, 0, r.stderr);
  if (!CHROMIUM) {
    t.log('skipped the browser: no chromium installed (apt-get install chromium, or set CHROMIUM)');
    return null;
  }
  const v = await visit(file);
  openPages.push(v);
  return v;
}
