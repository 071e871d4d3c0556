import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import { type Organization, PersonRole } from '../organizations';

/**
 * An invitation to join an organisation with a role: a one-time link token (only its SHA-256 is
 * stored), expiring, used once when the person sets a password. Visible to the organisation (and
 * the coordinator of its region).
 */
@Entity()
@Filter(scopeRule((caller) => (isRegional(caller) ? { organization: { region: caller.region } } : { organization: caller.organizationId })))
export class Invitation extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  /** Lower-cased e-mail address the invitation is for. */
  @Property()
  @Index()
  email!: string;

  @Property()
  fullName!: string;

  @Enum({ items: () => PersonRole, nativeEnumName: 'person_role' })
  role!: PersonRole;

  /** Hex SHA-256 of the link token. */
  @Property({ length: 64, hidden: true, unique: 'invitation_token_hash_unique' })
  tokenHash!: string;

  @Property({ type: 'timestamptz' })
  expiresAt!: Date;

  /** When it was used; a used invitation cannot be used again. */
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date;

  /** Who invited: a key id, `person:<id>`, or `cli`. */
  @Property()
  invitedBy!: string;
}
