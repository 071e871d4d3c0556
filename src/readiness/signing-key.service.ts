import { randomUUID } from 'node:crypto';
import { runMutation } from '../db/mutation';
import type { Organization } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { SecretBox } from '../shared/secret-box';
import { succeed } from '../shared/rule-violation';
import { ReadinessErrorCode, readinessViolation } from './readiness.messages';
import { jose, type JoseKey } from './jose';
import { SigningKey, SigningKeyStatus } from './signing-key.entity';

/** Media type of a JWT-secured VC (VC-JOSE-COSE). */
export const VC_JWT_TYPE = 'vc+jwt';

/** JWS algorithm of every DualHub credential: Ed25519 signatures. */
export const SIGNING_ALG = 'EdDSA';

/**
 * The issuer id of an organisation in credentials: a URN on its business identification number
 * (BIN), stable across key rotations and deployments.
 */
export function issuerIdOf(organization: Pick<Organization, 'bin'>): string {
  return `urn:dualhub:issuer:bin:${organization.bin}`;
}

/** What binds a sealed private key to its row: moved to another key's row it does not open. */
const associatedData = (kid: string) => `signing-key:${kid}`;

/** The private key's columns, loaded only where the key signs or is sealed (they are lazy). */
const PRIVATE = ['privateKeyPem', 'privateKeySealed'] as const;

/**
 * Per-organisation Ed25519 signing keys: made on first use, rotated on request, looked up by key
 * id to verify. Private keys are stored sealed by the app's {@link SecretBox} (envelope
 * encryption under the key-encryption key from `SECRET_KEY` or `DATA_DIR/secret.key`).
 */
export class SigningKeyService {
  private box?: SecretBox;

  /** Gives the service its sealing box (from configuration, at start; the CLIs give the same one). */
  useBox(box: SecretBox): void {
    this.box = box;
  }

  /** The organisation's ACTIVE key, made (and stored, sealed) on first use. */
  async activeKey(ctx: RequestContext, organization: Organization): Promise<SigningKey> {
    const existing = await ctx.em.findOne(SigningKey, { organization, status: SigningKeyStatus.ACTIVE }, { populate: PRIVATE });
    if (existing) return existing;
    const fresh = await this.newKey(organization.id);
    // Two first issuances at once: the partial unique index keeps one; the loser uses it.
    const created = await runMutation(ctx, async (tx) => succeed(tx.em.create(SigningKey, fresh)), {
      unique: { signing_key_one_active: () => readinessViolation([], ReadinessErrorCode.CONCURRENT_CHANGE) },
    });
    if (!created.ok)
      return ctx.em.findOneOrFail(SigningKey, { organization: organization.id, status: SigningKeyStatus.ACTIVE }, { populate: PRIVATE, refresh: true });
    ctx.log.info({ organizationId: organization.id, kid: created.value.kid }, 'signing key created');
    return created.value;
  }

  /**
   * Rotates the organisation's signing key: the ACTIVE key (if any) becomes RETIRED and a new one
   * ACTIVE, in one transaction. New credentials are signed with the new key; credentials signed
   * with the old one still verify (by their `kid`) until they are revoked or expire, and the
   * issuer's JWK Set publishes both. Returns the kids.
   */
  async rotate(ctx: RequestContext, organizationId: string): Promise<{ retiredKid: string | null; activeKid: string }> {
    const fresh = await this.newKey(organizationId);
    const retiredKid = await ctx.em.transactional(async (em) => {
      // The row lock orders two rotations (or a rotation and a first issuance) of one organisation.
      const [current] = (await em.execute(`select kid from signing_key where organization_id = ? and status = 'ACTIVE' for update`, [organizationId])) as {
        kid: string;
      }[];
      // Retire first, in its own statement: the partial unique index allows one ACTIVE key.
      if (current) await em.nativeUpdate(SigningKey, { kid: current.kid }, { status: SigningKeyStatus.RETIRED, updatedAt: new Date() }, { filters: false });
      em.create(SigningKey, fresh);
      await em.flush();
      return current?.kid ?? null;
    });
    ctx.log.info({ organizationId, retiredKid, activeKid: fresh.kid }, 'signing key rotated');
    return { retiredKid, activeKid: fresh.kid };
  }

