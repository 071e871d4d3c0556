/**
 * Pure rules of webhooks: the Standard Webhooks signature, which URLs may be subscribed, which
 * addresses may be connected to, and when an endpoint is disabled.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

/** A new endpoint secret, `whsec_` + base64 of 24 random bytes (Standard Webhooks). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The Standard Webhooks signature header value: `v1,` + base64 HMAC-SHA256, keyed by the
 * base64-decoded part of the secret after `whsec_`, over `${id}.${timestamp}.${body}`.
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
}

/** Where deliveries may go: the config's exceptions to "public HTTPS only". */
export interface TargetPolicy {
  /** Host names or IPs that may be subscribed over plain http (dev/tests: `127.0.0.1`); default none. */
  readonly httpHosts: readonly string[];
  /** CIDRs of private/loopback addresses that may be connected to anyway (tests: `127.0.0.0/8`); default none. */
  readonly allowedPrivateCidrs: readonly string[];
}

/** Why a URL may not be subscribed, or undefined when it may. */
export function urlRefusal(raw: string, policy: TargetPolicy): 'INVALID_URL' | 'HTTPS_REQUIRED' | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'INVALID_URL';
  }
  if (url.username || url.password || url.hash) return 'INVALID_URL';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && policy.httpHosts.includes(url.hostname.replace(/^\[|\]$/g, ''))) return undefined;
  return url.protocol === 'http:' ? 'HTTPS_REQUIRED' : 'INVALID_URL';
}

const PRIVATE_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
];
const PRIVATE_V6 = ['::/127', 'fc00::/7', 'fe80::/10', 'ff00::/8', '64:ff9b::/96'];

function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(address!, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return list;
}

const PRIVATE = blockList([...PRIVATE_V4, ...PRIVATE_V6]);

/**
 * Whether a resolved address is private, loopback, link-local, multicast or reserved and not
 * allowed by the policy. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) are judged as IPv4.
 */
export function addressRefused(address: string, allowed: readonly string[]): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (!PRIVATE.check(ip, family)) return false;
  return !blockList(allowed).check(ip, family);
}

/** Whether `failures` consecutive failed attempts disable an endpoint (limit 0 never disables). */
export function shouldDisable(failures: number, limit: number): boolean {
  return limit > 0 && failures >= limit;
}
