import { Entity, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Person } from '../organizations/person.entity';
import { visiblePersonIds } from '../organizations/person.scope';

/**
 * A passed simulator session as readiness received it from the lab. Kept so a policy that needs
 * several exercises (ALL_OF) can be completed by passes made on different days, and so a record
 * can name every session it rests on. One row per session.
 */
@Entity()
@Index({ properties: ['student', 'exerciseId', 'passedAt'] })
@Filter(scopeRule((caller, em) => ({ student: { $in: visiblePersonIds(em, caller) } })))
export class ReadinessPass extends BaseEntity {
  @Property()
  @Unique()
  sessionId!: string;

  @ManyToOne('Person')
  student!: Rel<Person>;

  @Property({ length: 100 })
  exerciseId!: string;

  @Property()
  exerciseVersion!: number;

  @Property({ type: 'smallint' })
  score!: number;

  @Property()
  stationId!: string;

  @Property({ nullable: true })
  startedBy?: string;

  @Property({ type: 'timestamptz' })
  passedAt!: Date;
}
