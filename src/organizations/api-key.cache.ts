import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../shared/request-context';

/** How long a verified key is trusted without asking the database again, in ms; default 1000. */
export const API_KEY_CACHE_TTL_MS = 1000;

interface Entry {
  /** SHA-256 of the whole key, as stored: the cache never trusts a key it did not verify. */
  hash: Buffer;
  caller: Caller;
  /** `Date.now()` after which the entry is stale. */
  until: number;
}

/**
 * A short-lived cache of verified API keys, by prefix: every request otherwise costs one
 * statement before any work. Revocation is honoured at once in this process ({@link forget},
 * called by the revoking service) and within {@link API_KEY_CACHE_TTL_MS} in any other process
 * (the entry expires), so "revoked keys stop working within a second" holds across processes
 * without a relay. Bounded: beyond `max` entries the oldest is dropped.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = API_KEY_CACHE_TTL_MS,
    private readonly max = 10_000,
  ) {}

  /** The caller of a key verified less than the TTL ago whose hash matches; undefined otherwise. */
  get(prefix: string, hash: Buffer, now = Date.now()): Caller | undefined {
    const entry = this.entries.get(prefix);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(prefix);
      return undefined;
    }
    return entry.hash.length === hash.length && timingSafeEqual(entry.hash, hash) ? entry.caller : undefined;
  }

  /** Remembers a key just verified against the database. */
  set(prefix: string, hash: Buffer, caller: Caller, now = Date.now()): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(prefix, { hash, caller, until: now + this.ttlMs });
  }

  /** Drops every key of an organisation (it was deactivated): their next requests ask the database. */
  forgetOrganization(organizationId: string): void {
    for (const [prefix, entry] of this.entries) if (entry.caller.organizationId === organizationId) this.entries.delete(prefix);
  }

  /** Drops a key (it was revoked): the next request asks the database. */
  forget(prefix: string): void {
    this.entries.delete(prefix);
  }
}

/** The process's cache, shared by the HTTP and WebSocket paths through {@link ApiKeyService.authenticate}. */
export const apiKeyCache = new ApiKeyCache();
