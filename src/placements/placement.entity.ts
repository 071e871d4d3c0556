import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import type { Agreement } from '../agreements/agreement.entity';
import { BaseEntity } from '../db/base.entity';
import { partiesScope } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';
import type { Person } from '../organizations/person.entity';
import type { Workplace } from '../workplaces/workplace.entity';

/** Lifecycle of a placement: PLANNED → CONFIRMED → ACTIVE → COMPLETED, with SUSPENDED and CANCELLED. */
export enum PlacementStatus {
  PLANNED = 'PLANNED',
  CONFIRMED = 'CONFIRMED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/** How the on-the-job time is spread: some days every week, or one continuous block. */
export enum TimeModel {
  DAYS_PER_WEEK = 'DAYS_PER_WEEK',
  BLOCK = 'BLOCK',
}

/**
 * A period of on-the-job training of a student of an HEI at a workplace of an employer, under a
 * mentor, inside an agreement. Visible to its HEI and its employer, and to the regional bodies
 * of their regions. At most one ACTIVE placement per student is also enforced by a partial
 * unique index, so two concurrent activations cannot both commit.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({ name: 'placement_default_order', expression: `create index "placement_default_order" on "placement" ("start_date" desc, "id")` })
@Index({ name: 'placement_hei_default_order', expression: `create index "placement_hei_default_order" on "placement" ("hei_id", "start_date" desc, "id")` })
@Index({
  name: 'placement_employer_default_order',
  expression: `create index "placement_employer_default_order" on "placement" ("employer_id", "start_date" desc, "id")`,
})
@Index({
  name: 'placement_one_active_per_student',
  expression: `create unique index "placement_one_active_per_student" on "placement" ("student_id") where "status" = 'ACTIVE'`,
})
@Filter(partiesScope())
export class Placement extends BaseEntity {
  /** Natural key, e.g. `PL-2026-0001`. */
  @Property({ length: 40 })
  @Unique()
  code!: string;

  @ManyToOne('Person')
  @Index()
  student!: Rel<Person>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  @ManyToOne('Workplace')
  @Index()
  workplace!: Rel<Workplace>;

  @ManyToOne('Agreement')
  @Index()
  agreement!: Rel<Agreement>;

  /** The one mentor: an employee of the host employer with the MENTOR role. Required to become ACTIVE. */
  @ManyToOne('Person', { nullable: true })
  mentor?: Rel<Person>;

  /** Curator on the HEI side. */
  @ManyToOne('Person', { nullable: true })
  curator?: Rel<Person>;

  /** First day (YYYY-MM-DD). */
  @Property({ type: 'date' })
  startDate!: string;

  /** Last day, inclusive (YYYY-MM-DD). */
  @Property({ type: 'date' })
  endDate!: string;

  @Enum({ items: () => TimeModel, nativeEnumName: 'time_model' })
  timeModel!: TimeModel;

  /** For DAYS_PER_WEEK: days at the enterprise each week, 1–5. */
  @Property({ type: 'smallint', nullable: true })
  daysPerWeek?: number;

  @Enum({ items: () => PlacementStatus, nativeEnumName: 'placement_status' })
  @Index()
  status: PlacementStatus & Opt = PlacementStatus.PLANNED;

  @Property({ type: 'timestamptz' })
  statusChangedAt: Date & Opt = new Date();

  /** Reason given with the last status change (suspension, cancellation). */
  @Property({ type: 'text', nullable: true })
  statusReason?: string;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
