import { Entity, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { LocalizedText } from '../shared/localized';
import type { Program } from './program.entity';

/** A module of a programme: a logically complete group of disciplines and practices. */
@Entity()
@Unique({ properties: ['program', 'code'] })
export class ProgramModule extends BaseEntity {
  @ManyToOne('Program', { deleteRule: 'cascade' })
  program!: Rel<Program>;

  /** Code unique in the programme, e.g. `M04`. */
  @Property({ length: 20 })
  code!: string;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;
}
