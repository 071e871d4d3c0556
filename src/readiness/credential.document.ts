import { createHash, randomBytes } from 'node:crypto';
import type { Organization, Person } from '../organizations';
import { issuerIdOf } from './signing-key.service';

/** JSON-LD contexts of every DualHub credential: VC 2.0 and Open Badges 3.0. */
export const CREDENTIAL_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

/** What one DualHub credential says; {@link openBadgePayload} puts it in the shared Open Badges 3.0 envelope. */
export interface OpenBadgeContent {
  /** The credential's UUID (also its registry row's id): `urn:uuid:<id>`, the JWT's `jti`. */
  id: string;
  /** The issuing organisation (its BIN makes the issuer's DID; its English name is shown). */
  issuer: Pick<Organization, 'bin' | 'name'>;
  /** The holder, named by `urn:uuid:<person id>` and identified by the salted SHA-256 of their e-mail only. */
  holder: Pick<Person, 'id' | 'email'>;
  /** The credential's title (`name`). */
  name: string;
  validFrom: Date;
  /** End of validity (`validUntil` and the JWT's `exp`); absent: valid until revoked. */
  validUntil?: Date;
  /** The `credentialSubject`'s own fields after id, type and identifier (`achievement`, `result`, …). */
  subject: Record<string, unknown>;
  /** Top-level fields after `credentialSubject` (e.g. `evidence`). */
  extra?: Record<string, unknown>;
}

/**
 * The JWS payload of a DualHub credential: the Open Badges 3.0 `OpenBadgeCredential` (VC 2.0
 * data model; revocation by the issuer's registry under `credentialStatus`) with the registered
 * JWT claims Open Badges 3.0 asks of a VC-JWT (iss, sub, jti, iat, nbf, and exp when it expires).
 * Sign it with `SigningKeyService.signCredential`.
 */
export function openBadgePayload(content: OpenBadgeContent): Record<string, unknown> {
  const issuerId = issuerIdOf(content.issuer);
  const subjectId = `urn:uuid:${content.holder.id}`;
  const salt = randomBytes(8).toString('hex');
  const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
  return {
    '@context': CREDENTIAL_CONTEXTS,
    id: `urn:uuid:${content.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerId, type: ['Profile'], name: content.issuer.name.en },
    validFrom: content.validFrom.toISOString(),
    ...(content.validUntil ? { validUntil: content.validUntil.toISOString() } : {}),
    name: content.name,
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      // The holder proves who they are by their e-mail: only its salted hash is in the credential.
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          salt,
          identityHash: `sha256$${createHash('sha256')
            .update(content.holder.email + salt)
            .digest('hex')}`,
        },
      ],
      ...content.subject,
    },
    ...content.extra,
    credentialStatus: { id: `urn:dualhub:credential-status:${content.id}`, type: 'DualHubRevocationRegistry' },
    iss: issuerId,
    sub: subjectId,
    jti: `urn:uuid:${content.id}`,
    iat: seconds(content.validFrom),
    nbf: seconds(content.validFrom),
    ...(content.validUntil ? { exp: seconds(content.validUntil) } : {}),
  };
}
