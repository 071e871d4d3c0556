import { IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DATE_PATTERN } from '../agreements';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { type Placement, PlacementStatus, TimeModel } from './placement.entity';
import { PlacementErrorCode } from './placement.service';

registerEnumType(PlacementStatus, {
  name: 'PlacementStatus',
  description: 'Lifecycle of a placement.',
  valuesConfig: {
    PLANNED: { description: 'Agreed in principle; details may still change.' },
    CONFIRMED: { description: 'Confirmed by the parties; ready to start.' },
    ACTIVE: { description: 'The student is at the enterprise, under a mentor.' },
    SUSPENDED: { description: 'Paused (illness, an incident…); resumes to ACTIVE.' },
    COMPLETED: { description: 'Finished.' },
    CANCELLED: { description: 'Called off.' },
  },
});
registerEnumType(TimeModel, {
  name: 'TimeModel',
  description: 'How on-the-job time is spread.',
  valuesConfig: {
    DAYS_PER_WEEK: { description: 'Some days every week at the enterprise (see daysPerWeek).' },
    BLOCK: { description: 'One continuous block at the enterprise.' },
  },
});

@ObjectType('Placement', {
  implements: Node,
  description: 'A period of on-the-job training of a student at a workplace of an employer, under a mentor, inside an agreement.',
})
export class PlacementNode extends Node {
  rowId!: string;
  studentId!: string;
  heiId!: string;
  employerId!: string;
  workplaceId!: string;
  agreementId!: string;
  mentorId!: string | null;
  curatorId!: string | null;
  @Field({ description: 'Natural key, e.g. PL-2026-0001.' }) code!: string;
  @Field(() => PlacementStatus, { description: 'Current lifecycle status.' }) status!: PlacementStatus;
  @Field({ description: 'When the status last changed.' }) statusChangedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Reason given with the last status change.' }) statusReason!: string | null;
  @Field({ description: 'First day (YYYY-MM-DD).' }) startDate!: string;
  @Field({ description: 'Last day, inclusive (YYYY-MM-DD).' }) endDate!: string;
  @Field(() => TimeModel, { description: 'How the on-the-job time is spread: some days every week or one continuous block.' }) timeModel!: TimeModel;
  @Field(() => Int, { nullable: true, description: 'For DAYS_PER_WEEK: days at the enterprise each week.' }) daysPerWeek!: number | null;
  @Field(() => Int, { description: 'Incremented on every change.' }) version!: number;
}

/** API shape of a placement. */
export function toPlacementNode(row: Placement): PlacementNode {
  return Object.assign(new PlacementNode(), {
    id: toGlobalId('Placement', row.id),
    rowId: row.id,
    studentId: row.student.id,
    heiId: row.hei.id,
    employerId: row.employer.id,
    workplaceId: row.workplace.id,
    agreementId: row.agreement.id,
    mentorId: row.mentor?.id ?? null,
    curatorId: row.curator?.id ?? null,
    code: row.code,
    status: row.status,
    statusChangedAt: row.statusChangedAt,
    statusReason: row.statusReason ?? null,
    startDate: row.startDate,
    endDate: row.endDate,
    timeModel: row.timeModel,
    daysPerWeek: row.daysPerWeek ?? null,
    version: row.version,
  });
}

export const PlacementConnection = connectionType(PlacementNode, 'Placement');

export const PlacementUserError = userErrorType('PlacementUserError', PlacementErrorCode, 'Rules about placements.');

@InputType({ description: 'Narrows the placements list.' })
export class PlacementFilter {
  @Field(() => [PlacementStatus], { nullable: true, description: 'Only placements in one of these statuses.' }) statuses?: PlacementStatus[];
  @Field(() => ID, { nullable: true, description: 'Only placements of this student (global id of a Person).' }) studentId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements of this HEI (global id of an Organization).' }) heiId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements at this employer (global id of an Organization).' }) employerId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements at this workplace (global id of a Workplace).' }) workplaceId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements under this agreement (global id of an Agreement).' }) agreementId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements with this mentor (global id of a Person).' }) mentorId?: string;
}

