import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import type { WorkAssignmentReport } from './assignment-report.entity';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DATE_PATTERN } from '../agreements';
import { LocalizedTextType, LocalizedTextInput, toLocalizedText } from '../graphql/localized-text';
import type { LocalizedText } from '../shared/localized';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { PlacementStatus } from '../placements';
import { type LogbookEntry, LogbookEntryStatus, type PracticePlan, type WorkAssignment } from './logbook.entity';
import { LogbookErrorCode } from './logbook.messages';
import { RagStatus } from './logbook.rules';
import { type ProgressReview, ProgressReviewStatus } from './progress-review.entity';
import type { PracticeProgress } from './logbook.service';

registerEnumType(LogbookEntryStatus, {
  name: 'LogbookEntryStatus',
  description: 'Where a logbook entry stands with the mentor.',
  valuesConfig: {
    SUBMITTED: { description: 'Recorded or edited by the student; waiting for the mentor.' },
    SIGNED: { description: 'Signed off by the mentor; immutable (a correction is a new entry referencing it).' },
    RETURNED: { description: 'Sent back by the mentor with a comment; the student edits it.' },
  },
});
registerEnumType(RagStatus, {
  name: 'RagStatus',
  description: 'Red/amber/green status of a placement’s practice: signed hours against the hours expected by today (thresholds are data).',
  valuesConfig: {
    BEHIND: { description: 'Red: signed hours below the "behind" share of the hours expected by today.' },
    AT_RISK: { description: 'Amber: below the "at risk" share.' },
    ON_TRACK: { description: 'Green.' },
  },
});

@ObjectType('LogbookEntry', { implements: Node, description: 'One day of the practice diary of a placement, with the mentor’s sign-off.' })
export class LogbookEntryNode extends Node {
  rowId!: string;
  placementId!: string;
  studentId!: string;
  signedById!: string | null;
  correctsId!: string | null;
  competencyIds!: string[];
  assignmentIds!: string[];
  @Field({ description: 'The day worked (YYYY-MM-DD).' }) date!: string;
  @Field(() => Float, { description: 'Hours worked that day (quarter hours).' }) hours!: number;
  @Field({ description: 'What the student did.' }) activity!: string;
  @Field(() => String, { nullable: true, description: 'What the student learned.' }) learned!: string | null;
  @Field(() => LogbookEntryStatus, { description: 'Where the entry stands with the mentor.' }) status!: LogbookEntryStatus;
  @Field(() => String, { nullable: true, description: 'The mentor’s comment with the last sign-off or return.' }) mentorComment!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the mentor signed it off.' }) signedAt!: Date | null;
  @Field(() => Int, { description: 'Incremented on every change; pass it as expectedVersion when editing.' }) version!: number;
}

/** API shape of a logbook entry. */
export function toLogbookEntryNode(row: LogbookEntry): LogbookEntryNode {
  return Object.assign(new LogbookEntryNode(), {
    id: toGlobalId('LogbookEntry', row.id),
    rowId: row.id,
    placementId: row.placement.id,
    studentId: row.student.id,
    signedById: row.signedBy?.id ?? null,
    correctsId: row.corrects?.id ?? null,
    competencyIds: row.competencyIds,
    assignmentIds: row.assignmentIds,
    date: row.date,
    hours: Number(row.hours),
    activity: row.activity,
    learned: row.learned ?? null,
    status: row.status,
    mentorComment: row.mentorComment ?? null,
    signedAt: row.signedAt ?? null,
    version: row.version,
  });
}

@ObjectType('WorkAssignment', { implements: Node, description: 'A task the mentor sets for a placement; logbook entries report on it.' })
export class WorkAssignmentNode extends Node {
  rowId!: string;
  placementId!: string;
  setById!: string;
  competencyIds!: string[];
  @Field(() => LocalizedTextType, { description: 'Title in Kazakh, Russian and English.' }) title!: LocalizedText;
  @Field(() => Float, { description: 'Planned hours.' }) plannedHours!: number;
  @Field({ description: 'Due date (YYYY-MM-DD).' }) dueDate!: string;
}

