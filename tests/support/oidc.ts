import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** An account of the test provider: log in with `id` (any password). */
export interface ProviderAccount {
  id: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

/** A real oidc-provider in a child process (`oidc-provider.mjs`), on 127.0.0.1 port 0. */
export interface TestOidcProvider {
  issuer: string;
  /** Registers the one client and the accounts; the provider serves from then on. */
  configure(options: { clientId: string; clientSecret: string; redirectUri: string; accounts: ProviderAccount[]; tamperNonce?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs')], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const lines = readline.createInterface({ input: child.stdout });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  lines.on('line', (line) => {
    // The provider also prints its own warnings (development keys, http issuer) on stdout.
    if (!line.startsWith('{')) return;
    messages.push(JSON.parse(line) as Record<string, unknown>);
    waiters.splice(0).forEach((w) => w());
  });
  const next = (key: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => key in m);
        if (found) return resolve(found);
        if (child.exitCode !== null) return reject(new Error(`oidc-provider exited: ${stderr}`));
        waiters.push(check);
      };
      child.once('exit', () => waiters.splice(0).forEach((w) => w()));
      check();
    });
  const { port } = (await next('port')) as { port: number };
  return {
    issuer: `http://127.0.0.1:${port}`,
    async configure(options) {
      child.stdin.write(JSON.stringify(options) + '\n');
      await next('ready');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A minimal cookie jar per origin, as a browser keeps one (names and values only). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: string): string {
    const jar = this.jars.get(new URL(url).origin);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }

  take(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    for (const set of response.headers.getSetCookie()) {
      const [pair, ...attributes] = set.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()) || value === '';
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  }

  get(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(origin, jar);
  }
}

/** A browser's GET or form POST that does not follow redirects; cookies go through the jar. */
export async function browse(
  jar: CookieJar,
  url: string,
  form?: Record<string, string>,
): Promise<{ status: number; location?: string; body: string; url: string }> {
  const cookie = jar.header(url);
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      ...(cookie ? { cookie } : {}),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  jar.take(url, response);
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location, url).href : undefined, body: await response.text(), url };
}

/**
 * Follows a sign-in through the provider like a browser: redirects, the login form (with
 * `login`), any consent form, until a redirect leaves the provider (to the API's callback).
 * Returns that callback URL without visiting it.
 */
export async function throughProvider(jar: CookieJar, authorizationUrl: string, issuer: string, login: string): Promise<string> {
  let step = await browse(jar, authorizationUrl);
  for (let hops = 0; hops < 12; hops++) {
    if (step.location) {
      if (!step.location.startsWith(issuer)) return step.location;
      step = await browse(jar, step.location);
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(step.body)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(step.body)?.[1];
    if (!action || !prompt) throw new Error(`provider page without a form (${step.status}): ${step.body.slice(0, 300)}`);
    const fields: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt };
    step = await browse(jar, new URL(action.replace(/&amp;/g, '&'), step.url).href, fields);
  }
  throw new Error('too many steps at the provider');
}
