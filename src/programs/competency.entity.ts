import { Entity, Enum, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { LocalizedText } from '../shared/localized';
import type { Program } from './program.entity';

/** General competencies come from the state standard, professional ones from the employers' requirements. */
export enum CompetencyKind {
  GENERAL = 'GENERAL',
  PROFESSIONAL = 'PROFESSIONAL',
}

/** A competency a graduate of the programme has. */
@Entity()
@Unique({ properties: ['program', 'code'] })
export class Competency extends BaseEntity {
  @ManyToOne('Program', { deleteRule: 'cascade' })
  program!: Rel<Program>;

  /** Code unique in the programme, e.g. `PC2`. */
  @Property({ length: 20 })
  code!: string;

  @Enum({ items: () => CompetencyKind, nativeEnumName: 'competency_kind' })
  kind!: CompetencyKind;

  @Property({ type: 'jsonb' })
  description!: LocalizedText;
}
