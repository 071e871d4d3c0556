import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/shared/project-root';

/** Debian's Chromium (`apt-get install chromium`); nothing is downloaded. Override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests keep a screenshot of every page they visit (gitignored; CI keeps it as an artifact). */
export const SCREENSHOTS_DIR = path.join(PROJECT_ROOT, 'test-results', 'console');

/** Headless Chromium with the flags a CI container needs and no network chatter of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page that records every Content-Security-Policy violation and uncaught error it sees. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** CSP violations reported by the browser (`securitypolicyviolation` and console reports). */
  cspViolations: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

/** A new browser context (its own cookies: one person) on `baseUrl`, tablet-sized, in `lang`. */
export async function openPage(browser: Browser, baseUrl: string, options: { locale?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1024, height: 768 }, locale: options.locale ?? 'en-GB' });
  const page = await context.newPage();
  const watched: WatchedPage = { page, context, cspViolations: [], pageErrors: [] };
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) watched.cspViolations.push(message.text().slice(0, 300));
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  return watched;
}

/** Saves a full-page screenshot as SCREENSHOTS_DIR/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** One axe-core finding, as much as a failure message needs. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) in the page and returns its serious and critical
 * violations. The script is evaluated through the DevTools protocol, so the page's strict CSP
 * (no inline scripts) stays on.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => String(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Retries an assertion until it holds (the page updates asynchronously), up to `timeoutMs`
 * (default 20 s), then throws its last failure. A wait, not a speed assertion.
 */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Waits until the locator's text (trimmed) is `expected`; for several elements, their texts. */
export function expectText(locator: Locator, expected: string | string[]): Promise<void> {
  return eventually(async () => {
    if (Array.isArray(expected)) expect((await locator.allInnerTexts()).map((t) => t.trim())).toEqual(expected);
    else expect((await locator.innerText({ timeout: 1000 })).trim()).toBe(expected);
  });
}

/** Waits until the locator's text contains `part`. */
export function expectContains(locator: Locator, part: string): Promise<void> {
  return eventually(async () => expect(await locator.innerText({ timeout: 1000 })).toContain(part));
}

/** Waits until the locator's attribute `name` is `value`. */
export function expectAttribute(locator: Locator, name: string, value: string): Promise<void> {
  return eventually(async () => expect(await locator.getAttribute(name, { timeout: 1000 })).toBe(value));
}

/** Waits until the locator matches `count` elements. */
export function expectCount(locator: Locator, count: number): Promise<void> {
  return eventually(async () => expect(await locator.count()).toBe(count));
}

/** Waits until the locator is visible. */
export async function expectVisible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 20_000 });
}
