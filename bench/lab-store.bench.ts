/**
 * `npm run bench:lab-store`: events written per second through PostgresLabPort (the API's store),
 * on a throwaway embedded PostgreSQL. 30 sessions at once, each flushing a batch every 100 ms as
 * the session runner does; prints events/s and the p50/p99 time of one batch INSERT. Asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createContext } from '../src/db/context';
import { EventBus } from '../src/graphql/pubsub';
import { composeApp } from '../src/app';
import { seedFixtures } from '../src/seed/seed';
import { PostgresLabPort, Station, StationHealthBoard } from '../src/lab';
import type { LabEvent } from '../src/lab/runtime/lab.port';
import { createLogger } from '../src/logger';
import { Membership, PersonRole } from '../src/organizations';

const SESSIONS = 30;
const BATCH = Number(process.env.BATCH ?? 50); // 50 Hz × ~5 changing tags per 100 ms ≈ 25–50 events
const ROUNDS = Number(process.env.ROUNDS ?? 60);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-'));
  fs.chmodSync(dir, 0o777);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 0, persistent: false });
  const log = createLogger('silent');
  const app = composeApp();
  const orm = await app.connect({ url: db.url });
  try {
    await seedFixtures(app, orm, log);
    const { em } = createContext({ orm, caller: 'system', log });
    const students = await em.find(Membership, { role: PersonRole.STUDENT }, { limit: 1 });
    const template = await em.findOneOrFail(Station, { code: 'INEU-PLC-01' });
    const port = new PostgresLabPort({ orm, log, health: new StationHealthBoard(), bus: new EventBus() });
    const sessions: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      // One station per session (one RUNNING session per station).
      const station = em.create(Station, {
        ...template,
        id: randomUUID(),
        code: `BENCH-${i}`,
        organization: template.organization,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      await em.flush();
      const sessionId = randomUUID();
      await port.sessionStarted({
        sessionId,
        stationId: station.id,
        stationKind: 'PLC_TRAINER',
        exerciseId: 'plc.safe-start-up',
        exerciseVersion: 1,
        studentId: students[0]!.person.id,
        runtimeId: 'bench',
        at: Date.now(),
      });
      sessions.push(sessionId);
    }
    const batchMs: number[] = [];
    const t0 = process.hrtime.bigint();
    await Promise.all(
      sessions.map(async (sessionId) => {
        let seq = 0;
        for (let r = 0; r < ROUNDS; r++) {
          const events: LabEvent[] = Array.from({ length: BATCH }, (_, i) => ({
            seq: ++seq,
            at: Date.now() + i,
            type: 'signal',
            tag: `TAG_${i % 12}`,
            value: i % 2 === 0,
          }));
          const began = process.hrtime.bigint();
          await port.appendEvents(sessionId, events);
          batchMs.push(Number(process.hrtime.bigint() - began) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const total = SESSIONS * ROUNDS * BATCH;
    console.log(`PostgresLabPort: ${SESSIONS} sessions × ${ROUNDS} batches × ${BATCH} events = ${total} events in ${seconds.toFixed(2)} s`);
    console.log(`  events written per second: ${Math.round(total / seconds)} (needed for 30 stations at 50 Hz, 5 changes per poll: ${30 * 50 * 5})`);
    console.log(`  one batch INSERT: p50 ${pct(batchMs, 50).toFixed(1)} ms, p99 ${pct(batchMs, 99).toFixed(1)} ms`);
  } finally {
    await orm.close();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
