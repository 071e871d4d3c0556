/**
 * The lab network allow-list (`LAB_ALLOWED_HOSTS`): where the API's own lab runtime may connect.
 * Issue 12 item 2: without it a tenant could point a station at any host:port the API reaches
 * (SSRF from the OT-facing process). Entries are CIDRs or single addresses (IPv4/IPv6) and host
 * names; the default is loopback only, for the stand-ins.
 *
 * A name is checked by what it resolves to, every time: each address a host resolves to must lie
 * in a listed CIDR, or be an address a listed host name resolves to at that moment. So a listed
 * name is trusted as named, and an unlisted name that resolves elsewhere is refused.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Default of `LAB_ALLOWED_HOSTS`: loopback only. */
export const DEFAULT_LAB_ALLOWED_HOSTS = '127.0.0.0/8,::1/128,localhost';

/** Resolves a host name to its addresses (default: the system resolver, every address). */
export type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The allow-list of one app. */
export class LabNetwork {
  private readonly ranges = new BlockList();
  private readonly names = new Set<string>();

  /** @param list comma-separated CIDRs, addresses and host names; @param resolve the DNS lookup (tests inject one). */
  constructor(
    list: string = DEFAULT_LAB_ALLOWED_HOSTS,
    private readonly resolve: Resolve = systemResolve,
  ) {
    for (const raw of list
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean)) {
      const [address, bits] = raw.split('/');
      const family = isIP(address!);
      if (family) this.ranges.addSubnet(address!, bits ? Number(bits) : family === 4 ? 32 : 128, family === 4 ? 'ipv4' : 'ipv6');
      else this.names.add(raw);
    }
  }

  /**
   * Whether the runtime may connect to `host`: resolves it (and the listed names) now and checks
   * every address. Never throws: an unresolvable host is not allowed.
   */
  async allows(host: string): Promise<boolean> {
    const name = unbracket(host.toLowerCase());
    let addresses: string[];
    try {
      addresses = isIP(name) ? [name] : await this.resolve(name);
    } catch {
      return false;
    }
    if (addresses.length === 0) return false;
    const named = new Set<string>();
    for (const listed of this.names) {
      try {
        for (const a of await this.resolve(listed)) named.add(a);
      } catch {
        // A listed name that does not resolve allows nothing.
      }
    }
    return addresses.every((a) => named.has(a) || this.ranges.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'));
  }
}

/** The host of a station address: `host` for Modbus TCP, the host of `opc.tcp://host:port/…` for OPC UA. */
export function stationHost(address: { host?: string | null; endpointUrl?: string | null }): string | undefined {
  if (address.endpointUrl) {
    try {
      return unbracket(new URL(address.endpointUrl).hostname.toLowerCase());
    } catch {
      return undefined;
    }
  }
  return address.host?.toLowerCase() ?? undefined;
}

/** The address a station is known by across labs: `host:port` (Modbus TCP) or the endpoint's `host:port`. */
export function stationAddressKey(address: { host?: string | null; port?: number | null; endpointUrl?: string | null }): string | undefined {
  if (address.endpointUrl) {
    try {
      const url = new URL(address.endpointUrl);
      return `${unbracket(url.hostname.toLowerCase())}:${url.port || '4840'}`;
    } catch {
      return undefined;
    }
  }
  return address.host && address.port ? `${address.host.toLowerCase()}:${address.port}` : undefined;
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
