/**
 * `npm run lab-agent -- --api <url> --key <LAB_AGENT key> [--runtime-id <id>] [--poll-ms 1000] [--journal <file>]`
 *
 * Runs the lab runtime on a campus network and reports to the API. The key may also come from
 * LAB_AGENT_KEY. OPC UA passwords are read from the environment variables the stations name.
 * Reports not yet accepted by the API are kept in the journal file (default
 * `LAB_AGENT_JOURNAL`, else `<DATA_DIR or .data>/lab-agent/<runtime id>.journal`) and sent at the next start.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../shared/project-root';
import { createLogger } from '../../logger';
import { startLabAgent } from './lab-agent';

const USAGE = 'usage: npm run lab-agent -- --api <graphql url> --key <LAB_AGENT key> [--runtime-id <id>] [--poll-ms <ms>] [--journal <file>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { api: { type: 'string' }, key: { type: 'string' }, 'runtime-id': { type: 'string' }, 'poll-ms': { type: 'string' }, journal: { type: 'string' } },
  });
  const key = values.key ?? process.env.LAB_AGENT_KEY;
  if (!values.api || !key) {
    console.error(USAGE);
    process.exit(2);
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'info');
  const runtimeId = values['runtime-id'] ?? `agent@${os.hostname()}`;
  // One journal per runtime id: a second agent with another id on the same machine gets its own file.
  const journal =
    values.journal ??
    process.env.LAB_AGENT_JOURNAL ??
    path.join(process.env.DATA_DIR ?? path.join(PROJECT_ROOT, '.data'), 'lab-agent', `${runtimeId.replace(/[^A-Za-z0-9._@-]/g, '_')}.journal`);
  const agent = await startLabAgent({
    api: values.api,
    key,
    log,
    runtimeId,
    journal,
    ...(values['poll-ms'] ? { pollMs: Number(values['poll-ms']) } : {}),
  });
  log.info({ api: values.api, runtimeId: agent.runtime.runtimeId, journal }, 'lab agent running');
  console.log(`lab agent ${agent.runtime.runtimeId} running`);
  const stop = async () => {
    await agent.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: Error) => {
  console.error(`lab agent could not start: ${error.message}`);
  process.exit(1);
});
