import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Localized } from '../shared/localized';

/**
 * A section of the economic-activity classifier (OKED, after NACE: `C` manufacturing, `D`
 * energy…). A public catalogue seeded from `fixtures/industry-sections.yaml`; employers and
 * industry councils name their branch by `code`.
 */
@Entity()
export class IndustrySection extends BaseEntity {
  /** Section letter, e.g. `C`. */
  @Property({ length: 2 })
  @Unique()
  code!: string;

  @Property({ type: 'jsonb' })
  name!: Localized;
}
