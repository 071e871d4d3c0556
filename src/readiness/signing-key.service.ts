import { randomUUID } from 'node:crypto';
import { runMutation } from '../db/mutation';
import type { Organization } from '../organizations';
import type { RequestContext } from '../shared/request-context';
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

/** Per-organisation Ed25519 signing keys: made on first use, looked up by key id to verify. */
export class SigningKeyService {
  /** The organisation's ACTIVE key, made (and stored) on first use. */
  async activeKey(ctx: RequestContext, organization: Organization): Promise<SigningKey> {
    const existing = await ctx.em.findOne(SigningKey, { organization, status: SigningKeyStatus.ACTIVE }, { populate: ['privateKeyPem'] });
    if (existing) return existing;
    const { publicKey, privateKey } = await jose.generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const publicJwk = { ...(await jose.exportJWK(publicKey)), alg: SIGNING_ALG, use: 'sig' } as unknown as Record<string, string>;
    const privateKeyPem = await jose.exportPKCS8(privateKey);
    // Two first issuances at once: the partial unique index keeps one; the loser uses it.
    const created = await runMutation(
      ctx,
      async (tx) => succeed(tx.em.create(SigningKey, { organization: organization.id, kid: randomUUID(), publicJwk, privateKeyPem })),
      { unique: { signing_key_one_active: () => readinessViolation([], ReadinessErrorCode.CONCURRENT_CHANGE) } },
    );
    if (!created.ok)
      return ctx.em.findOneOrFail(
        SigningKey,
        { organization: organization.id, status: SigningKeyStatus.ACTIVE },
        { populate: ['privateKeyPem'], refresh: true },
      );
    ctx.log.info({ organizationId: organization.id, kid: created.value.kid }, 'signing key created');
    return created.value;
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

  /** Private key for signing. */
  privateKeyOf(key: SigningKey): Promise<JoseKey> {
    return jose.importPKCS8(key.privateKeyPem, SIGNING_ALG) as Promise<JoseKey>;
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

  /** A key (any status) by its id, with its organisation; unscoped (verification is public). */
  byKid(ctx: RequestContext, kid: string): Promise<SigningKey | null> {
    return ctx.em.findOne(SigningKey, { kid }, { populate: ['organization'], filters: false });
  }
}
