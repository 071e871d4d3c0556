import { Entity, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { Program } from '../programs';
import type { DualGroup } from './dual-group.entity';

/**
 * A student enrolled in a programme and dual group of an HEI (made when an application is
 * ACCEPTED). One enrolment per student and intake year. Visible to the HEI and its region's bodies.
 */
@Entity()
@Unique({ properties: ['student', 'intakeYear'] })
@Filter(scopeRule((caller) => (isRegional(caller) ? { region: caller.region } : { hei: caller.organizationId })))
export class Enrolment extends BaseEntity {
  @ManyToOne('Person')
  @Index()
  student!: Rel<Person>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Program')
  program!: Rel<Program>;

  @ManyToOne('DualGroup')
  @Index()
  group!: Rel<DualGroup>;

  @Property({ type: 'smallint' })
  intakeYear!: number;
}
