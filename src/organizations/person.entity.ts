import { Collection, Entity, Filter, OneToMany, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Membership } from './membership.entity';
import { visiblePersonIds } from './person.scope';

/**
 * A person DualHub knows: student, mentor, curator, lab instructor, safety officer, staff. Their
 * roles live in memberships, one per organisation they belong to.
 */
@Entity()
@Filter(scopeRule((caller, em) => ({ id: { $in: visiblePersonIds(em, caller) } })))
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
