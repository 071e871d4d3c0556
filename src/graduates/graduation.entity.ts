import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { visibilityFilter } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { Program } from '../programs';
import { EmploymentStatus } from './graduates.rules';
import { GRADUATION_VISIBILITY } from './graduates.scope';

/**
 * A student's graduation from a programme of an HEI. Never deleted (a trigger refuses it): the
 * HEI follows the graduate's employment for three years from `graduatedOn`.
 */
@Entity()
@Unique({ properties: ['student', 'program'] })
@Index({ properties: ['hei', 'graduatedOn'] })
@Filter(visibilityFilter(GRADUATION_VISIBILITY))
export class Graduation extends BaseEntity {
  @ManyToOne('Person')
  @Index()
  student!: Rel<Person>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  @Index()
  region!: string;

  @ManyToOne('Program')
  @Index()
  program!: Rel<Program>;

  /** Day of graduation (YYYY-MM-DD). */
  @Property({ type: 'date' })
  graduatedOn!: string;

  /** Qualification awarded, as on the diploma. */
  @Property({ type: 'text' })
  qualification!: string;

  /** Number of the certificate of competence, if one was issued. */
  @Property({ type: 'text', nullable: true })
  competenceCertificate?: string;
}

/**
 * One employment check of a graduate, recorded by the HEI. The HEI, region and programme are
 * copied from the graduation so the scope filter and the indicators need no join.
 */
@Entity()
@Index({ properties: ['graduation', 'checkedOn'] })
@Filter(visibilityFilter(GRADUATION_VISIBILITY))
export class EmploymentCheck extends BaseEntity {
  @ManyToOne('Graduation')
  graduation!: Rel<Graduation>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Program')
  program!: Rel<Program>;

  /** Day of the check (YYYY-MM-DD). */
  @Property({ type: 'date' })
  checkedOn!: string;

  @Enum({ items: () => EmploymentStatus, nativeEnumName: 'employment_status' })
  status!: EmploymentStatus;

  /** The employer, when it is an organisation of DualHub. */
  @ManyToOne('Organization', { nullable: true })
  employer?: Rel<Organization>;

  /** The employer's name as reported (any employer). */
  @Property({ type: 'text', nullable: true })
  employerName?: string;

  /** Whether the graduate works for an employer that hosted one of their placements. */
  @Property({ default: false })
  atTrainingEmployer: boolean = false;

  @Property({ type: 'text', nullable: true })
  position?: string;

  /** Region of the workplace (may differ from the HEI's). */
  @Property({ type: 'text', nullable: true })
  workRegion?: string;
}
