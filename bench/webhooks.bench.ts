/**
 * `npm run bench:webhooks`: how fast the webhook outbox drains and how long a partner waits.
 *
 * A throwaway embedded PostgreSQL, one API process with its dispatcher (woken by the outbox's
 * NOTIFY, polling as configured: `--poll-ms`, default the product's; batch 50),
 * and a receiver on loopback that answers 200 and checks nothing (the signature is made, not
 * verified). Two phases:
 *   - delay: N placements planned one after another through the placement service (each publishes
 *     `placement.status_changed` in its transaction); for each, the time from the service call's
 *     return (the commit) to the receiver getting the request: p50 / p99 / max;
 *   - throughput: M deliveries written into the outbox in one statement, then the time until the
 *     receiver has them all: deliveries per second.
 * Options: --changes N (default 300), --deliveries M (default 5000), --poll-ms N (default: the
 * product's WEBHOOK_POLL_MS default). Prints the load average.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AgreementKind, AgreementParty } from '../src/agreements';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { DualGroup, Enrolment, InstructionLanguage } from '../src/enrolment';
import { decodeGlobalId } from '../src/graphql/relay';
import { createLogger } from '../src/logger';
import { Membership, Organization, Person, PersonRole } from '../src/organizations';
import { TimeModel } from '../src/placements';
import { Program } from '../src/programs';

import { Workplace } from '../src/workplaces';
import { benchConfig } from './config';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { changes: { type: 'string', default: '300' }, deliveries: { type: 'string', default: '5000' }, 'poll-ms': { type: 'string' } },
  });
  const changes = Number(values.changes);
  const bulk = Number(values.deliveries);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-webhooks-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });

  // The receiver: when each body arrived, by subject id (delay phase) or count (throughput phase).
  const arrivals = new Map<string, number>();
  let received = 0;
  let onReceived: (() => void) | undefined;
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      received++;
      const subject = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { subject?: { id?: string } } }).data?.subject?.id;
      if (subject) arrivals.set(subject, at);
      res.writeHead(200).end();
      onReceived?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

  const config = benchConfig({
    WEBHOOK_HTTP_HOSTS: '127.0.0.1',
    WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.0/8',
    ...(values['poll-ms'] ? { WEBHOOK_POLL_MS: values['poll-ms'] } : {}),
    WEBHOOK_BATCH_SIZE: '50',
  });
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: pg.url });
  try {
    const system = () => createContext({ orm: hub.orm, caller: 'system', log });
    const s = hub.app.services;
    const em = system().em;
    const ineu = await em.findOneOrFail(Organization, { bin: '990140000017' });
    const steel = await em.findOneOrFail(Organization, { bin: '010340000011' });
    const workplace = await em.findOneOrFail(Workplace, { code: 'PMZ-ENGINEERING-OFFICE' });
    const agreement = await s.agreements.create(system(), {
      number: 'BENCH-1',
      kind: AgreementKind.NETWORK_INTERACTION,
      heiId: ineu.id,
      employerId: steel.id,
      validFrom: day(-180),
      validTo: day(365),
      remunerationAmount: 1,
    });
    if (!agreement.ok) throw new Error(JSON.stringify(agreement.violations));
    for (const party of [AgreementParty.HEI, AgreementParty.EMPLOYER]) await s.agreements.sign(system(), agreement.value.id, party);
    const students: string[] = [];
    // A placement is planned only for a student enrolled at its HEI: one past-intake group holds them.
    const program = await em.findOneOrFail(Program, { hei: ineu, code: '6B07101' });
    const year = new Date().getUTCFullYear() - 1;
    const group = em.create(DualGroup, {
      hei: ineu,
      region: ineu.region,
      program,
      code: 'BENCH',
      intakeYear: year,
      language: InstructionLanguage.RU,
      places: 500,
    });
    for (let i = 0; i < changes; i++) {
      const person = em.create(Person, { fullName: `Bench student ${i}`, email: `bench.${i}@bench.dualhub.kz` });
      em.create(Membership, { person, organization: ineu, role: PersonRole.STUDENT });
      em.create(Enrolment, { student: person, hei: ineu, region: ineu.region, program, group, intakeYear: year });
      students.push(person.id);
    }
    await em.flush();
    const key = await s.apiKeys.issue(system(), { organizationId: ineu.id, role: 'ADMIN' as never, label: 'bench' });
    if (!key.ok) throw new Error(JSON.stringify(key.violations));
    const created = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.value.secret}` },
      body: JSON.stringify({
        query: `mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { endpoint { id } userErrors { code } } }`,
        variables: { i: { url, eventTypes: ['placement.status_changed'] } },
      }),
    }).then((r) => r.json() as Promise<{ data: { createWebhookEndpoint: { endpoint: { id: string } } } }>);
    const endpointId = decodeGlobalId(created.data.createWebhookEndpoint.endpoint.id)!.id;

    // Phase 1: change → delivery delay.
    const committed = new Map<string, number>();
    for (const studentId of students) {
      const outcome = await s.placements.create(system(), {
        studentId,
        heiId: ineu.id,
        employerId: steel.id,
        workplaceId: workplace.id,
        agreementId: agreement.value.id,
        startDate: day(-30),
        endDate: day(90),
        timeModel: TimeModel.DAYS_PER_WEEK,
        daysPerWeek: 3,
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.violations));
      committed.set(Buffer.from(`Placement:${outcome.value.id}`, 'utf8').toString('base64url'), performance.now());
    }
    await new Promise<void>((resolve) => {
      onReceived = () => arrivals.size >= changes && resolve();
      onReceived();
    });
    const delays = [...committed].map(([id, at]) => arrivals.get(id)! - at).sort((a, b) => a - b);
    console.log(`webhooks bench (load average before the throughput phase: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()})`);
    console.log(
      `  change → delivery delay over ${changes} placement changes: p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms (poll ${config.WEBHOOK_POLL_MS} ms)`,
    );

    // Phase 2: throughput of a full outbox.
    received = 0;
    const body = JSON.stringify({ type: 'placement.status_changed', timestamp: new Date().toISOString(), data: {} });
    const knex = hub.orm.em.getKnex();
    const started = performance.now();
    await knex.raw(
      `insert into webhook_delivery (id, created_at, updated_at, endpoint_id, event_type, body, next_attempt_at)
       select gen_random_uuid(), now(), now(), ?, 'placement.status_changed', ?, now() from generate_series(1, ?)`,
      [endpointId, body, bulk],
    );
    await new Promise<void>((resolve) => {
      onReceived = () => received >= bulk && resolve();
      onReceived();
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`  throughput: ${bulk} deliveries in ${seconds.toFixed(2)} s = ${(bulk / seconds).toFixed(0)} deliveries/s (batch 50, one process)`);
    console.log(`  load average after: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await hub.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