/** API shape of a work assignment. */
export function toWorkAssignmentNode(row: WorkAssignment): WorkAssignmentNode {
  return Object.assign(new WorkAssignmentNode(), {
    id: toGlobalId('WorkAssignment', row.id),
    rowId: row.id,
    placementId: row.placement.id,
    setById: row.setBy.id,
    competencyIds: row.competencyIds,
    title: toLocalizedText(row.title),
    plannedHours: Number(row.plannedHours),
    dueDate: row.dueDate,
  });
}

@ObjectType('PracticePlan', { description: 'What a placement’s practice is worth in the student’s programme.' })
export class PracticePlanNode {
  programId!: string;
  @Field(() => Int, { description: 'ECTS credits of this practice; planned hours = credits × hours per credit (data, default 30).' }) practiceCredits!: number;
}

/** API shape of a practice plan. */
export function toPracticePlanNode(row: PracticePlan): PracticePlanNode {
  return Object.assign(new PracticePlanNode(), { programId: row.program.id, practiceCredits: row.practiceCredits });
}

@ObjectType('PracticeProgress', {
  description: 'The curator’s view of a placement’s practice: planned vs signed hours, competencies covered, RAG status. Computed in SQL.',
})
export class PracticeProgressNode {
  placementId!: string;
  @Field(() => Float, { nullable: true, description: 'Practice credits × hours per credit; null without a practice plan.' }) plannedHours!: number | null;
  @Field(() => Float, { nullable: true, description: 'Planned hours × the elapsed share of the placement period.' }) expectedHoursToDate!: number | null;
  @Field(() => Float, { description: 'Hours of signed entries (a signed correction replaces the entry it corrects).' }) signedHours!: number;
  @Field(() => Float, { description: 'Hours recorded but not signed yet.' }) unsignedHours!: number;
  @Field(() => Int, { description: 'Competencies of the programme served by at least one signed entry.' }) competenciesCovered!: number;
  @Field(() => Int, { description: 'Competencies of the programme (0 without a practice plan).' }) competenciesTotal!: number;
  @Field(() => Float, { nullable: true, description: 'competenciesCovered / competenciesTotal (0–1); null when the programme has none.' }) competencyShare!:
    number | null;
  @Field(() => RagStatus, { nullable: true, description: 'Red/amber/green; null without a practice plan.' }) ragStatus!: RagStatus | null;
}

/** API shape of progress figures. */
export function toPracticeProgressNode(p: PracticeProgress): PracticeProgressNode {
  return Object.assign(new PracticeProgressNode(), {
    ...p,
    competencyShare: p.competenciesTotal > 0 ? Math.round((p.competenciesCovered / p.competenciesTotal) * 1000) / 1000 : null,
  });
}

export const LogbookEntryConnection = connectionType(LogbookEntryNode, 'LogbookEntry');
export const WorkAssignmentConnection = connectionType(WorkAssignmentNode, 'WorkAssignment');
export const PracticeProgressConnection = connectionType(PracticeProgressNode, 'PracticeProgress');

export const LogbookUserError = userErrorType('LogbookUserError', LogbookErrorCode, 'Rules about practice plans, work assignments and the logbook.');

@InputType({ description: 'Narrows the practice progress list (placements you may see).' })
export class PracticeProgressFilter {
  @Field(() => [PlacementStatus], { nullable: true, description: 'Only placements in one of these statuses.' }) statuses?: PlacementStatus[];
  @Field(() => ID, { nullable: true, description: 'Only placements of this HEI (global id of an Organization).' }) heiId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements at this employer (global id of an Organization).' }) employerId?: string;
  @Field(() => ID, { nullable: true, description: 'Only placements with this mentor (global id of a Person).' }) mentorId?: string;
}

