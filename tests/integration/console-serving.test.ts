import fs from 'node:fs';
import path from 'node:path';
import { CONSOLE_DIR, CONTENT_SECURITY_POLICY } from '../../src/graphql/console';
import { startTestApi, type TestApi } from '../support/api';

/**
 * The API serves the built web console and the self-hosted GraphiQL, with cache headers and a
 * strict Content-Security-Policy, and never Apollo's CDN landing page (global setup builds web/dist).
 */
let api: TestApi;
let base: string;
beforeAll(async () => {
  api = await startTestApi();
  base = api.url.replace(/\/graphql$/, '');
});
afterAll(() => api.close());

const hashedAsset = () => fs.readdirSync(path.join(CONSOLE_DIR, 'assets')).find((f) => /^console-[\w-]+\.js$/.test(f))!;

test('GET / is the console: no-cache, a strict CSP (no inline script, no other origin), scripts only from /assets', async () => {
  const response = await fetch(`${base}/`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  const csp = response.headers.get('content-security-policy')!;
  expect(csp).toBe(CONTENT_SECURITY_POLICY);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  const html = await response.text();
  // Every script is an external file of this origin: nothing inline would run under the CSP anyway.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  for (const [, src] of html.matchAll(/<script[^>]*src="([^"]+)"/g)) expect(src).toMatch(/^\/assets\//);
  expect(html).not.toMatch(/https?:\/\//);
});

test("the first load is React's production build (the test runner's NODE_ENV=test does not leak into the bundle)", async () => {
  const html = await (await fetch(`${base}/`)).text();
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const js = await (await fetch(`${base}${file}`)).text();
    // A message only React's development build carries.
    expect(js).not.toContain('Too many re-renders');
  }
});

test('hashed assets are immutable for a year; an unknown asset is a JSON 404', async () => {
  const asset = await fetch(`${base}/assets/${hashedAsset()}`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  // Sent gzip-compressed (compressed at build time) to a client that accepts it; the same bytes once inflated.
  const original = fs.readFileSync(path.join(CONSOLE_DIR, 'assets', hashedAsset()), 'utf8');
  const gzipped = await fetch(`${base}/assets/${hashedAsset()}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(gzipped.headers.get('content-encoding')).toBe('gzip');
  expect(gzipped.headers.get('vary')).toBe('accept-encoding');
  expect(gzipped.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(gzipped.headers.get('content-type')).toMatch(/javascript/);
  expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(original.length / 2);
  expect(await gzipped.text()).toBe(original);
  const plain = await fetch(`${base}/assets/${hashedAsset()}`, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(await plain.text()).toBe(original);
  const missing = await fetch(`${base}/assets/nothing-here.js`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { errors: unknown[] }).errors).toHaveLength(1);
});

test("a browser's GET /graphql gets the self-hosted GraphiQL (no CDN); GraphQL clients still get GraphQL", async () => {
  const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  const html = await page.text();
  expect(html).toContain('<div id="graphiql">');
  expect(html).not.toMatch(/https?:\/\/|apollo|embeddable-sandbox|cdn\./i);
  // The console's own bundle is not GraphiQL's: GraphiQL weighs nothing on the console's first load.
  const consoleHtml = await (await fetch(`${base}/`)).text();
  const scripts = (h: string) => [...h.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts(consoleHtml).some((s) => scripts(html).includes(s))).toBe(false);

  const key = await api.keyFor('010340000011', 'READER');
  const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ viewer { role } }')}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${key}`, 'x-dualhub-csrf': '1' },
  });
  expect(query.status).toBe(200);
  expect(await query.json()).toEqual({ data: { viewer: { role: 'READER' } } });
});

test('GRAPHIQL=false: no explorer page, and no Apollo landing page either', async () => {
  const off = await startTestApi({ env: { GRAPHIQL: 'false' } });
  try {
    const response = await fetch(off.url, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/<html|<script|landing|embeddable/i);
  } finally {
    await off.close();
  }
});
