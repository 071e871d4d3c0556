import { createHash, hash as digestOnce, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import type { OrganizationKind } from '../shared/organization-kind';
import { NotFoundError, UnauthenticatedError } from '../shared/errors';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { callerOf, mayAdminister, requireRole } from '../shared/permissions';
import { actorOf, type Caller, type RequestContext } from '../shared/request-context';
import { ApiKey, ApiKeyRole } from './api-key.entity';
import { Organization } from './organization.entity';
import { API_KEYS_FORGOTTEN_CHANNEL, ApiKeyCache, type ForgottenKeys } from './api-key.cache';
import { ApiKeyErrorCode, apiKeyViolation } from './organization.messages';
import { inactiveAmong, ORGANIZATION_INACTIVE } from './organization.active';

/** A live key's row, as authentication reads it. */
interface AuthRow {
  id: string;
  secret_hash: string;
  role: ApiKeyRole;
  last_used_at: Date | string | null;
  organization_id: string;
  kind: OrganizationKind;
  region: string;
  active: boolean;
}

const KEY_PATTERN = /^dh_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** {@link hashKey} as bytes, in one call (no Hash object, no hex round trip): every request checks its key with it. */
function hashKeyBytes(key: string): Buffer {
  return digestOnce('sha256', key, 'buffer');
}

/** A newly issued key: the record, and the secret shown once and never stored. */
export interface IssuedKey {
  apiKey: ApiKey;
  secret: string;
}

/**
 * Issues, revokes and checks API keys. A key is `dh_<prefix>_<secret>`: the prefix finds the
 * row, the SHA-256 of the whole key must match in constant time.
 */
/**
 * NOTIFYs every API process (their relays) which keys to forget, in the transaction of `em`
 * when there is one: sent on commit, never for a rolled-back revocation.
 */
export async function announceForgotten(em: EntityManager, forgotten: ForgottenKeys): Promise<void> {
  await em.execute('select pg_notify(?, ?)', [API_KEYS_FORGOTTEN_CHANNEL, JSON.stringify(forgotten)]);
}

export class ApiKeyService {
  /** @param cache this app's cache of verified keys; the HTTP and socket paths share it through {@link authenticate}. */
  constructor(readonly cache = new ApiKeyCache()) {}

  /**
   * Issues a key for an organisation. An ADMIN key issues keys for its own organisation; the
   * coordinator's ADMIN keys also for every organisation of its region.
   */
  async issue(ctx: RequestContext, input: { organizationId: string; role: ApiKeyRole; label: string }): Promise<Outcome<IssuedKey, ApiKeyErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    const label = input.label.trim();
    if (!label) {
      return refuse(apiKeyViolation(['input', 'label'], ApiKeyErrorCode.LABEL_REQUIRED));
    }
    const organization = await ctx.em.findOne(Organization, { id: input.organizationId });
    if (!organization) {
      return refuse(apiKeyViolation(['input', 'organizationId'], ApiKeyErrorCode.ORGANIZATION_NOT_FOUND));
    }
    const caller = callerOf(ctx);
    if (!mayAdminister(ctx, organization)) {
      return refuse(apiKeyViolation(['input', 'organizationId'], ApiKeyErrorCode.NOT_YOUR_ORGANIZATION));
    }
    if ((await inactiveAmong(ctx.em, [organization.id])).size > 0) {
      return refuse(apiKeyViolation(['input', 'organizationId'], ApiKeyErrorCode.ORGANIZATION_INACTIVE));
    }
    const prefix = randomBytes(6).toString('hex');
    const secret = `dh_${prefix}_${randomBytes(32).toString('base64url')}`;
    const apiKey = ctx.em.create(ApiKey, {
      organization,
      role: input.role,
      prefix,
      secretHash: hashKey(secret),
      label,
      issuedBy: caller ? actorOf(caller) : 'system',
    });
    await ctx.em.flush();
    ctx.log.info({ keyId: apiKey.id, organizationId: organization.id, role: input.role }, 'api key issued');
    return succeed({ apiKey, secret });
  }

  /** A page of the keys the caller may manage, newest first (needs an ADMIN key). */
  list<N>(ctx: RequestContext, page: PageRequest, toNode: (key: ApiKey) => N): Promise<Page<N>> {
    requireRole(ctx, ['ADMIN']);
    return paginate(ctx.em, ApiKey, {}, page, { createdAt: 'desc' }, toNode);
  }

  /** Revokes a key; it stops working on the next request (other API processes: when the NOTIFY arrives, within a second at most, see {@link ApiKeyCache}). */
  async revoke(ctx: RequestContext, keyId: string): Promise<Outcome<ApiKey, ApiKeyErrorCode>> {
    requireRole(ctx, ['ADMIN']);
    const apiKey = await ctx.em.findOne(ApiKey, { id: keyId }, { populate: ['organization'] });
    const caller = callerOf(ctx);
    if (!apiKey || !mayAdminister(ctx, apiKey.organization)) throw new NotFoundError('API key');
    if (apiKey.revokedAt) {
      return refuse(apiKeyViolation(['input', 'apiKeyId'], ApiKeyErrorCode.ALREADY_REVOKED));
    }
    apiKey.revokedAt = ctx.clock.now();
    apiKey.revokedBy = caller ? actorOf(caller) : 'system';
    await ctx.em.flush();
    await announceForgotten(ctx.em, { prefix: apiKey.prefix });
    this.cache.forget(apiKey.prefix);
    ctx.log.info({ keyId: apiKey.id }, 'api key revoked');
    return succeed(apiKey);
  }

  /**
   * The caller behind a bearer token, or `undefined` for anything that is not a live key; a live
   * key of a deactivated organisation throws UNAUTHENTICATED with reason ORGANIZATION_INACTIVE.
   * Runs unscoped (there is no caller yet) on the EntityManager it is given. A key verified less
   * than a second ago is answered from {@link ApiKeyCache} without a statement.
   */
  async authenticate(em: EntityManager, token: string, now: Date): Promise<Caller | undefined> {
    const match = KEY_PATTERN.exec(token);
    if (!match) return undefined;
    const hash = hashKeyBytes(token);
    const cached = this.cache.get(match[1], hash);
    if (cached) return cached;
    // Every request passes here: one plain statement instead of an ORM query with hydration
    // (it was a fifth of the CPU of a trivial request).
    const row = (await em.getConnection().execute(
      `select k.id, k.secret_hash, k.role, k.last_used_at, o.id as organization_id, o.kind, o.region, o.active
         from api_key k join organization o on o.id = k.organization_id
        where k.prefix = ? and k.revoked_at is null`,
      [match[1]],
      'get',
    )) as AuthRow | undefined;
    if (!row) return undefined;
    const expected = Buffer.from(row.secret_hash, 'hex');
    if (!timingSafeEqual(expected, hash)) return undefined;
    // Told apart only to the key's holder (the hash matched): its organisation was deactivated.
    if (!row.active) throw new UnauthenticatedError('The organisation of this API key has been deactivated', ORGANIZATION_INACTIVE);
    // A cheap write, at most once a minute per key, so "last used" stays useful without a write per request.
    if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
      await em.getConnection().execute('update api_key set last_used_at = ? where id = ?', [now, row.id]);
    }
    const caller: Caller = {
      keyId: row.id,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      region: row.region,
      role: row.role,
    };
    this.cache.set(match[1], hash, caller);
    return caller;
  }
}