@InputType({ description: 'Sets a placement’s practice plan, by its HEI.' })
export class SetPracticePlanInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field(() => ID, { description: 'The student’s programme (global id of a Program of the placement’s HEI).' }) programId!: string;
  @Field(() => Int, { description: 'ECTS credits of this practice, 1–60.' }) practiceCredits!: number;
}

@InputType({ description: 'A work assignment for a placement, set by its mentor (employer’s key + the mentor’s person id until people sign in).' })
export class SetWorkAssignmentInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field(() => ID, { description: 'The placement’s mentor (global id of a Person).' }) mentorId!: string;
  @Field(() => LocalizedTextInput, { description: 'Title in Kazakh, Russian and English.' }) title!: LocalizedTextInput;
  @Field(() => [ID], { description: 'Competencies of the placement’s programme it trains (global ids of Competency).' })
  @ArrayMaxSize(50)
  competencyIds!: string[];
  @Field(() => Float, { description: 'Planned hours (quarter hours).' }) plannedHours!: number;
  @Field({ description: 'Due date, YYYY-MM-DD, within the placement period.' }) @Matches(DATE_PATTERN) dueDate!: string;
}

@InputType({ description: 'What a logbook entry says.' })
export class LogbookEntryContentInput {
  @Field({ description: 'The day worked, YYYY-MM-DD: within the placement period, not in the future, not a day off of a DAYS_PER_WEEK model.' })
  @Matches(DATE_PATTERN)
  date!: string;
  @Field(() => Float, { description: 'Hours (quarter hours); the day’s total at most the legal day of a student (data, default 8).' }) hours!: number;
  @Field({ description: 'What the student did.' }) @MaxLength(4000) activity!: string;
  @Field({ nullable: true, description: 'What the student learned.' }) @IsOptional() @MaxLength(4000) learned?: string;
  @Field(() => [ID], { defaultValue: [], description: 'Competencies of the placement’s programme the work served (global ids of Competency).' })
  @ArrayMaxSize(50)
  competencyIds!: string[];
  @Field(() => [ID], { defaultValue: [], description: 'Work assignments of the placement the work served (global ids of WorkAssignment).' })
  @ArrayMaxSize(50)
  assignmentIds!: string[];
}

@InputType({ description: 'A new logbook entry, by the student (HEI’s or employer’s key + the student’s person id until people sign in).' })
export class RecordLogbookEntryInput extends LogbookEntryContentInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field(() => ID, { description: 'The placement’s student (global id of a Person).' }) studentId!: string;
  @Field(() => ID, { nullable: true, description: 'A SIGNED entry of this placement that this one corrects; once signed, this replaces it in the totals.' })
  correctsId?: string;
}

@InputType({ description: 'Edits a SUBMITTED or RETURNED entry (it becomes SUBMITTED). A signed entry cannot be edited.' })
export class EditLogbookEntryInput extends LogbookEntryContentInput {
  @Field(() => ID, { description: 'Global id of the LogbookEntry.' }) entryId!: string;
  @Field(() => ID, { description: 'The placement’s student (global id of a Person).' }) studentId!: string;
  @Field(() => Int, { description: 'The version you edited; if the entry changed since (e.g. was signed), the edit is refused with CONCURRENT_CHANGE.' })
  expectedVersion!: number;
}

@InputType({ description: 'The mentor’s sign-off or return of an entry (employer’s key + the mentor’s person id until people sign in).' })
export class ReviewLogbookEntryInput {
  @Field(() => ID, { description: 'Global id of the LogbookEntry.' }) entryId!: string;
  @Field(() => ID, { description: 'The placement’s mentor (global id of a Person).' }) mentorId!: string;
  @Field({ nullable: true, description: 'Comment; required when returning.' }) @IsOptional() @MaxLength(2000) comment?: string;
}

