import { Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';
import type { Person } from '../organizations/person.entity';
import { visiblePersonIds } from '../organizations/person.scope';
import type { Workplace } from '../workplaces/workplace.entity';
import type { SigningKey } from './signing-key.entity';

/** One hazard category a credential attests, and the readiness record it rests on. */
export interface CredentialCategory {
  code: string;
  recordId: string;
  earnedAt: string;
  validUntil: string;
}

/**
 * A readiness/clearance credential that was issued: the registry entry behind its id, which
 * holds the revocation status the verifier checks. The signed token is kept so the holder can
 * download it again. Visible to its issuer and to whoever may see the student.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({
  name: 'readiness_credential_default_order',
  expression: `create index "readiness_credential_default_order" on "readiness_credential" ("created_at" desc, "id")`,
})
@Filter(scopeRule((caller, em) => ({ $or: [{ issuer: caller.organizationId }, { student: { $in: visiblePersonIds(em, caller) } }] })))
export class ReadinessCredential extends BaseEntity {
  @ManyToOne('Person')
  @Index()
  student!: Rel<Person>;

  @ManyToOne('Organization')
  issuer!: Rel<Organization>;

  @ManyToOne('SigningKey')
  signingKey!: Rel<SigningKey>;

  /** Set for a clearance credential (every hazard category of this workplace covered). */
  @ManyToOne('Workplace', { nullable: true })
  workplace?: Rel<Workplace>;

  @Property({ type: 'jsonb' })
  categories!: CredentialCategory[];

  @Property({ type: 'timestamptz' })
  validFrom!: Date;

  @Property({ type: 'timestamptz' })
  validUntil!: Date;

  /** The compact JWS (VC-JWT). */
  @Property({ type: 'text' })
  jwt!: string;

  /** `issuedBy`: id of the API key that asked for it. */
  @Property()
  issuedBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  @Property({ type: 'text', nullable: true })
  revokedReason?: string;

  @Property({ nullable: true })
  revokedBy?: string;
}
