import { Entity, Enum, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { LocalizedText } from '../shared/localized';
import type { Competency } from './competency.entity';

/** The Dublin descriptors a learning outcome is stated against. */
export enum DublinDescriptor {
  KNOWLEDGE_AND_UNDERSTANDING = 'KNOWLEDGE_AND_UNDERSTANDING',
  APPLYING_KNOWLEDGE = 'APPLYING_KNOWLEDGE',
  MAKING_JUDGEMENTS = 'MAKING_JUDGEMENTS',
  COMMUNICATION = 'COMMUNICATION',
  LEARNING_SKILLS = 'LEARNING_SKILLS',
}

/** A learning outcome: a measurable part of a competency, stated against one Dublin descriptor. */
@Entity()
@Unique({ properties: ['competency', 'code'] })
export class LearningOutcome extends BaseEntity {
  @ManyToOne('Competency', { deleteRule: 'cascade' })
  competency!: Rel<Competency>;

  /** Code unique in the competency, e.g. `LO2.1`. */
  @Property({ length: 20 })
  code!: string;

  @Enum({ items: () => DublinDescriptor, nativeEnumName: 'dublin_descriptor' })
  descriptor!: DublinDescriptor;

  @Property({ type: 'jsonb' })
  description!: LocalizedText;
}
