import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { PartiesRecord, PlacementRecord } from '../placements/placement-record.entity';
import { examScope } from './exam.scope';
import type { Organization, Person } from '../organizations';
import type { Program } from '../programs';

/**
 * A production exam of a programme on a day, drafted jointly by the HEI and the enterprise: theory
 * questions and a qualification work, whose control and measuring materials must be approved at
 * least one month before. Visible to the HEI, the enterprise, the commission members' organisations
 * and the regional bodies ({@link examScope}).
 */
@Entity()
@Filter(examScope('id'))
export class ProductionExam extends BaseEntity {
  @ManyToOne('Program')
  @Index()
  program!: Rel<Program>;

  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  /** The enterprise that co-drafted the materials. */
  @ManyToOne('Organization')
  employer!: Rel<Organization>;

  @Property({ type: 'date' })
  examDate!: string;

  /** Day the control and measuring materials were approved. */
  @Property({ type: 'date' })
  materialsApprovedOn!: string;

  /** The theory questions' topic list (text for people). */
  @Property({ type: 'text' })
  theory!: string;

  /** The qualification work set. */
  @Property({ type: 'text' })
  qualificationWork!: string;
}

/** Which side of the 50/50 commission a member sits on. */
export enum CommissionSide {
  ENTERPRISE = 'ENTERPRISE',
  THIRD_PARTY = 'THIRD_PARTY',
}

/** A member of an exam's commission. */
@Entity()
@Unique({ properties: ['exam', 'person'] })
@Filter(examScope('exam'))
export class ExamCommissionMember extends PartiesRecord {
  @ManyToOne('ProductionExam')
  exam!: Rel<ProductionExam>;

  @ManyToOne('Person')
  person!: Rel<Person>;

  /** The organisation the member represents. */
  @ManyToOne('Organization')
  organization!: Rel<Organization>;

  @Enum({ items: () => CommissionSide, nativeEnumName: 'commission_side' })
  side!: CommissionSide;
}

/** The expanded pedagogical council's decision on one student's admission to an exam. */
@Entity()
@Unique({ properties: ['exam', 'placement'] })
@Filter(examScope('exam'))
export class ExamAdmission extends PlacementRecord {
  @ManyToOne('ProductionExam')
  exam!: Rel<ProductionExam>;

  /** Day of the council meeting. */
  @Property({ type: 'date' })
  councilDate!: string;

  /** Mentors invited to the council / present at it (person ids). */
  @Property({ type: 'jsonb' })
  mentorsInvited: string[] & Opt = [];

  @Property({ type: 'jsonb' })
  mentorsPresent: string[] & Opt = [];

  @Property()
  admitted!: boolean;

  @Property({ type: 'text' })
  reason!: string;

  /** Why a student below the required signed hours is admitted anyway. */
  @Property({ type: 'text', nullable: true })
  exception?: string;

  /** Signed / required hours when the council decided. */
  @Property({ type: 'jsonb' })
  hoursAtDecision!: { signed: number; required: number | null };
}
