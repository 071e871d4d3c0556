import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { visibilityFilter } from '../db/scope';
import type { Organization } from './organization.entity';
import type { Person } from './person.entity';
import { visiblePersonIdsQuery } from './person.scope';

/** What a person is in an organisation. */
export enum PersonRole {
  STUDENT = 'STUDENT',
  MENTOR = 'MENTOR',
  CURATOR = 'CURATOR',
  LAB_INSTRUCTOR = 'LAB_INSTRUCTOR',
  SAFETY_OFFICER = 'SAFETY_OFFICER',
  STAFF = 'STAFF',
}

/** A person's role in one organisation (a student of an HEI, a mentor at an employer…). */
@Entity()
@Unique({ properties: ['person', 'organization', 'role'] })
@Filter(visibilityFilter((caller, knex) => ({ property: 'person', in: visiblePersonIdsQuery(knex, caller) })))
export class Membership extends BaseEntity {
  @ManyToOne('Person', { deleteRule: 'cascade' })
  person!: Rel<Person>;

  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  @Enum({ items: () => PersonRole, nativeEnumName: 'person_role' })
  role!: PersonRole;

  /** Job title or group, free text (e.g. "Senior electrician", "group AU-21"). */
  @Property({ nullable: true })
  position?: string;

  @Property({ type: 'date', nullable: true })
  since?: string;
}
