/**
 * `npm run verify -- <file.json> [--api <base url>] [--at <ISO date-time>] [--json]`: verifies a
 * readiness credential — the EnvelopedVerifiableCredential JSON DualHub issues, a `{ "jwt" }`
 * object, or a file holding the compact JWS — and prints each check (format, signature, issuer,
 * validity, revocation) with the reason of a failure. Exit code 0 when valid, 1 when not, 2 on
 * bad usage.
 *
 * With `--api` it asks a running DualHub's public `POST /credentials/verify` (no key needed);
 * otherwise it reads the issuers' keys and the revocation registry from DATABASE_URL, or the
 * embedded PostgreSQL of `npm start`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { composeApp } from '../app';
import { createContext } from '../db/context';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../db/embedded-postgres';
import { createLogger } from '../logger';
import type { CredentialVerification } from './credential.service';

const USAGE = 'usage: npm run verify -- <credential.json | credential.jwt> [--api http://host:port] [--at 2027-01-01T00:00:00Z] [--json]';

async function verifyWithDatabase(input: string, at: Date | undefined): Promise<CredentialVerification> {
  const config = loadConfig();
  const log = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT });
  const app = composeApp();
  const orm = await app.connect({ url: config.DATABASE_URL ?? embedded!.url });
  try {
    return await app.services.credentials.verify(createContext({ orm, caller: 'system', log }), input, at);
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

async function verifyWithApi(input: string, api: string): Promise<CredentialVerification> {
  const url = new URL('/credentials/verify', api);
  const json = input.trim().startsWith('{');
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': json ? 'application/json' : 'text/plain' }, body: input });
  return (await response.json()) as CredentialVerification;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { api: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const at = values.at ? new Date(values.at) : undefined;
  if (at && Number.isNaN(at.getTime())) {
    console.error(`--at: not a date-time: ${values.at}`);
    return 2;
  }
  if (at && values.api) {
    console.error('--at works only against the database (the public route verifies at the present moment)');
    return 2;
  }
  const input = fs.readFileSync(file, 'utf8');
  const result = values.api ? await verifyWithApi(input, values.api) : await verifyWithDatabase(input, at);
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${file}: ${result.valid ? 'VALID' : `NOT VALID (${result.failure})`}`);
    if (result.issuer) console.log(`  issuer: ${result.issuer.name} <${result.issuer.id}>`);
    for (const check of result.checks)
      console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.check}${check.failure ? `: ${check.failure}` : ''}${check.detail ? ` — ${check.detail}` : ''}`);
  }
  return result.valid ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
