import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Localized } from '../shared/localized';

/**
 * A qualification / group of educational programmes from the national classifier (e.g.
 * `B063` "Electrical engineering and automation"), with the OKED section of the industry that
 * mainly employs it. A public catalogue seeded from `fixtures/qualifications.yaml`; demand,
 * orders and control figures name qualifications by `code`.
 */
@Entity()
export class Qualification extends BaseEntity {
  @Property({ length: 20 })
  @Unique()
  code!: string;

  @Property({ type: 'jsonb' })
  name!: Localized;

  /** OKED section code of the industry the qualification belongs to, e.g. `C`. */
  @Property({ length: 2 })
  @Index()
  industry!: string;
}
