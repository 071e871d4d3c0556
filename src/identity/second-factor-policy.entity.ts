import { Entity, Filter, OneToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization, PersonRole } from '../organizations';

/**
 * Which membership roles of an organisation must sign in with a second factor (TOTP), set by its
 * ADMIN. A person acting in such a role without TOTP enrolled gets only an enrolment session.
 * Visible to the organisation (and the coordinator of its region).
 */
@Entity()
@Filter(scopeRule((caller) => (isRegional(caller) ? { organization: { region: caller.region } } : { organization: caller.organizationId })))
export class SecondFactorPolicy extends BaseEntity {
  @OneToOne('Organization', { owner: true, unique: 'second_factor_policy_organization_unique' })
  organization!: Rel<Organization>;

  /** Membership roles that need TOTP (e.g. SAFETY_OFFICER, LAB_INSTRUCTOR). */
  @Property({ type: 'text[]' })
  roles: PersonRole[] = [];

  /** Who set it last: a key id or `person:<id>`. */
  @Property()
  setBy!: string;
}