@InputType({ description: 'A new placement (status PLANNED), by its HEI or its employer.' })
export class CreatePlacementInput {
  @Field({ nullable: true, description: 'Natural key; generated when absent.' }) @IsOptional() @MaxLength(40) code?: string;
  @Field(() => ID, { description: 'The student: global id of a Person who is a STUDENT of the HEI.' }) studentId!: string;
  @Field(() => ID, { description: 'The HEI: global id of an Organization of kind HEI.' }) heiId!: string;
  @Field(() => ID, { description: 'The host employer: global id of an Organization of kind EMPLOYER.' }) employerId!: string;
  @Field(() => ID, { description: 'Global id of a Workplace of the host employer.' }) workplaceId!: string;
  @Field(() => ID, { description: 'Global id of the Agreement between the HEI and the employer that covers the period.' }) agreementId!: string;
  @Field(() => ID, { nullable: true, description: 'The mentor; may be assigned later, but is required to start.' }) mentorId?: string;
  @Field(() => ID, { nullable: true, description: 'The HEI curator (global id of a Person with the CURATOR role); may be assigned later.' }) curatorId?: string;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(DATE_PATTERN) startDate!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive' }) @Matches(DATE_PATTERN) endDate!: string;
  @Field(() => TimeModel, { description: 'How the on-the-job time is spread; DAYS_PER_WEEK requires daysPerWeek, BLOCK forbids it.' }) timeModel!: TimeModel;
  @Field(() => Int, { nullable: true, description: '1–5, for DAYS_PER_WEEK only.' }) @IsOptional() @Min(0) @Max(7) daysPerWeek?: number;
}

@InputType({ description: 'A status change of a placement.' })
export class PlacementTransitionInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field({ nullable: true, description: 'Why; required to suspend or cancel. Kept in the history.' }) @IsOptional() @MaxLength(1000) reason?: string;
}

@InputType({ description: 'Assigns a person to a placement.' })
export class AssignPlacementMentorInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field(() => ID, { description: 'An employee of the host employer with the MENTOR role.' }) mentorId!: string;
  @Field({ nullable: true, description: 'Why; kept in the history.' }) @IsOptional() @MaxLength(1000) reason?: string;
}

@InputType({ description: 'Assigns the HEI curator of a placement.' })
export class AssignPlacementCuratorInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field(() => ID, { description: 'A CURATOR of the placement’s HEI.' }) curatorId!: string;
  @Field({ nullable: true, description: 'Why; kept in the history.' }) @IsOptional() @MaxLength(1000) reason?: string;
}

@ObjectType({
  description: 'What a placement mutation returns: the placement when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class PlacementPayload {
  @Field(() => PlacementNode, { nullable: true, description: 'The placement after the change; null when there are userErrors.' })
  placement!: PlacementNode | null;
  @Field(() => [PlacementUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof PlacementUserError
  >[];
}

@InputType({ description: 'Which placement changes to receive; every field narrows, none means all you may see.' })
export class PlacementChangedFilter {
  @Field(() => ID, { nullable: true, description: 'Only changes of this placement (global id of a Placement).' }) placementId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements of this student (global id of a Person).' }) studentId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements of this HEI (global id of an Organization).' }) heiId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements at this employer (global id of an Organization).' }) employerId?: string;
  @Field(() => [PlacementStatus], { nullable: true, description: 'Only changes into one of these statuses.' }) statuses?: PlacementStatus[];
}

@ObjectType('PlacementChange', { description: 'A committed change of a placement, pushed to subscribers.' })
export class PlacementChangeNode {
  @Field(() => Float, {
    nullable: true,
    description:
      'Position of this change in the placement change log, increasing in commit order across every API process. Keep the last one you received and pass it as `afterSeq` when you subscribe again: you get what you missed, once, then live changes.',
  })
  seq!: number | null;
  @Field({ description: 'What changed: CREATED, STATUS_CHANGED, MENTOR_ASSIGNED or CURATOR_ASSIGNED.' }) action!: string;
  @Field(() => PlacementStatus, { nullable: true, description: 'Status before the change; null when the placement was created.' })
  fromStatus!: PlacementStatus | null;
  @Field(() => PlacementStatus, { description: 'Status after the change.' }) toStatus!: PlacementStatus;
  @Field({ description: 'When the change was committed.' }) at!: Date;
  @Field(() => PlacementNode, { description: 'The placement as it is now.' }) placement!: PlacementNode;
}
