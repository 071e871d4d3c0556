import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { PlacementRecord } from '../placements/placement-record.entity';
import { partiesScope } from '../db/scope';
import type { Person } from '../organizations';

/** Where a tripartite progress review stands. */
export enum ProgressReviewStatus {
  SCHEDULED = 'SCHEDULED',
  /** Held and recorded (weak points, actions); waiting for the three sign-offs. */
  HELD = 'HELD',
  /** Signed by the student, the mentor and the curator; immutable. */
  SIGNED = 'SIGNED',
}

/**
 * A tripartite progress review of a placement (student, mentor, curator): scheduled, held and
 * recorded with the weak points found and the actions agreed, then signed by each party with a
 * comment. Once anyone has signed, the record no longer changes. Visible to the placement's parties.
 */
@Entity()
@Index({ properties: ['placement', 'scheduledOn'] })
@Filter(partiesScope())
export class ProgressReview extends PlacementRecord {
  @Property({ type: 'date' })
  scheduledOn!: string;

  @Property({ type: 'date', nullable: true })
  heldOn?: string;

  @Enum({ items: () => ProgressReviewStatus, nativeEnumName: 'progress_review_status' })
  status: ProgressReviewStatus & Opt = ProgressReviewStatus.SCHEDULED;

  /** The weak points the review revealed. */
  @Property({ type: 'text', nullable: true })
  weakPoints?: string;

  /** The actions agreed. */
  @Property({ type: 'text', nullable: true })
  actions?: string;

  @ManyToOne('Person', { nullable: true })
  studentSignedBy?: Rel<Person>;
  @Property({ type: 'timestamptz', nullable: true })
  studentSignedAt?: Date;
  @Property({ type: 'text', nullable: true })
  studentComment?: string;

  @ManyToOne('Person', { nullable: true })
  mentorSignedBy?: Rel<Person>;
  @Property({ type: 'timestamptz', nullable: true })
  mentorSignedAt?: Date;
  @Property({ type: 'text', nullable: true })
  mentorComment?: string;

  @ManyToOne('Person', { nullable: true })
  curatorSignedBy?: Rel<Person>;
  @Property({ type: 'timestamptz', nullable: true })
  curatorSignedAt?: Date;
  @Property({ type: 'text', nullable: true })
  curatorComment?: string;

  @Property({ version: true, type: 'integer' })
  version!: number & Opt;
}
