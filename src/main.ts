// First: tracing (when configured) must wrap http, pg and graphql before anything loads them.
import { tracing } from './tracing';
import { type DualHub, startDualHub } from './app';
import { ConfigError, loadConfig } from './config';
import type { DemoAccount } from './identity';
import { createLogger } from './logger';

/** The demo sign-ins as start-up output (development only: `DEMO_ACCOUNTS`). */
function demoSignIns(accounts: DemoAccount[], password: string, url: string): string[] {
  const rows = accounts.flatMap((a) => a.memberships.map((m) => [a.email, `${m.organization} (${m.bin})`, m.role]));
  const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return [
    `Demo accounts (development only; password: DEMO_PASSWORD, now "${password}"):`,
    ...rows.map((r) => `  ${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2]}`),
    `Sign in: curl -si ${url.replace(/\/graphql$/, '/auth/sign-in')} -H 'content-type: application/json' -d '{"email":"${accounts[0].email}","password":"…"}'`,
  ];
}

/** `npm start`: the whole product in one process. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  // Last resort: no tenant's request and no session's fault may stop the process silently. A
  // stray rejection is logged and the process keeps serving; an uncaught exception leaves the
  // process in an unknown state, so it is logged and the process exits (code 70) for its supervisor.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection (kept serving)'));
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ err: error, origin }, 'uncaught exception: exiting for the supervisor to restart');
    process.exitCode = 70;
    setTimeout(() => process.exit(70), 100).unref();
  });
  // Signals are ours from the start (the embedded PostgreSQL's own hook is taken back: src/app.ts):
  // one that comes during start-up stops the hub as soon as it has started; a second one ends the
  // process at once (an embedded PostgreSQL left running is stopped by the next start).
  let hub: DualHub | undefined;
  let requested: string | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (!hub) {
      if (requested) process.exit(1);
      requested = signal;
      log.info({ signal }, 'stopping once started');
      return;
    }
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await hub.close();
    await tracing?.shutdown().catch((err: Error) => log.warn({ err }, 'traces not flushed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    hub = await startDualHub(config, log);
  } catch (error) {
    const reason = (error as Error).message;
    log.fatal({ err: error }, 'DualHub could not start');
    console.error(`\nDualHub could not start: ${reason}\n${config.DATABASE_URL ? 'Check that the database in DATABASE_URL is running and reachable.' : ''}`);
    process.exit(1);
  }
  const lines = [`DualHub serves GraphQL at ${hub.url}  (Node ${process.version})`];
  if (hub.seed.demoCoordinatorKey) {
    lines.push(
      '',
      'API key of the demo coordinator (shown once; keep it):',
      `  ${hub.seed.demoCoordinatorKey}`,
      '',
      `Try: curl -s ${hub.url} -H 'content-type: application/json' -H 'authorization: Bearer <key>' -d '{"query":"{ viewer { role organization { name { en } } } }"}'`,
    );
  } else {
    lines.push('Make API keys with: npm run keys -- issue --org <BIN> --role ADMIN --label "my integration"   (list: npm run keys -- list)');
  }
  if (hub.seed.demoAccounts?.length) lines.push('', ...demoSignIns(hub.seed.demoAccounts, config.DEMO_PASSWORD, hub.url));
  console.log(`\n${lines.join('\n')}\n`);

  if (requested) await stop(requested);
}

void main();
