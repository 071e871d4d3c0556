import { Entity, Filter, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Person } from '../organizations';

/**
 * A person's local sign-in: a password hash (scrypt, see `password.ts`) and an optional TOTP
 * secret. Never visible to a caller's scoped EntityManager: only the sign-in routes (a system
 * context) read it.
 */
@Entity()
@Filter(scopeRule(() => ({ id: null })))
export class LocalAccount extends BaseEntity {
  @OneToOne('Person', { owner: true, unique: 'local_account_person_unique', deleteRule: 'cascade' })
  person!: Rel<Person>;

  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  /** Base32 TOTP secret (RFC 6238), once the person enrolled a second factor. */
  @Property({ type: 'text', nullable: true, hidden: true })
  totpSecret?: string;
}
