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

/** PostgreSQL channel on which a revocation or deactivation names the keys to forget (NOTIFY in its transaction). */
export const API_KEYS_FORGOTTEN_CHANNEL = 'dualhub_api_keys_forgotten';

/** What a {@link API_KEYS_FORGOTTEN_CHANNEL} notification names: one key, or every key of an organisation. */
export type ForgottenKeys = { prefix: string } | { organizationId: string };

/**
 * A short-lived cache of verified API keys, by prefix: every request otherwise costs one
 * statement before any work. One per app (held by {@link ApiKeyService}). Revocation is honoured
 * at once in this process ({@link forget}, called by the revoking service), in every other API
 * process as soon as the revocation's NOTIFY arrives ({@link apply}, through the relay), and in
 * any case within {@link API_KEY_CACHE_TTL_MS} (the entry expires: a relay that is reconnecting,
 * or a write that sent no NOTIFY). Bounded: beyond `max` entries the oldest is dropped.
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

  /** Drops what a notification names (another process revoked a key or deactivated an organisation). */
  apply(forgotten: ForgottenKeys): void {
    if ('prefix' in forgotten) this.forget(forgotten.prefix);
    else this.forgetOrganization(forgotten.organizationId);
  }

  /** Forgets everything (the relay listened again after a lost connection and may have missed notifications). */
  clear(): void {
    this.entries.clear();
  }
}
