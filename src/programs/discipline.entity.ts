import { Entity, Enum, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Organization } from '../organizations';
import type { LocalizedText } from '../shared/localized';
import type { ProgramModule } from './program-module.entity';
import type { Program } from './program.entity';

/** Cycle of a discipline in the curriculum (methodology 000_…, stage 5). */
export enum DisciplineCycle {
  GED = 'GED',
  BD = 'BD',
  CD = 'CD',
  PP = 'PP',
  E = 'E',
  C = 'C',
}

/**
 * A discipline (or practice, exam) of a programme, inside one module. `program` repeats the
 * module's programme so credit totals are one indexed GROUP BY.
 */
@Entity()
@Unique({ properties: ['program', 'code'] })
export class Discipline extends BaseEntity {
  @ManyToOne('Program', { deleteRule: 'cascade' })
  @Index()
  program!: Rel<Program>;

  @ManyToOne('ProgramModule', { deleteRule: 'cascade' })
  @Index()
  module!: Rel<ProgramModule>;

  /** Code unique in the programme, e.g. `PLC 3401`. */
  @Property({ length: 20 })
  code!: string;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;

  @Enum({ items: () => DisciplineCycle, nativeEnumName: 'discipline_cycle' })
  cycle!: DisciplineCycle;

  /** ECTS credits, a whole number from 1 to 60. */
  @Property({ type: 'smallint' })
  credits!: number;

  /** Semester it is taught in (1–8), if planned. */
  @Property({ type: 'smallint', nullable: true })
  semester?: number;

  /** The employer this discipline is adapted to; absent for the HEI's own content. */
  @ManyToOne('Organization', { nullable: true })
  @Index()
  adaptedBy?: Rel<Organization>;
}
