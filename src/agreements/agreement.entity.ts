import { Collection, Entity, Enum, Filter, Index, ManyToOne, OneToMany, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { partiesScope } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';
import type { Person } from '../organizations/person.entity';
import type { AgreementSignature } from './agreement-signature.entity';

/** The two kinds of agreement the methodology names. */
export enum AgreementKind {
  /** Network-interaction contract between an HEI and an enterprise. */
  NETWORK_INTERACTION = 'NETWORK_INTERACTION',
  /** Tripartite agreement HEI–enterprise–student. */
  TRIPARTITE = 'TRIPARTITE',
}

/** Lifecycle: DRAFT → PARTIALLY_SIGNED → ACTIVE (signed by every party) → TERMINATED. */
export enum AgreementStatus {
  DRAFT = 'DRAFT',
  PARTIALLY_SIGNED = 'PARTIALLY_SIGNED',
  ACTIVE = 'ACTIVE',
  TERMINATED = 'TERMINATED',
}

/** A party that signs an agreement. */
export enum AgreementParty {
  HEI = 'HEI',
  EMPLOYER = 'EMPLOYER',
  STUDENT = 'STUDENT',
}

/**
 * An agreement between an HEI and an enterprise (and, if tripartite, a student) under which
 * placements happen. Visible to its parties and to the regional bodies of their regions.
 */
@Entity()
@Filter(partiesScope())
export class Agreement extends BaseEntity {
  /** Registration number, the natural key, e.g. `INEU-PMZ-2025/01`. */
  @Property({ length: 60 })
  @Unique()
  number!: string;

  @Enum({ items: () => AgreementKind, nativeEnumName: 'agreement_kind' })
  kind!: AgreementKind;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  /** The student, for a tripartite agreement only. */
  @ManyToOne('Person', { nullable: true })
  @Index()
  student?: Rel<Person>;

  /** First day of validity (YYYY-MM-DD). */
  @Property({ type: 'date' })
  validFrom!: string;

  /** Last day of validity, inclusive (YYYY-MM-DD). */
  @Property({ type: 'date' })
  validTo!: string;

  /** Remuneration of the student during practice, whole units of `remunerationCurrency` per month. */
  @Property({ type: 'integer' })
  remunerationAmount!: number;

  @Property({ length: 3 })
  remunerationCurrency: string & Opt = 'KZT';

  @Enum({ items: () => AgreementStatus, nativeEnumName: 'agreement_status' })
  status: AgreementStatus & Opt = AgreementStatus.DRAFT;

  @Property({ type: 'timestamptz', nullable: true })
  terminatedAt?: Date;

  @Property({ type: 'text', nullable: true })
  terminationReason?: string;

  @OneToMany('AgreementSignature', 'agreement')
  signatures = new Collection<AgreementSignature>(this);

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
