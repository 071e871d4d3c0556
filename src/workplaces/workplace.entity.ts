import { Collection, Entity, Filter, Index, ManyToMany, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, organizationsOfRegion, visibilityFilter, type RowVisibility } from '../db/scope';
import type { HazardCategory } from '../hazards/hazard-category.entity';
import type { Organization } from '../organizations/organization.entity';
import type { LocalizedText } from '../shared/localized';
import { extraVisibleWorkplaceIds } from './workplace.scope';

/**
 * A place of work at an employer where students train (a rolling-mill line, a robotic welding
 * cell), with the hazard categories present there. Visible to its employer, to the regional
 * bodies of the employer's region, and to whoever other contexts add (HEIs with an agreement
 * with the employer or a placement there).
 */
/** Who sees a workplace: its employer, the regional bodies of the employer's region, and the extra rules of other contexts. */
export const workplaceVisibility: RowVisibility = (caller, knex) => {
  const own = isRegional(caller)
    ? { property: 'employer', in: organizationsOfRegion(knex, caller.region) }
    : { property: 'employer', equals: caller.organizationId };
  const extras = extraVisibleWorkplaceIds(knex, caller);
  return extras.length === 0 ? own : { or: [own, ...extras.map((q) => ({ property: 'id', in: q }))] };
};

@Entity()
@Filter(visibilityFilter(workplaceVisibility))
export class Workplace extends BaseEntity {
  /** Natural key, e.g. `PMZ-ROLLING-MILL-2`; fixtures and partner systems refer to it. */
  @Property({ length: 60 })
  @Unique()
  code!: string;

  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  /** Site or shop, e.g. "Rolling mill, shop 2". */
  @Property({ type: 'jsonb' })
  site!: LocalizedText;

  @Property({ type: 'jsonb' })
  department!: LocalizedText;

  @Property({ type: 'jsonb' })
  description!: LocalizedText;

  @ManyToMany({ entity: 'HazardCategory', inversedBy: 'workplaces', pivotTable: 'workplace_hazard_category', owner: true })
  hazardCategories = new Collection<HazardCategory>(this);
}
