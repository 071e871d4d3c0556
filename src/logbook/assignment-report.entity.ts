import { DecimalType, Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { partiesScope } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { Placement } from '../placements';
import type { WorkAssignment } from './logbook.entity';

/**
 * The student's report on a work assignment: what was done, hours spent, and whether the task is
 * complete. A task may get several reports (progress, then completion); the latest counts.
 * Never changed. Visible to the placement's parties.
 */
@Entity()
@Filter(partiesScope())
export class WorkAssignmentReport extends BaseEntity {
  @ManyToOne('WorkAssignment')
  @Index()
  assignment!: Rel<WorkAssignment>;

  @ManyToOne('Placement')
  placement!: Rel<Placement>;

  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  @ManyToOne('Organization')
  employer!: Rel<Organization>;

  @ManyToOne('Person')
  student!: Rel<Person>;

  @Property({ type: 'text' })
  report!: string;

  @Property({ type: new DecimalType('number'), precision: 6, scale: 2 })
  hoursSpent!: number;

  /** Whether the student reports the task done. */
  @Property()
  completed!: boolean;
}
