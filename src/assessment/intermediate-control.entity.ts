import { DecimalType, Entity, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, organizationsOfRegion, visibilityFilter } from '../db/scope';
import type { Organization, Person } from '../organizations';
import type { Discipline, Program, ProgramModule } from '../programs';

/**
 * One intermediate-control result of a student in a discipline or a whole module of their
 * programme (methodology 000, stage 6: "intermediate quality control procedures … jointly with
 * mentors"): the score on the national 100-point scale with the letter and GPA the scale (data)
 * gave it when recorded, the day, the examiner (of the HEI) and, for a practice discipline or
 * module, the mentors who took part. Recorded by the HEI; never changed. Visible to the HEI, the
 * employer of the participating mentors, and the HEI's regional bodies.
 */
@Entity()
@Index({ properties: ['student', 'heldOn'] })
@Filter(
  visibilityFilter((caller, knex) =>
    isRegional(caller)
      ? { property: 'hei', in: organizationsOfRegion(knex, caller.region) }
      : {
          or: [
            { property: 'hei', equals: caller.organizationId },
            { property: 'employer', equals: caller.organizationId },
          ],
        },
  ),
)
export class IntermediateControlResult extends BaseEntity {
  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  /** The employer of the mentors who took part (a practice discipline or module); absent otherwise. */
  @ManyToOne('Organization', { nullable: true })
  employer?: Rel<Organization>;

  @ManyToOne('Person')
  student!: Rel<Person>;

  @ManyToOne('Program')
  program!: Rel<Program>;

  /** The discipline assessed, or absent when a whole module is. */
  @ManyToOne('Discipline', { nullable: true })
  discipline?: Rel<Discipline>;

  /** The module assessed (the discipline's module when a discipline is). */
  @ManyToOne('ProgramModule')
  module!: Rel<ProgramModule>;

  /** Score, 0–100. */
  @Property({ type: 'smallint' })
  score!: number;

  @Property({ length: 40 })
  scale!: string;

  @Property({ length: 3 })
  letter!: string;

  @Property({ type: new DecimalType('number'), precision: 3, scale: 2 })
  gpa!: number;

  @Property()
  passed!: boolean;

  /** Day of the control (YYYY-MM-DD). */
  @Property({ type: 'date' })
  heldOn!: string;

  /** The examiner, a member of the HEI. */
  @ManyToOne('Person')
  examiner!: Rel<Person>;

  /** Mentors who took part (person ids); only for a practice discipline or module. */
  @Property({ type: 'jsonb' })
  mentorIds: string[] & Opt = [];

  /** Who recorded it: an API key id, or `person:<id>`. */
  @Property()
  recordedBy!: string;
}
