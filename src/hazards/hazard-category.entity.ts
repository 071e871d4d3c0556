import { Collection, Entity, ManyToMany, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { LocalizedText } from '../shared/localized';
import type { Workplace } from '../workplaces/workplace.entity';

/**
 * A kind of hazard present at a workplace (rotating machinery, an automated robot cell…). A
 * shared public catalogue: every caller sees all of it. Exercises train hazard categories and
 * readiness covers them, by `code`.
 */
@Entity()
export class HazardCategory extends BaseEntity {
  /** Stable code, e.g. `ROBOT_CELL`; exercises and readiness refer to categories by it. */
  @Property({ length: 60 })
  @Unique()
  code!: string;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;

  @Property({ type: 'jsonb' })
  description!: LocalizedText;

  /** Workplaces where the hazard is present (owned by the workplace side). */
  @ManyToMany('Workplace', 'hazardCategories')
  workplaces = new Collection<Workplace>(this);
}
