import { DecimalType, Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { PlacementRecord } from '../placements/placement-record.entity';
import { partiesScope } from '../db/scope';
import type { Person } from '../organizations';
import type { WorkAssignment } from './logbook.entity';

/**
 * The student's report on a work assignment: what was done, hours spent, and whether the task is
 * complete. A task may get several reports (progress, then completion); the latest counts.
 * Never changed. Visible to the placement's parties.
 */
@Entity()
@Filter(partiesScope())
export class WorkAssignmentReport extends PlacementRecord {
  @ManyToOne('WorkAssignment')
  @Index()
  assignment!: Rel<WorkAssignment>;

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
