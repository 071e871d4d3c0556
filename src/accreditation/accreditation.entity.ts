import { Collection, Entity, Enum, Filter, Index, ManyToOne, OneToMany, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, type RowVisibility, visibilityFilter } from '../db/scope';
import type { Organization } from '../organizations';
import type { Program } from '../programs';
import { AccreditationKind, AccreditationOutcome } from './accreditation.rules';

/** An HEI's request to an agency to accredit a programme, its agency, and the region's bodies. */
const accreditationVisibility: RowVisibility = (caller) =>
  isRegional(caller)
    ? { property: 'region', equals: caller.region }
    : {
        or: [
          { property: 'hei', equals: caller.organizationId },
          { property: 'agency', equals: caller.organizationId },
        ],
      };

/**
 * An HEI asks an accreditation agency to accredit one of its programmes. While the request is
 * not withdrawn, the agency may read the programme's outcomes (graduates, checks, surveys) and
 * indicators: the HEI's request is what grants that access.
 */
@Entity()
@Index({ properties: ['agency', 'program'] })
@Filter(visibilityFilter(accreditationVisibility))
export class AccreditationRequest extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Organization')
  agency!: Rel<Organization>;

  @ManyToOne('Program')
  program!: Rel<Program>;

  @Enum({ items: () => AccreditationKind, nativeEnumName: 'accreditation_kind' })
  kind!: AccreditationKind;

  /** When the HEI withdrew the request (and with it the agency's access); null while open. */
  @Property({ type: 'timestamptz', nullable: true })
  withdrawnAt?: Date;
}

/** An agency's accreditation decision on a programme, taken on an HEI's request. */
@Entity()
@Filter(visibilityFilter(accreditationVisibility))
export class AccreditationDecision extends BaseEntity {
  @ManyToOne('AccreditationRequest')
  @Index()
  request!: Rel<AccreditationRequest>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Organization')
  @Index()
  agency!: Rel<Organization>;

  @ManyToOne('Program')
  program!: Rel<Program>;

  @Enum({ items: () => AccreditationKind, nativeEnumName: 'accreditation_kind' })
  kind!: AccreditationKind;

  /** The standard used, e.g. `IQAA ESG-based criteria 2024`, `ACQUIN`. */
  @Property({ type: 'text' })
  standard!: string;

  @Enum({ items: () => AccreditationOutcome, nativeEnumName: 'accreditation_outcome' })
  outcome!: AccreditationOutcome;

  @Property({ type: 'date' })
  decidedOn!: string;

  @Property({ type: 'date', nullable: true })
  validFrom?: string;

  @Property({ type: 'date', nullable: true })
  @Index()
  validUntil?: string;

  @OneToMany('AccreditationCondition', 'decision')
  conditions = new Collection<AccreditationCondition>(this);
}

/** A condition of an accreditation, with its due date and its fulfilment. */
@Entity()
@Filter(visibilityFilter(accreditationVisibility))
export class AccreditationCondition extends BaseEntity {
  @ManyToOne('AccreditationDecision')
  decision!: Rel<AccreditationDecision>;

  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  @ManyToOne('Organization')
  agency!: Rel<Organization>;

  @Property()
  region!: string;

  @Property({ type: 'text' })
  text!: string;

  @Property({ type: 'date' })
  @Index()
  dueDate!: string;

  /** Day the agency recorded it fulfilled; null while open. */
  @Property({ type: 'date', nullable: true })
  fulfilledOn?: string;

  @Property({ type: 'text', nullable: true })
  evidence?: string;
}
