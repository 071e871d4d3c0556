import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { Program } from '../programs';
import { InstructionLanguage } from './enrolment.rules';

export { InstructionLanguage };

/**
 * A dual-training group an HEI forms for a programme and intake year, with its curator and its
 * selection criteria (number of places, minimum test score). Visible to its HEI and to the
 * regional bodies of the HEI's region.
 */
@Entity()
@Unique({ properties: ['hei', 'code'] })
@Filter(scopeRule((caller) => (isRegional(caller) ? { region: caller.region } : { hei: caller.organizationId })))
export class DualGroup extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Program')
  program!: Rel<Program>;

  /** The HEI's group code, e.g. `AU-27D`. */
  @Property({ length: 40 })
  code!: string;

  @Property({ type: 'smallint' })
  intakeYear!: number;

  @Enum({ items: () => InstructionLanguage, nativeEnumName: 'instruction_language' })
  language!: InstructionLanguage;

  @ManyToOne('Person', { nullable: true })
  curator?: Rel<Person>;

  /** Places in the group: accepting beyond them is refused. */
  @Property({ type: 'integer' })
  places!: number;

  /** Minimum test score to be accepted; null when none. */
  @Property({ type: 'integer', nullable: true })
  minScore?: number;
}