@ObjectType({ description: 'What a logbook entry mutation returns: the entry, or the rules it would break (then nothing was written).' })
export class LogbookEntryPayload {
  @Field(() => LogbookEntryNode, { nullable: true, description: 'The entry after the change; null when there are userErrors.' })
  logbookEntry!: LogbookEntryNode | null;
  @Field(() => [LogbookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LogbookUserError>[];
}

@ObjectType({ description: 'What setWorkAssignment returns.' })
export class WorkAssignmentPayload {
  @Field(() => WorkAssignmentNode, { nullable: true, description: 'The assignment; null when there are userErrors.' })
  workAssignment!: WorkAssignmentNode | null;
  @Field(() => [LogbookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LogbookUserError>[];
}

@ObjectType({ description: 'What setPracticePlan returns.' })
export class PracticePlanPayload {
  @Field(() => PracticePlanNode, { nullable: true, description: 'The plan; null when there are userErrors.' }) practicePlan!: PracticePlanNode | null;
  @Field(() => [LogbookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LogbookUserError>[];
}

registerEnumType(ProgressReviewStatus, {
  name: 'ProgressReviewStatus',
  description: 'Where a tripartite progress review stands.',
  valuesConfig: {
    SCHEDULED: { description: 'Planned for a day.' },
    HELD: { description: 'Held and recorded; waiting for the three sign-offs.' },
    SIGNED: { description: 'Signed by the student, the mentor and the curator; immutable.' },
  },
});

/** A party of a tripartite review. */
export enum ReviewPartyKind {
  STUDENT = 'STUDENT',
  MENTOR = 'MENTOR',
  CURATOR = 'CURATOR',
}
registerEnumType(ReviewPartyKind, { name: 'ReviewParty', description: 'A party of a tripartite progress review.' });

@ObjectType('ReviewSignature', { description: 'One party’s sign-off of a progress review.' })
export class ReviewSignatureNode {
  personId!: string;
  @Field(() => ReviewPartyKind, { description: 'Which party.' }) party!: ReviewPartyKind;
  @Field({ description: 'When they signed.' }) signedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Their comment.' }) comment!: string | null;
}

@ObjectType('ProgressReview', {
  implements: Node,
  description: 'A tripartite progress review of a placement (student, mentor, curator), with weak points, actions and each party’s sign-off.',
})
export class ProgressReviewNode extends Node {
  rowId!: string;
  placementId!: string;
  @Field({ description: 'Day it is scheduled for (YYYY-MM-DD).' }) scheduledOn!: string;
  @Field(() => String, { nullable: true, description: 'Day it was held.' }) heldOn!: string | null;
  @Field(() => ProgressReviewStatus, { description: 'Where it stands.' }) status!: ProgressReviewStatus;
  @Field(() => String, { nullable: true, description: 'The weak points revealed.' }) weakPoints!: string | null;
  @Field(() => String, { nullable: true, description: 'The actions agreed.' }) actions!: string | null;
  @Field(() => [ReviewSignatureNode], { description: 'The sign-offs so far.' }) signatures!: ReviewSignatureNode[];
  @Field(() => Int, { description: 'Incremented on every change.' }) version!: number;
}

/** API shape of a progress review. */
export function toProgressReviewNode(row: ProgressReview): ProgressReviewNode {
  const signatures = (['STUDENT', 'MENTOR', 'CURATOR'] as const).flatMap((party) => {
    const key = party.toLowerCase() as 'student' | 'mentor' | 'curator';
    const at = row[`${key}SignedAt`];
    return at
      ? [
          Object.assign(new ReviewSignatureNode(), {
            party: ReviewPartyKind[party],
            personId: row[`${key}SignedBy`]!.id,
            signedAt: at,
            comment: row[`${key}Comment`] ?? null,
          }),
        ]
      : [];
  });
  return Object.assign(new ProgressReviewNode(), {
    id: toGlobalId('ProgressReview', row.id),
    rowId: row.id,
    placementId: row.placement.id,
    scheduledOn: row.scheduledOn,
    heldOn: row.heldOn ?? null,
    status: row.status,
    weakPoints: row.weakPoints ?? null,
    actions: row.actions ?? null,
    signatures,
    version: row.version,
  });
}

export const ProgressReviewConnection = connectionType(ProgressReviewNode, 'ProgressReview');

@InputType({ description: 'Schedules a progress review, by the placement’s HEI or employer.' })
export class ScheduleProgressReviewInput {
  @Field(() => ID, { description: 'Global id of the Placement.' }) placementId!: string;
  @Field({ description: 'YYYY-MM-DD, within the placement period.' }) @Matches(DATE_PATTERN) scheduledOn!: string;
}

@InputType({ description: 'Records a review as held; refused once anyone has signed.' })
export class RecordProgressReviewInput {
  @Field(() => ID, { description: 'Global id of the ProgressReview.' }) reviewId!: string;
  @Field({ description: 'Day held, YYYY-MM-DD; within the period, not in the future.' }) @Matches(DATE_PATTERN) heldOn!: string;
  @Field({ description: 'The weak points revealed.' }) @MaxLength(4000) weakPoints!: string;
  @Field({ description: 'The actions agreed.' }) @MaxLength(4000) actions!: string;
}

@InputType({
  description:
    'One party signs a held review (until people sign in: the student with the HEI’s or employer’s key, the mentor with the employer’s, the curator with the HEI’s, each naming the person).',
})
export class SignProgressReviewInput {
  @Field(() => ID, { description: 'Global id of the ProgressReview.' }) reviewId!: string;
  @Field(() => ReviewPartyKind, { description: 'Which party signs.' }) party!: ReviewPartyKind;
  @Field(() => ID, { description: 'The placement’s student, mentor or curator (global id of a Person).' }) personId!: string;
  @Field({ nullable: true, description: 'Their comment.' }) @IsOptional() @MaxLength(2000) comment?: string;
}

@ObjectType({ description: 'What a progress review mutation returns.' })
export class ProgressReviewPayload {
  @Field(() => ProgressReviewNode, { nullable: true, description: 'The review after the change; null when there are userErrors.' })
  progressReview!: ProgressReviewNode | null;
  @Field(() => [LogbookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LogbookUserError>[];
}

@ObjectType('WorkAssignmentReport', { description: 'The student’s report on a work assignment.' })
export class WorkAssignmentReportNode {
  @Field(() => ID, { description: 'Global id.' }) id!: string;
  @Field({ description: 'What was done.' }) report!: string;
  @Field(() => Float, { description: 'Hours spent on it.' }) hoursSpent!: number;
  @Field({ description: 'Whether the student reports the task done.' }) completed!: boolean;
  @Field({ description: 'When it was reported.' }) reportedAt!: Date;
}

/** API shape of a report. */
export function toWorkAssignmentReportNode(row: WorkAssignmentReport): WorkAssignmentReportNode {
  return Object.assign(new WorkAssignmentReportNode(), {
    id: toGlobalId('WorkAssignmentReport', row.id),
    report: row.report,
    hoursSpent: Number(row.hoursSpent),
    completed: row.completed,
    reportedAt: row.createdAt,
  });
}

@InputType({ description: 'The student reports on a work assignment.' })
export class ReportOnWorkAssignmentInput {
  @Field(() => ID, { description: 'Global id of the WorkAssignment.' }) assignmentId!: string;
  @Field(() => ID, { description: 'The placement’s student (global id of a Person); a signed-in student reports as themselves.' }) studentId!: string;
  @Field({ description: 'What was done.' }) @MaxLength(4000) report!: string;
  @Field(() => Float, { description: 'Hours spent (quarter hours).' }) hoursSpent!: number;
  @Field({ description: 'Whether the task is done.' }) completed!: boolean;
}

@ObjectType({ description: 'What reportOnWorkAssignment returns.' })
export class WorkAssignmentReportPayload {
  @Field(() => WorkAssignmentReportNode, { nullable: true, description: 'The report; null when there are userErrors.' })
  report!: WorkAssignmentReportNode | null;
  @Field(() => [LogbookUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LogbookUserError>[];
}
