/**
 * One HTTP attempt to an endpoint, connecting only to addresses the target policy allows: the
 * address check runs in the socket's own DNS lookup, so a host that resolves to a public address
 * at subscribe time and a private one later (DNS rebinding) is still refused.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefused } from './webhook.rules';

/** The outcome of one attempt. */
export interface AttemptResult {
  /** HTTP status, when the endpoint answered. */
  status?: number;
  /** Why it failed without an answer (connection refused, timeout, refused address). */
  error?: string;
}

/** Thrown by the lookup when every address of the host is refused. */
export class RefusedAddressError extends Error {
  readonly code = 'WEBHOOK_PRIVATE_ADDRESS';
}

/** A DNS lookup that fails for addresses outside the policy. */
export function guardedLookup(allowedPrivateCidrs: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const usable = (addresses as dns.LookupAddress[]).filter((a) => !addressRefused(a.address, allowedPrivateCidrs));
      if (usable.length === 0) return callback(new RefusedAddressError(`${hostname} resolves only to refused addresses`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** Resolves a host and tells whether it may be connected to (the subscribe-time check). */
export async function hostAllowed(hostname: string, allowedPrivateCidrs: readonly string[]): Promise<boolean> {
  const addresses = await dns.promises.lookup(hostname.replace(/^\[|\]$/g, ''), { all: true }).catch(() => []);
  // An unresolvable host is not refused here: it may exist later; the dispatcher checks every attempt.
  return addresses.every((a) => !addressRefused(a.address, allowedPrivateCidrs));
}

/** POSTs `body` with `headers`; never throws. Reads at most 64 KiB of the answer. */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowedPrivateCidrs: readonly string[] },
): Promise<AttemptResult> {
  const target = new URL(url);
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  // Sockets skip the lookup for an IP literal, so the literal is checked here.
  if (isIP(literal) && addressRefused(literal, options.allowedPrivateCidrs)) {
    return Promise.resolve({ error: `${literal} is a refused address` });
  }
  return new Promise((resolve) => {
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'DualHub-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
        lookup: guardedLookup(options.allowedPrivateCidrs),
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 65536) response.destroy();
        });
        response.on('end', () => resolve({ status: response.statusCode }));
        response.on('error', () => resolve({ status: response.statusCode }));
        response.on('close', () => resolve({ status: response.statusCode }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ error: error.message }));
    request.end(body);
  });
}
