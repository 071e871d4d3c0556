import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphql } from './graphql';

/** One request the receiver got. */
export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
  /** The status it answered with (undefined while held). */
  answered?: number;
  /** When it arrived (`Date.now()`). */
  at: number;
}

/** How the receiver answers: 200, an error status (then, with `next`, as that says), or holding the request without answering. */
export type ReceiverMode = { status: number; next?: ReceiverMode } | 'hold';

/**
 * A partner system's webhook endpoint on loopback: records every request and answers as told.
 * `down()` closes the port (connections are refused), `up()` listens on the same port again.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  mode: ReceiverMode = { status: 200 };
  private server: http.Server | undefined;
  private held: http.ServerResponse[] = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Requests answered 2xx. */
  accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => r.answered !== undefined && r.answered >= 200 && r.answered < 300);
  }

  async up(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry: ReceivedWebhook = { headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(entry);
        if (this.mode === 'hold') {
          this.held.push(res);
          return;
        }
        const { status, next } = this.mode;
        if (next) this.mode = next;
        entry.answered = status;
        res.writeHead(status).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const res of this.held.splice(0)) res.destroy();
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Waits until `condition` holds (checked every 25 ms); fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, condition: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Subscribes an endpoint (the suites that deliver to this receiver). */
export const CREATE_ENDPOINT = graphql(`
  mutation ($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
      }
      secret
      userErrors {
        code
      }
    }
  }
`);

/** Sends a delivery again (PENDING, under the same webhook-id). */
export const REPLAY_DELIVERY = graphql(`
  mutation ($input: ReplayWebhookDeliveryInput!) {
    replayWebhookDelivery(input: $input) {
      delivery {
        id
        status
      }
      userErrors {
        code
      }
    }
  }
`);
