import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Locator, type Page } from 'playwright-core';
import type { PersonRole } from '../../src/organizations';
import { PROJECT_ROOT } from '../../src/shared/project-root';
import type { TestApi } from './api';

/** Debian's Chromium (`apt-get install chromium`); nothing is downloaded. Override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests keep a screenshot of every page they visit (gitignored; CI keeps it as an artifact). */
export const SCREENSHOTS_DIR = path.join(PROJECT_ROOT, 'test-results', 'console');

/**
 * Headless Chromium with the flags a CI container needs and no network chatter of its own;
 * `extraArgs` adds flags (e.g. a fake camera: see {@link fakeCameraArgs}).
 */
export function launchBrowser(extraArgs: string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}

/**
 * Chromium flags for a camera that plays `videoFile` (Y4M or MJPEG) to getUserMedia, with the
 * permission prompt answered yes.
 */
export const fakeCameraArgs = (videoFile: string) => [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${videoFile}`,
];

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

/** Fills and sends the console's sign-in form (English labels: a new context starts in en-GB). */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Screenshots the page as `name` and asserts axe-core finds no serious or critical violation on it. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await seriousAxeViolations(page) }).toEqual({ page: name, violations: [] });
}

/**
 * The shared set-up of a console browser test file: the API on port 0, one Chromium, accounts made
 * by invitation with one password, a context per person, and after each test every context closed
 * and checked for Content-Security-Policy violations and page errors ({@link ConsoleHarness.closePages}).
 */
export class ConsoleHarness {
  /** Every page opened by the current test. */
  readonly opened: WatchedPage[] = [];
  /** The console's origin (the API's URL without `/graphql`). */
  readonly base: string;

  constructor(
    readonly api: TestApi,
    readonly browser: Browser,
    /** The password of every account {@link givenAccount} makes. */
    readonly password: string,
  ) {
    this.base = api.url.replace(/\/graphql$/, '');
  }

  /** A person with a membership of `bin`'s organisation in `role`, made by invitation; returns their e-mail. */
  async givenAccount(bin: string, role: PersonRole, fullName: string, domain = 'console.test'): Promise<string> {
    const email = `${fullName.toLowerCase().replace(/\W+/g, '.')}@${domain}`;
    const identity = this.api.hub.app.services.identity;
    const invited = await identity.invite(this.api.system(), { organizationId: await this.api.orgId(bin), email, fullName, role });
    if (!invited.ok) throw new Error(JSON.stringify(invited.violations));
    const accepted = await identity.acceptInvitation(this.api.system(), { token: invited.value.token, password: this.password });
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.violations));
    return email;
  }

  /** A new context (one person) on the console, watched. */
  async open(options: { locale?: string } = {}): Promise<WatchedPage> {
    const watched = await openPage(this.browser, this.base, options);
    this.opened.push(watched);
    return watched;
  }

  /** A new context signed in as `email` through the form. */
  async signedIn(email: string): Promise<Page> {
    const { page } = await this.open();
    await signIn(page, email, this.password);
    return page;
  }

  /** Closes every context of the test (awaited, before the next test starts), then checks what they saw. */
  async closePages(): Promise<void> {
    const pages = this.opened.splice(0);
    await Promise.all(pages.map((w) => w.context.close().catch(() => undefined)));
    for (const w of pages) {
      expect(w.cspViolations).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    }
  }
}
