/**
 * `npm run lab-agent -- --api <url> --key <LAB_AGENT key> [--runtime-id <id>] [--poll-ms 1000]`
 *
 * Runs the lab runtime on a campus network and reports to the API. The key may also come from
 * LAB_AGENT_KEY. OPC UA passwords are read from the environment variables the stations name.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../logger';
import { startLabAgent } from './lab-agent';

const USAGE = 'usage: npm run lab-agent -- --api <graphql url> --key <LAB_AGENT key> [--runtime-id <id>] [--poll-ms <ms>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { api: { type: 'string' }, key: { type: 'string' }, 'runtime-id': { type: 'string' }, 'poll-ms': { type: 'string' } },
  });
  const key = values.key ?? process.env.LAB_AGENT_KEY;
  if (!values.api || !key) {
    console.error(USAGE);
    process.exit(2);
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'info');
  const agent = await startLabAgent({
    api: values.api,
    key,
    log,
    ...(values['runtime-id'] ? { runtimeId: values['runtime-id'] } : {}),
    ...(values['poll-ms'] ? { pollMs: Number(values['poll-ms']) } : {}),
  });
  log.info({ api: values.api, runtimeId: agent.runtime.runtimeId }, 'lab agent running');
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
