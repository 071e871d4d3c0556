/**
 * `npm run people -- <command>`: invitations from the server's shell (no mail server assumed).
 *
 *   invite --org <BIN or uuid> --email <address> --role <PersonRole> [--name "Full Name"]
 *       prints the one-time link token once; the person sets a password with
 *       `POST /auth/invitations/accept { token, password }` (the web console's link page)
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL of `npm start` (start it once first).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { composeApp } from '../app';
import { loadConfig } from '../config';
import { createContext } from '../db/context';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres';
import { createLogger } from '../logger';
import { Organization, PersonRole } from '../organizations';
import { mailerFor } from './invitation.mailer';

const USAGE = `usage: npm run people -- invite --org <BIN|id> --email <address> --role <${Object.values(PersonRole).join('|')}> [--name "Full Name"]`;
const UUID = /^[0-9a-f-]{36}$/i;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { org: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
  });
  const role = values.role as PersonRole;
  if (positionals[0] !== 'invite' || !values.org || !values.email || !Object.values(PersonRole).includes(role)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const log = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT });
  const app = composeApp();
  const orm = await app.connect({ url: config.DATABASE_URL ?? embedded!.url });
  try {
    const ctx = createContext({ orm, caller: 'system', log });
    const mailer = mailerFor(config, createLogger('info'));
    app.services.identity.useMailer(mailer);
    const organization = await ctx.em.findOne(Organization, UUID.test(values.org) ? { id: values.org } : { bin: values.org });
    if (!organization) {
      console.error(`No organisation with BIN or id ${values.org}`);
      return 1;
    }
    const invited = await app.services.identity.invite(ctx, {
      organizationId: organization.id,
      email: values.email,
      fullName: values.name ?? values.email,
      role,
    });
    if (!invited.ok) {
      console.error(invited.violations.map((v) => v.message.en).join('\n'));
      return 1;
    }
    await mailer.close();
    console.log(
      `Invited ${invited.value.invitation.email} to ${organization.name.en} as ${role}; valid until ${invited.value.invitation.expiresAt.toISOString()}.\n` +
        `One-time token (shown once):\n${invited.value.token}`,
    );
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
