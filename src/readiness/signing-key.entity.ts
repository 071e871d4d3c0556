import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Organization } from '../organizations/organization.entity';

/** Whether a key still signs. Retired keys keep verifying what they signed. */
export enum SigningKeyStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}

/**
 * An issuing organisation's Ed25519 key for credentials. The private key never leaves the
 * service (hidden from serialisation, no API field) and is stored sealed (`privateKeySealed`,
 * envelope encryption under the key-encryption key, bound to the key's `kid`); the public key is
 * published as a JWK. At most one ACTIVE key per organisation; rotation retires it and makes a new one.
 */
@Entity()
@Index({
  name: 'signing_key_one_active',
  expression: `create unique index "signing_key_one_active" on "signing_key" ("organization_id") where "status" = 'ACTIVE'`,
})
export class SigningKey extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  /** Key id as it appears in the JWS header after `#`. */
  @Property({ length: 64 })
  @Unique()
  kid!: string;

  /** Public key as a JWK (`kty: OKP`, `crv: Ed25519`, `x`). */
  @Property({ type: 'jsonb' })
  publicJwk!: Record<string, string>;

  /**
   * PKCS#8 PEM of the private key in plaintext: only keys made before keys were sealed have one,
   * and the start-up step (`SigningKeyService.sealPlaintextKeys`) seals and clears it. Never written.
   */
  @Property({ type: 'text', hidden: true, lazy: true, nullable: true })
  privateKeyPem?: string | null;

  /** The PKCS#8 PEM of the private key sealed by the app's `SecretBox` (associated data `signing-key:<kid>`). */
  @Property({ type: 'text', hidden: true, lazy: true, nullable: true })
  privateKeySealed?: string | null;

  @Enum({ items: () => SigningKeyStatus, nativeEnumName: 'signing_key_status' })
  status: SigningKeyStatus & Opt = SigningKeyStatus.ACTIVE;
}
