import { Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Membership, Person } from '../organizations';

/**
 * A signed-in person's server-side session. The cookie carries a random token; only its SHA-256
 * is stored (unique index: the lookup is one indexed statement). Expires, can be revoked; the
 * active membership decides the organisation and role the person acts as. Only the sign-in
 * routes (a system context) read it.
 */
@Entity()
@Filter(scopeRule(() => ({ id: null })))
export class AuthSession extends BaseEntity {
  @ManyToOne('Person', { deleteRule: 'cascade' })
  @Index()
  person!: Rel<Person>;

  /** The membership the person acts through. */
  @ManyToOne('Membership', { deleteRule: 'cascade' })
  membership!: Rel<Membership>;

  /** Hex SHA-256 of the cookie's token. */
  @Property({ length: 64, hidden: true, unique: 'auth_session_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  /** User agent at sign-in, for the person's list of sessions. */
  @Property({ type: 'text', nullable: true })
  userAgent?: string;

  /**
   * A session that may only enrol a second factor (the organisation requires TOTP for the
   * membership's role and the person has none yet): no GraphQL, only `/auth/totp/*`, the viewer
   * and sign-out. Enabling TOTP lifts it.
   */
  @Property({ default: false })
  enrolmentOnly: boolean = false;

  /** How the person signed in. */
  @Property({ length: 16 })
  method!: 'password' | 'oidc';
}
