import { Collection, Entity, Filter, Index, ManyToOne, OneToMany, PrimaryKey, PrimaryKeyProp, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { visibilityFilter } from '../db/scope';
import type { Organization } from '../organizations';
import type { Program } from '../programs';
import type { LocalizedText } from '../shared/localized';
import { SURVEY_VISIBILITY } from './graduates.scope';

/** A competence area employers score graduates in (data: `fixtures/competence-areas.yaml`). */
@Entity()
export class CompetenceArea {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ length: 40 })
  code!: string;

  @Property({ type: 'jsonb' })
  name!: LocalizedText;

  @Property({ type: 'smallint', default: 0 })
  position: number = 0;
}

/**
 * An employer's satisfaction with the graduates of a programme it hosted, for one year: a score
 * (1–5) per competence area and free text. One per employer, programme and year.
 */
@Entity()
@Unique({ properties: ['employer', 'program', 'year'] })
@Filter(visibilityFilter(SURVEY_VISIBILITY))
export class SatisfactionSurvey extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @Property()
  region!: string;

  @ManyToOne('Program')
  program!: Rel<Program>;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'text', nullable: true })
  comment?: string;

  @OneToMany('SurveyScore', 'survey', { orphanRemoval: true })
  scores = new Collection<SurveyScore>(this);
}

/** One area's score in a survey. */
@Entity()
@Unique({ properties: ['survey', 'area'] })
export class SurveyScore extends BaseEntity {
  @ManyToOne('SatisfactionSurvey')
  @Index()
  survey!: Rel<SatisfactionSurvey>;

  @ManyToOne('CompetenceArea')
  area!: Rel<CompetenceArea>;

  @Property({ type: 'smallint' })
  score!: number;
}
