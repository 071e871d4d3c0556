import { Collection, Entity, Filter, Index, OneToMany, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { visibilityFilter, type RowVisibility } from '../db/scope';
import type { Membership } from './membership.entity';
import { visiblePersonIdsQuery } from './person.scope';

/**
 * A person DualHub knows: student, mentor, curator, lab instructor, safety officer, staff. Their
 * roles live in memberships, one per organisation they belong to.
 */
/** Who sees a person: see {@link visiblePersonIdsQuery}. */
export const personVisibility: RowVisibility = (caller, knex) => ({ property: 'id', in: visiblePersonIdsQuery(knex, caller) });

@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({ name: 'person_default_order', expression: `create index "person_default_order" on "person" ("full_name", "id")` })
@Filter(visibilityFilter(personVisibility))
export class Person extends BaseEntity {
  @Property()
  fullName!: string;

  @Property()
  @Unique()
  email!: string;

  @Property({ nullable: true })
  phone?: string;

  @OneToMany('Membership', 'person')
  memberships = new Collection<Membership>(this);
}
