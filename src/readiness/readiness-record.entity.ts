import { BeforeDelete, BeforeUpdate, Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { type RowVisibility, visibilityFilter } from '../db/scope';
import type { HazardCategory } from '../hazards/hazard-category.entity';
import type { Person } from '../organizations/person.entity';
import { visiblePersonIdsQuery } from '../organizations/person.scope';
import type { ReadinessPolicy } from './readiness-policy.entity';

/** How a readiness record came to be. */
export enum ReadinessKind {
  /** Earned by passing simulator exercise(s); recorded by the lab, no person typed it. */
  SIMULATOR = 'SIMULATOR',
  /** Renewed by a refresher exercise before it expired. */
  REFRESHER = 'REFRESHER',
  /** Training on real equipment outside the lab, recorded by an instructor with evidence. */
  MANUAL = 'MANUAL',
  /** Ends the student's readiness in the category (reason and who); a later pass restores it. */
  REVOCATION = 'REVOCATION',
}

/** What an instructor attached to a manual record. */
export interface ReadinessEvidence {
  /** What was done, where, on which equipment. */
  description: string;
  /** Where the document lives (scan of the briefing log, protocol…). */
  uri?: string;
  /** Hex SHA-256 of the document, so it can be checked later. */
  sha256?: string;
}

/** Who sees a readiness record: whoever may see its student (the entity's filter, and the SQL of its export). */
export const READINESS_RECORD_VISIBILITY: RowVisibility = (caller, knex) => ({ property: 'student', in: visiblePersonIdsQuery(knex, caller) });

/**
 * A fact about a student's readiness in one hazard category. Append-only: a row is never updated
 * or deleted (the ORM hooks below refuse it). A newer record for the same student and category
 * supersedes the older ones: the latest record earned at or before a moment decides whether the
 * category is covered at that moment. Visible to whoever may see the student.
 *
 * The index (student, category, earned_at desc, created_at desc, id desc) makes "latest record at a
 * moment" one index scan; of records earned at the same moment, the one recorded later supersedes.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({
  name: 'readiness_record_default_order',
  expression: `create index "readiness_record_default_order" on "readiness_record" ("student_id", "earned_at" desc, "id")`,
})
// "The record in force": the latest earned, and of records earned at the same moment the one
// recorded last (then the greater id, so every reader picks the same one). See latestRecordAt. It
// carries what the coverage rule reads (kind, valid_until): a clearance is an index-only scan.
@Index({
  name: 'readiness_record_in_force',
  expression:
    'create index "readiness_record_in_force" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc, "created_at" desc, "id" desc) include ("kind", "valid_until")',
})
@Filter(visibilityFilter(READINESS_RECORD_VISIBILITY))
export class ReadinessRecord extends BaseEntity {
  @ManyToOne('Person')
  student!: Rel<Person>;

  @ManyToOne('HazardCategory')
  hazardCategory!: Rel<HazardCategory>;

  @Enum({ items: () => ReadinessKind, nativeEnumName: 'readiness_kind' })
  kind!: ReadinessKind;

  /** The policy version it was earned under (its basis); null for a revocation. */
  @ManyToOne('ReadinessPolicy', { nullable: true })
  policy?: Rel<ReadinessPolicy>;

  /** Training sessions that earned it (ids of the lab's sessions), oldest first. */
  @Property({ type: 'jsonb' })
  sessionIds: string[] & Opt = [];

  /** The exercise whose pass completed it, e.g. `robot.safe-cell-entry`. */
  @Property({ length: 100, nullable: true })
  exerciseId?: string;

  @Property({ nullable: true })
  exerciseVersion?: number;

  /** Score of that pass (0–100). */
  @Property({ type: 'smallint', nullable: true })
  score?: number;

  /** Lab station the pass was made on. */
  @Property({ nullable: true })
  stationId?: string;

  /** Who ran it: the instructor's person id (manual), or the id of the key that started the session. */
  @Property({ nullable: true })
  instructorId?: string;

  /** For MANUAL: what the instructor attached. */
  @Property({ type: 'jsonb', nullable: true })
  evidence?: ReadinessEvidence;

  /** When it was earned (the pass, the training day, or the revocation). */
  @Property({ type: 'timestamptz' })
  earnedAt!: Date;

  /** End of validity (exclusive); null for a revocation. */
  @Property({ type: 'timestamptz', nullable: true })
  validUntil?: Date;

  /** For REVOCATION: why. */
  @Property({ type: 'text', nullable: true })
  reason?: string;

  /** `lab` for automatic records, the id of the API key that recorded it, or `person:<id>` for a signed-in person. */
  @Property()
  recordedBy!: string;

  /** The signed-in person who recorded it; null when a key, the lab or the system did. */
  @Property({ type: 'uuid', nullable: true })
  recordedByPersonId?: string;

  @BeforeUpdate()
  @BeforeDelete()
  protected appendOnly(): never {
    throw new Error('readiness records are append-only: record a newer one instead');
  }
}