  /**
   * Seals every private key still stored in plaintext (made before keys were sealed) and clears
   * its plaintext: the start-up step that completes the additive migration. Safe in several
   * processes at once (rows are taken with SKIP LOCKED). Returns how many keys it sealed.
   */
  async sealPlaintextKeys(ctx: RequestContext): Promise<number> {
    const box = this.requireBox();
    return ctx.em.transactional(async (em) => {
      const rows = (await em.execute(`select id, kid, private_key_pem from signing_key where private_key_pem is not null for update skip locked`)) as {
        id: string;
        kid: string;
        private_key_pem: string;
      }[];
      for (const row of rows) {
        const sealed = await box.seal(row.private_key_pem, associatedData(row.kid));
        await em.execute(`update signing_key set private_key_sealed = ?, private_key_pem = null where id = ?`, [sealed, row.id]);
      }
      if (rows.length > 0) ctx.log.warn({ keys: rows.length }, 'plaintext signing keys sealed');
      return rows.length;
    });
  }

  /** Private key for signing (opened from its sealed form; a key not yet sealed is read as it is). */
  async privateKeyOf(key: SigningKey): Promise<JoseKey> {
    const pem = key.privateKeySealed ? await this.requireBox().open(key.privateKeySealed, associatedData(key.kid)) : key.privateKeyPem;
    if (!pem) throw new Error(`signing key ${key.kid} has no private key loaded`);
    return jose.importPKCS8(pem, SIGNING_ALG) as Promise<JoseKey>;
  }

  /**
   * Signs a credential as a VC-JWT (compact JWS, EdDSA, typ `vc+jwt`) with the issuer's key: the
   * one signing path of every DualHub credential (readiness, clearance, competence certificate).
   * `payload` is the credential with its JWT claims; the header's `kid` names the issuer and key.
   */
  async signCredential(key: SigningKey, issuer: Pick<Organization, 'bin'>, payload: Record<string, unknown>): Promise<string> {
    return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: SIGNING_ALG, typ: VC_JWT_TYPE, cty: 'vc', kid: `${issuerIdOf(issuer)}#${key.kid}` })
      .sign(await this.privateKeyOf(key));
  }

  /** Public key for verifying. */
  publicKeyOf(key: SigningKey): Promise<JoseKey> {
    return jose.importJWK(key.publicJwk, SIGNING_ALG) as Promise<JoseKey>;
  }

  /**
   * The public keys (every status: retired keys still verify what they signed) of the issuer with
   * this BIN, as a JWK Set whose `kid`s match the JWS headers; `null` for an unknown issuer.
   */
  async jwks(ctx: RequestContext, bin: string): Promise<{ keys: Record<string, string>[] } | null> {
    const keys = await ctx.em.find(SigningKey, { organization: { bin } }, { populate: ['organization'], filters: false, orderBy: { createdAt: 'asc' } });
    if (keys.length === 0) return null;
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: `${issuerIdOf(k.organization)}#${k.kid}` })) };
  }

  /** A new key pair for the organisation, its private key sealed (the row is not yet persisted). */
  private async newKey(organizationId: string) {
    const { publicKey, privateKey } = await jose.generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const publicJwk = { ...(await jose.exportJWK(publicKey)), alg: SIGNING_ALG, use: 'sig' } as unknown as Record<string, string>;
    const kid = randomUUID();
    const privateKeySealed = await this.requireBox().seal(await jose.exportPKCS8(privateKey), associatedData(kid));
    return { organization: organizationId, kid, publicJwk, privateKeySealed };
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new Error('SigningKeyService: no secret box (startDualHub gives one from the configuration)');
    return this.box;
  }

  /** A key (any status) by its id, with its organisation; unscoped (verification is public). */
  byKid(ctx: RequestContext, kid: string): Promise<SigningKey | null> {
    return ctx.em.findOne(SigningKey, { kid }, { populate: ['organization'], filters: false });
  }
}
