/**
 * `npm run keys -- <command>`: manage API keys (and credential signing keys) from the server's shell.
 *
 *   issue  --org <BIN or uuid> --role ADMIN|WRITER|READER|LAB_AGENT [--label "…"]   prints the key once
 *   revoke --key <prefix or uuid>
 *   list   [--org <BIN or uuid>]
 *   rotate --org <BIN or uuid>     rotates the organisation's credential signing key (old credentials still verify)
 *
 * `rotate` seals the new private key with the key-encryption key of the API (SECRET_KEY or
 * DATA_DIR/secret.key): run it with the API's environment.
 * Uses DATABASE_URL, or the embedded PostgreSQL of `npm start` (start it once first).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { composeApp } from '../app';
import { createContext } from '../db/context';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres';
import { createLogger } from '../logger';
import { secretBoxFor } from '../shared/secret-box';
import { ApiKey, ApiKeyRole } from './api-key.entity';
import { Organization } from './organization.entity';

const USAGE = `usage: npm run keys -- issue --org <BIN|id> --role <${Object.values(ApiKeyRole).join('|')}> [--label text]
       npm run keys -- revoke --key <prefix|id>
       npm run keys -- list [--org <BIN|id>]
       npm run keys -- rotate --org <BIN|id>`;

const UUID = /^[0-9a-f-]{36}$/i;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { org: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' }, key: { type: 'string' } },
  });
  const command = positionals[0];
  if (!['issue', 'revoke', 'list', 'rotate'].includes(command ?? '')) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT });
  }
  const app = composeApp();
  const orm = await app.connect({ url: config.DATABASE_URL ?? embedded!.url });
  try {
    const ctx = createContext({ orm, caller: 'system', log });
    const keys = app.services.apiKeys;
    const findOrg = async (ref: string) => ctx.em.findOne(Organization, UUID.test(ref) ? { id: ref } : { bin: ref });
    if (command === 'issue') {
      const role = values.role as ApiKeyRole;
      if (!values.org || !Object.values(ApiKeyRole).includes(role)) {
        console.error(USAGE);
        return 2;
      }
      const organization = await findOrg(values.org);
      if (!organization) {
        console.error(`No organisation with BIN or id ${values.org}`);
        return 1;
      }
      const issued = await keys.issue(ctx, { organizationId: organization.id, role, label: values.label ?? `${role} key (CLI)` });
      if (!issued.ok) {
        console.error(issued.violations.map((v) => v.message.en).join('\n'));
        return 1;
      }
      console.log(`Issued ${role} key ${issued.value.apiKey.prefix} for ${organization.name.en}. Shown once:\n${issued.value.secret}`);
    } else if (command === 'rotate') {
      const organization = values.org ? await findOrg(values.org) : undefined;
      if (!organization) {
        console.error(values.org ? `No organisation with BIN or id ${values.org}` : USAGE);
        return values.org ? 1 : 2;
      }
      app.services.signingKeys.useBox(secretBoxFor(config));
      const { retiredKid, activeKid } = await app.services.signingKeys.rotate(ctx, organization.id);
      console.log(
        `Rotated the signing key of ${organization.name.en}: new credentials are signed with ${activeKid}` +
          (retiredKid ? `; ${retiredKid} is retired and still verifies what it signed.` : ' (it had none).'),
      );
    } else if (command === 'revoke') {
      if (!values.key) {
        console.error(USAGE);
        return 2;
      }
      const key = await ctx.em.findOne(ApiKey, UUID.test(values.key) ? { id: values.key } : { prefix: values.key });
      if (!key) {
        console.error(`No API key ${values.key}`);
        return 1;
      }
      const revoked = await keys.revoke(ctx, key.id);
      console.log(revoked.ok ? `Revoked ${key.prefix}` : revoked.violations[0].message.en);
      return revoked.ok ? 0 : 1;
    } else {
      const organization = values.org ? await findOrg(values.org) : undefined;
      const rows = await ctx.em.find(ApiKey, organization ? { organization } : {}, { populate: ['organization'], orderBy: { createdAt: 'asc' } });
      for (const k of rows) {
        console.log([k.prefix, k.role.padEnd(9), k.revokedAt ? 'revoked' : 'active ', k.organization.bin, k.label].join('  '));
      }
      if (rows.length === 0) console.log('no keys');
    }
    return 0;
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
