import { Entity, Filter, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';

/**
 * A secret an organisation registered for its stations (today: an OPC UA password), stored
 * sealed (envelope encryption, `src/shared/secret-box.ts`) and bound to its organisation and
 * name. Write-only through the API: the value is never returned. Seen only by its own
 * organisation (LAB_AGENT keys see none: agents keep passwords on their own machine).
 */
@Entity()
@Unique({ name: 'station_secret_organization_name_unique', properties: ['organization', 'name'] })
@Filter(scopeRule((caller) => ({ organization: caller.organizationId })))
export class StationSecret extends BaseEntity {
  @ManyToOne('Organization')
  organization!: Rel<Organization>;

  /** The name stations refer to (`passwordSecret`). */
  @Property({ length: 100 })
  name!: string;

  /** The sealed value (`v1.<kek>.…`); never the plaintext. */
  @Property({ type: 'text', lazy: true })
  sealed!: string;
}
