import { DecimalType, Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { PlacementRecord } from '../placements/placement-record.entity';
import { partiesScope } from '../db/scope';
import type { Person } from '../organizations';
import type { Program } from '../programs';
import type { Localized } from '../shared/localized';

/** Where an entry stands with the mentor. */
export enum LogbookEntryStatus {
  /** Recorded (or edited) by the student; waiting for the mentor. */
  SUBMITTED = 'SUBMITTED',
  /** Signed off by the mentor: immutable from now on; a correction is a new entry referencing it. */
  SIGNED = 'SIGNED',
  /** Sent back by the mentor with a comment; the student edits and it is SUBMITTED again. */
  RETURNED = 'RETURNED',
}

/**
 * The norms the logbook rules and the progress figures use, as data (one row per code; `default`
 * is used): the legal day of a student, hours per ECTS credit, and the RAG thresholds as shares
 * of the hours expected by today. Seeded from `fixtures/logbook-norms.yaml`.
 */
@Entity({ tableName: 'logbook_norm' })
export class LogbookNorm extends BaseEntity {
  @Property({ length: 40 })
  @Unique()
  code!: string;

  /** Most hours a student may log on one day (default 8). */
  @Property({ type: new DecimalType('number'), precision: 4, scale: 2 })
  maxHoursPerDay!: number;

  /** Hours of one ECTS credit (default 30). */
  @Property({ type: 'smallint' })
  hoursPerCredit!: number;

  /** Below this share of the hours expected by today the placement is BEHIND (default 0.7). */
  @Property({ type: new DecimalType('number'), precision: 4, scale: 3 })
  behindBelow!: number;

  /** Below this share (and not behind) it is AT_RISK (default 0.9). */
  @Property({ type: new DecimalType('number'), precision: 4, scale: 3 })
  atRiskBelow!: number;
}

/**
 * What a placement's practice is worth in the student's programme: the programme (for its
 * competencies) and the practice credits (planned hours = credits × hours per credit). Set by
 * the placement's HEI. Visible to the placement's parties.
 */
@Entity()
@Filter(partiesScope())
@Unique({ properties: ['placement'] })
export class PracticePlan extends PlacementRecord {
  @ManyToOne('Program')
  program!: Rel<Program>;

  /** ECTS credits of this practice. */
  @Property({ type: 'smallint' })
  practiceCredits!: number;
}

/** A task the mentor sets for a placement; entries report on it. Visible to the placement's parties. */
@Entity()
@Filter(partiesScope())
@Index({ properties: ['placement'] })
export class WorkAssignment extends PlacementRecord {
  /** The mentor who set it. */
  @ManyToOne('Person')
  setBy!: Rel<Person>;

  @Property({ type: 'jsonb' })
  title!: Localized;

  /** Competencies of the student's programme the task trains (ids). */
  @Property({ type: 'jsonb' })
  competencyIds: string[] & Opt = [];

  @Property({ type: new DecimalType('number'), precision: 6, scale: 2 })
  plannedHours!: number;

  @Property({ type: 'date' })
  dueDate!: string;
}

/**
 * One day's entry of the practice diary of a placement. Visible to the placement's parties.
 * Entries are never deleted; a SIGNED one never changes (the version column makes an edit that
 * raced a sign-off fail instead of overwriting it).
 */
@Entity()
@Index({ properties: ['placement', 'date'] })
@Filter(partiesScope())
export class LogbookEntry extends PlacementRecord {
  @ManyToOne('Person')
  student!: Rel<Person>;

  /** The day worked (YYYY-MM-DD). */
  @Property({ type: 'date' })
  date!: string;

  @Property({ type: new DecimalType('number'), precision: 4, scale: 2 })
  hours!: number;

  @Property({ type: 'text' })
  activity!: string;

  /** What the student learned. */
  @Property({ type: 'text', nullable: true })
  learned?: string;

  /** Competencies of the programme the work served (ids). */
  @Property({ type: 'jsonb' })
  competencyIds: string[] & Opt = [];

  /** Work assignments of the placement the work served (ids). */
  @Property({ type: 'jsonb' })
  assignmentIds: string[] & Opt = [];

  @Enum({ items: () => LogbookEntryStatus, nativeEnumName: 'logbook_entry_status' })
  status: LogbookEntryStatus & Opt = LogbookEntryStatus.SUBMITTED;

  /** The mentor's comment with the last sign-off or return. */
  @Property({ type: 'text', nullable: true })
  mentorComment?: string;

  @ManyToOne('Person', { nullable: true })
  signedBy?: Rel<Person>;

  @Property({ type: 'timestamptz', nullable: true })
  signedAt?: Date;

  /** The signed entry this one corrects; once this is signed, it replaces that one in the totals. */
  @ManyToOne('LogbookEntry', { nullable: true })
  @Index()
  corrects?: Rel<LogbookEntry>;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
