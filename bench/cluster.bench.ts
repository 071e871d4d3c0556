/**
 * `npm run bench:cluster`: two API processes on one database behind a small round-robin TCP proxy
 * (written here with node:net; HTTP and WebSocket connections alternate between the processes), a
 * placement change made through the proxy (a new connection per mutation, so the writes alternate
 * between the processes too) → the `placementChanged` push to subscribers connected through the
 * proxy (half of them on each process). Prints p50/p99 of the delay from sending the mutation to
 * each subscriber's push, across processes (writer and subscriber on different processes) and
 * within one, and the load average. Process A runs in this script, B is a child process.
 *
 *   npm run bench:cluster -- --changes 200 --subscribers 4
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createLogger } from '../src/logger';
import { ApiKeyRole, Organization } from '../src/organizations';
import { benchConfig } from './config';

const { values } = parseArgs({ options: { changes: { type: 'string', default: '200' }, subscribers: { type: 'string', default: '4' } } });
const CHANGES = Number(values.changes);
const SUBSCRIBERS = Number(values.subscribers);
const ROOT = path.join(__dirname, '..');

/** Round-robin TCP proxy: each new connection goes to the next backend; `routed` lists the backend index of each connection, in order. */
function roundRobinProxy(backends: { host: string; port: number }[]): Promise<{ port: number; routed: number[]; nextBackend(): number; close(): void }> {
  let next = 0;
  const routed: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    routed.push(next % backends.length);
    const backend = backends[next++ % backends.length]!;
    const upstream = net.connect(backend.port, backend.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        routed,
        nextBackend: () => next % backends.length,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-cluster-bench-'));
  // The embedded PostgreSQL runs as its own user when started by root.
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const config = benchConfig();
  const log = createLogger('silent');
  const a = await startDualHub(config, log, { databaseUrl: pg.url });
  const b = spawn(process.execPath, ['-r', './scripts/register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pg.url, PORT: '0', START_SIMULATORS: 'false', START_LAB_RUNTIME: 'false', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const clients: Client[] = [];
  let proxy: { port: number; routed: number[]; nextBackend(): number; close(): void } | undefined;
  try {
    const bUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /DualHub serves GraphQL at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      };
      b.stdout!.on('data', onData);
      b.stderr!.on('data', onData);
      b.once('exit', (code) => reject(new Error(`process B exited (${code}):\n${out}`)));
    });
    const backends = [a.url, bUrl].map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port) }));
    proxy = await roundRobinProxy(backends);
    const url = `http://127.0.0.1:${proxy.port}/graphql`;

    const system = createContext({ orm: a.orm, caller: 'system', log });
    const keyFor = async (bin: string, role: ApiKeyRole) => {
      const org = await system.em.findOneOrFail(Organization, { bin });
      const issued = await a.app.services.apiKeys.issue(createContext({ orm: a.orm, caller: 'system', log }), { organizationId: org.id, role, label: 'bench' });
      if (!issued.ok) throw new Error(JSON.stringify(issued.violations));
      return issued.value.secret;
    };
    /** One GraphQL request through the proxy on a new connection; resolves with the data and the backend that served it. */
    const gql = (key: string, query: string, variables: Record<string, unknown> = {}) =>
      new Promise<{ data: any; backend: number }>((resolve, reject) => {
        const body = JSON.stringify({ query, variables });
        const connection = proxy!.routed.length;
        const req = http.request(
          url,
          {
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => {
              const parsed = JSON.parse(text) as { data?: any; errors?: unknown };
              if (parsed.errors) reject(new Error(JSON.stringify(parsed.errors)));
              else resolve({ data: parsed.data, backend: proxy!.routed[connection]! });
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // A seeded placement with a mentor: re-assigning that mentor is a change that can be repeated.
    const employer = '010340000011';
    const writer = await keyFor(employer, ApiKeyRole.WRITER);
    const reader = await keyFor(employer, ApiKeyRole.READER);
    const list = (await gql(writer, '{ placements(first: 50) { edges { node { id status mentor { id } } } } }')).data;
    const target = (list.placements.edges as { node: { id: string; status: string; mentor: { id: string } | null } }[])
      .map((e) => e.node)
      .find((n) => n.mentor && !['COMPLETED', 'CANCELLED'].includes(n.status));
    if (!target) throw new Error('no seeded placement with a mentor at the steel plant');

    const sent = new Map<number, { at: number; backend: number }>();
    const delays = { cross: [] as number[], same: [] as number[] };
    let ready = 0;
    const arrivals = new Map<number, number>();
    let round = 0;
    let resolveRound: (() => void) | undefined;
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const connection = proxy.routed.length;
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${reader}` },
        retryAttempts: 0,
        lazy: false,
      });
      clients.push(client);
      // One socket at a time, so this subscriber's backend is the one the proxy routed this connection to.
      await new Promise<void>((resolve) => client.on('connected', () => resolve()));
      const backend = proxy.routed[connection]!;
      client.subscribe<{ placementChanged: { action: string } }>(
        { query: `subscription { placementChanged(filter: { placementId: "${target.id}" }) { action } }` },
        {
          next: () => {
            const at = performance.now();
            const r = round;
            const change = sent.get(r);
            if (change === undefined) {
              ready++;
              return;
            }
            (change.backend === backend ? delays.same : delays.cross).push(at - change.at);
            const n = (arrivals.get(r) ?? 0) + 1;
            arrivals.set(r, n);
            if (n === SUBSCRIBERS) resolveRound?.();
          },
          error: (e) => console.error('subscription error', e),
          complete: () => undefined,
        },
      );
    }
    const ASSIGN = 'mutation($input: AssignPlacementMentorInput!) { assignPlacementMentor(input: $input) { userErrors { code } } }';
    const input = { placementId: target.id, mentorId: target.mentor!.id, reason: 'bench' };
    // Warm-up: change until every subscriber (on either process) has received one.
    while (ready < SUBSCRIBERS) {
      await gql(writer, ASSIGN, { input });
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 500));
    const loadBefore = fs.readFileSync('/proc/loadavg', 'utf8').trim();
    for (round = 1; round <= CHANGES; round++) {
      const done = new Promise<void>((resolve) => (resolveRound = resolve));
      // Nothing else opens connections now: this mutation's connection goes to the proxy's next backend.
      sent.set(round, { at: performance.now(), backend: proxy.nextBackend() });
      const { backend } = await gql(writer, ASSIGN, { input });
      if (backend !== sent.get(round)!.backend) throw new Error('the mutation went to another backend than expected');
      await done;
    }
    const load = fs.readFileSync('/proc/loadavg', 'utf8').trim();
    const line = (name: string, values: number[]) => {
      const sorted = [...values].sort((x, y) => x - y);
      if (sorted.length === 0) return `  ${name}: no pushes`;
      return `  ${name} (${sorted.length} pushes): p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
    };
    console.log(
      `bench:cluster — 2 API processes (A in this script, B a child process) on one PostgreSQL behind a round-robin TCP proxy; ${SUBSCRIBERS} subscribers (alternating between the processes)`,
    );
    console.log(`  ${CHANGES} placement changes (assignPlacementMentor through the proxy, a new connection each: writes alternate too)`);
    console.log('  mutation sent → subscriber push:');
    console.log(line('across processes (writer ≠ subscriber process)', delays.cross));
    console.log(line('within one process', delays.same));
    console.log(line('all', [...delays.cross, ...delays.same]));
    console.log(`  load average before: ${loadBefore}; after: ${load}  (cores: ${os.cpus().length})`);
  } finally {
    for (const c of clients) await c.dispose();
    proxy?.close();
    b.kill('SIGTERM');
    await new Promise((r) => (b.exitCode !== null ? r(undefined) : b.once('exit', r)));
    await a.close();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
