import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import type { LocalizedText } from '../shared/localized';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { type ConsolidatedOrder, LineDecision, type OrderLine, OrderStatus } from './consolidated-order.entity';
import type { ControlFigure } from './control-figure.entity';
import { DemandErrorCode } from './demand.messages';
import { DemandReason, DemandStatus } from './demand.rules';
import type { IndustryOrderLine } from './industry-order-line.entity';
import type { PipelineRow } from './pipeline.service';
import type { Qualification } from './qualification.entity';
import type { WorkforceDemand } from './workforce-demand.entity';

registerEnumType(DemandStatus, {
  name: 'DemandStatus',
  description: 'Status of a version of workforce demand.',
  valuesConfig: {
    DRAFT: { description: 'Being written by the employer; may change.' },
    SUBMITTED: { description: 'Submitted; immutable, counted in the pipeline and the consolidated order.' },
    WITHDRAWN: { description: 'Withdrawn by the employer; no longer counted.' },
    SUPERSEDED: { description: 'Replaced by a later submitted version (see `supersedes` of that version).' },
  },
});
registerEnumType(DemandReason, {
  name: 'DemandReason',
  description: 'Why the employer needs the specialists.',
  valuesConfig: {
    NEW_JOBS: { description: 'New jobs are being created.' },
    VACANCIES: { description: 'Existing vacancies.' },
    RETIREMENTS: { description: 'Staff retiring.' },
    REPLACING_FOREIGN_LABOUR: { description: 'Replacing foreign labour.' },
  },
});
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Status of a consolidated order: DRAFT → AGREED → APPROVED → PLACED.',
  valuesConfig: {
    DRAFT: { description: 'Formed by the coordinator; the industry councils agree their lines.' },
    AGREED: { description: 'Every line agreed by its industry council; waits for the authority.' },
    APPROVED: { description: 'Approved by the authority (approval number and date).' },
    PLACED: { description: 'Lines placed with their HEIs, which accept or decline them.' },
  },
});
registerEnumType(LineDecision, {
  name: 'OrderLineDecision',
  description: "The executing HEI's answer to an order line placed with it.",
  valuesConfig: {
    PENDING: { description: 'Not answered yet.' },
    ACCEPTED: { description: 'Accepted.' },
    DECLINED: { description: 'Declined, with a reason.' },
  },
});

export const DemandUserError = userErrorType(
  'DemandUserError',
  DemandErrorCode,
  'Rules about workforce demand, the agreed and consolidated orders and admission control figures.',
);

@ObjectType('Qualification', { description: 'A qualification / group of educational programmes from the national classifier, with its industry.' })
export class QualificationNode {
  @Field({ description: 'Classifier code, e.g. `B063`.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedText;
  @Field({ description: 'OKED section code of the industry, e.g. `C`.' }) industry!: string;
}

export function toQualificationNode(row: Qualification): QualificationNode {
  return Object.assign(new QualificationNode(), { code: row.code, name: toLocalizedText(row.name), industry: row.industry });
}

@ObjectType('YearCount', { description: 'A number of specialists for one year.' })
export class YearCount {
  @Field(() => Int, { description: 'Calendar year.' }) year!: number;
  @Field(() => Int, { description: 'Number of specialists.' }) count!: number;
}

@ObjectType('WorkforceDemand', {
  implements: Node,
  description: "One version of an employer's workforce demand for one qualification, for this year and the next five.",
})
export class WorkforceDemandNode extends Node {
  rowId!: string;
  employerId!: string;
  @Field({ description: 'Qualification code (see `qualifications`).' }) qualificationCode!: string;
  @Field({ description: 'Region of the employer.' }) region!: string;
  @Field({ description: 'OKED section of the employer.' }) industry!: string;
  @Field(() => [YearCount], { description: 'Specialists needed in each year, from the base year (when it was written) to five years on.' })
  counts!: YearCount[];
  @Field(() => DemandReason, { description: 'Why they are needed.' }) reason!: DemandReason;
  @Field({ description: 'Whether the employer offers dual-training places.' }) offersDualPlaces!: boolean;
  @Field(() => Int, { description: 'Dual-training places offered.' }) dualPlaces!: number;
  @Field(() => Int, { description: 'Mentors the employer can provide.' }) mentors!: number;
  @Field(() => DemandStatus, { description: 'DRAFT, SUBMITTED, WITHDRAWN or SUPERSEDED.' }) status!: DemandStatus;
  @Field(() => Int, { description: '1 for a first statement, +1 for each correction.' }) version!: number;
  @Field(() => ID, { nullable: true, description: 'Global id of the submitted version this one corrects; null for a first statement.' }) supersedesId?: string;
  @Field(() => Date, { nullable: true, description: 'When it was submitted; null while a draft.' }) submittedAt?: Date;
}

export function toWorkforceDemandNode(row: WorkforceDemand): WorkforceDemandNode {
  return Object.assign(new WorkforceDemandNode(), {
    id: toGlobalId('WorkforceDemand', row.id),
    rowId: row.id,
    employerId: row.employer.id,
    qualificationCode: row.qualificationCode,
    region: row.region,
    industry: row.industry,
    counts: row.counts.map((count, i) => Object.assign(new YearCount(), { year: row.baseYear + i, count })),
    reason: row.reason,
    offersDualPlaces: row.offersDualPlaces,
    dualPlaces: row.dualPlaces,
    mentors: row.mentors,
    status: row.status,
    version: row.version,
    supersedesId: row.supersedes ? toGlobalId('WorkforceDemand', row.supersedes) : undefined,
    submittedAt: row.submittedAt,
  });
}

@ObjectType('IndustryOrderLine', { implements: Node, description: "One line of an industry council's agreed order for its industry in its region." })
export class IndustryOrderLineNode extends Node {
  councilId!: string;
  @Field({ description: 'Qualification code.' }) qualificationCode!: string;
  @Field({ description: 'OKED section of the council.' }) industry!: string;
  @Field({ description: 'Region of the council.' }) region!: string;
  @Field(() => Int, { description: 'Admission year.' }) year!: number;
  @Field(() => Int, { description: 'Specialists the council agrees should be trained.' }) count!: number;
  @Field({ description: "The council's qualification requirements." }) requirements!: string;
}

export function toIndustryOrderLineNode(row: IndustryOrderLine): IndustryOrderLineNode {
  return Object.assign(new IndustryOrderLineNode(), {
    id: toGlobalId('IndustryOrderLine', row.id),
    councilId: row.council.id,
    qualificationCode: row.qualificationCode,
    industry: row.industry,
    region: row.region,
    year: row.year,
    count: row.count,
    requirements: row.requirements,
  });
}

@ObjectType('ConsolidatedOrder', {
  implements: Node,
  description: "The coordinator's consolidated order for training personnel of a region and admission year.",
})
export class ConsolidatedOrderNode extends Node {
  rowId!: string;
  coordinatorId!: string;
  @Field({ description: 'Region code.' }) region!: string;
  @Field(() => Int, { description: 'Admission year.' }) year!: number;
  @Field(() => OrderStatus, { description: 'DRAFT → AGREED → APPROVED → PLACED.' }) status!: OrderStatus;
  @Field({ nullable: true, description: "Number of the authority's approving order; null before approval." }) approvalNumber?: string;
  @Field({ nullable: true, description: 'Date of the approving order (YYYY-MM-DD); null before approval.' }) approvalDate?: string;
}

export function toConsolidatedOrderNode(row: ConsolidatedOrder): ConsolidatedOrderNode {
  return Object.assign(new ConsolidatedOrderNode(), {
    id: toGlobalId('ConsolidatedOrder', row.id),
    rowId: row.id,
    coordinatorId: row.coordinator.id,
    region: row.region,
    year: row.year,
    status: row.status,
    approvalNumber: row.approvalNumber,
    approvalDate: row.approvalDate,
  });
}

@ObjectType('OrderLine', { implements: Node, description: 'One line of a consolidated order: qualification, year, count and the executing HEI.' })
export class OrderLineNode extends Node {
  orderId!: string;
  executorId?: string;
  @Field({ description: 'Qualification code.' }) qualificationCode!: string;
  @Field({ description: 'OKED section of the qualification.' }) industry!: string;
  @Field(() => Int, { description: 'Admission year.' }) year!: number;
  @Field(() => Int, { description: 'Specialists to train.' }) count!: number;
  @Field({ nullable: true, description: 'Why the count exceeds the submitted demand, when it does.' }) justification?: string;
  @Field(() => Date, { nullable: true, description: 'When its industry council agreed the line; null until then.' }) agreedAt?: Date;
  @Field(() => LineDecision, { description: "The executing HEI's answer." }) decision!: LineDecision;
  @Field({ nullable: true, description: 'Reason given with the decision (required to decline).' }) decisionReason?: string;
}

export function toOrderLineNode(row: OrderLine): OrderLineNode {
  return Object.assign(new OrderLineNode(), {
    id: toGlobalId('OrderLine', row.id),
    orderId: row.order.id,
    executorId: row.executor?.id,
    qualificationCode: row.qualificationCode,
    industry: row.industry,
    year: row.year,
    count: row.count,
    justification: row.justification,
    agreedAt: row.agreedAt,
    decision: row.decision,
    decisionReason: row.decisionReason,
  });
}

@ObjectType('ControlFigure', { implements: Node, description: 'Admission control figures for one HEI × programme × year, set by the authority.' })
export class ControlFigureNode extends Node {
  heiId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: 'Qualification code the programme trains for.' }) qualificationCode!: string;
  @Field(() => Int, { description: 'Admission year.' }) year!: number;
  @Field(() => Int, { description: 'State-funded (budget) places.' }) budgetPlaces!: number;
  @Field(() => Int, { description: 'Of the budget places, dual-training places.' }) dualPlaces!: number;
  @Field({ nullable: true, description: "Why the places exceed the approved order's count, when they do." }) justification?: string;
}

export function toControlFigureNode(row: ControlFigure): ControlFigureNode {
  return Object.assign(new ControlFigureNode(), {
    id: toGlobalId('ControlFigure', row.id),
    heiId: row.hei.id,
    programId: toGlobalId('Program', row.program.id),
    qualificationCode: row.qualificationCode,
    year: row.year,
    budgetPlaces: row.budgetPlaces,
    dualPlaces: row.dualPlaces,
    justification: row.justification,
  });
}

@ObjectType('PipelineYear', { description: 'One year of the pipeline from demand to admission, to graduation and employment. Computed in one SQL statement.' })
export class PipelineYearNode implements PipelineRow {
  @Field(() => Int, { description: 'Admission / demand year.' }) year!: number;
  @Field(() => Int, { nullable: true, description: 'Specialists needed by SUBMITTED employer demand; null when asked per HEI.' }) demand!: number | null;
  @Field(() => Int, { nullable: true, description: "The industry councils' agreed order; null when asked per HEI." }) agreedOrder!: number | null;
  @Field(() => Int, { description: 'Lines of APPROVED or PLACED consolidated orders.' }) approvedOrder!: number;
  @Field(() => Int, { description: 'Of those, what the executing HEIs accepted.' }) acceptedOrder!: number;
  @Field(() => Int, { description: 'Admission control figures: budget places.' }) budgetPlaces!: number;
  @Field(() => Int, { description: 'Of those, dual-training places.' }) dualPlaces!: number;
  @Field(() => Int, {
    description: 'Students enrolled in dual groups of this intake year (per industry or qualification: in programmes with control figures for it that year).',
  })
  enrolled!: number;
  @Field(() => Int, { description: 'Of the enrolled, students with a placement (not cancelled) at the HEI they are enrolled at.' }) placed!: number;
  @Field(() => Int, {
    description:
      'Graduates of this year, as recorded by their HEI (per industry or qualification: of programmes with control figures for it). Graduates are followed for three years.',
  })
  graduated!: number;
  @Field(() => Int, {
    description: 'Of those graduates, the ones whose latest employment check finds them working: employed in or outside the profession, or self-employed.',
  })
  employed!: number;
}

export const WorkforceDemandConnection = connectionType(WorkforceDemandNode, 'WorkforceDemand');
export const IndustryOrderLineConnection = connectionType(IndustryOrderLineNode, 'IndustryOrderLine');
export const ConsolidatedOrderConnection = connectionType(ConsolidatedOrderNode, 'ConsolidatedOrder');
export const ControlFigureConnection = connectionType(ControlFigureNode, 'ControlFigure');

@InputType({ description: 'Narrows the workforce-demand list.' })
export class WorkforceDemandFilter {
  @Field(() => [DemandStatus], { nullable: true, description: 'Only these statuses.' }) statuses?: DemandStatus[];
  @Field(() => ID, { nullable: true, description: 'Only this employer.' }) employerId?: string;
  @Field({ nullable: true, description: 'Only this qualification code.' }) @MaxLength(20) qualificationCode?: string;
  @Field({ nullable: true, description: 'Only this OKED section.' }) @MaxLength(2) industry?: string;
}

@InputType({ description: 'Narrows the agreed-order lines.' })
export class IndustryOrderLineFilter {
  @Field(() => Int, { nullable: true, description: 'Only this year.' }) year?: number;
  @Field({ nullable: true, description: 'Only this qualification code.' }) @MaxLength(20) qualificationCode?: string;
}

@InputType({ description: 'Narrows the consolidated orders.' })
export class ConsolidatedOrderFilter {
  @Field(() => Int, { nullable: true, description: 'Only this admission year.' }) year?: number;
  @Field(() => [OrderStatus], { nullable: true, description: 'Only these statuses.' }) statuses?: OrderStatus[];
}

@InputType({ description: 'Narrows the control figures.' })
export class ControlFigureFilter {
  @Field(() => Int, { nullable: true, description: 'Only this year.' }) year?: number;
  @Field(() => ID, { nullable: true, description: 'Only this HEI.' }) heiId?: string;
  @Field({ nullable: true, description: 'Only this qualification code.' }) @MaxLength(20) qualificationCode?: string;
}

@InputType({
  description: 'What part of the pipeline to compute. A caller sees its own region (an industry council its own industry; an HEI what concerns it).',
})
export class PipelineInput {
  @Field({ nullable: true, description: "Region code; default and only allowed value: the caller's region." }) @MaxLength(40) region?: string;
  @Field({ nullable: true, description: 'Only this OKED section.' }) @MaxLength(2) industry?: string;
  @Field(() => ID, { nullable: true, description: 'Only what is placed with / set for this HEI (demand and agreed order are then null).' }) heiId?: string;
  @Field({ nullable: true, description: 'Only this qualification code.' }) @MaxLength(20) qualificationCode?: string;
  @Field(() => Int, { nullable: true, description: 'First year; default this year.' }) fromYear?: number;
  @Field(() => Int, { nullable: true, description: 'Last year; default this year + 5 (at most 20 years in all).' }) toYear?: number;
}

@InputType({ description: 'Workforce demand for one qualification: six yearly counts, from this year to five years on.' })
export class WorkforceDemandInput {
  @Field({ description: 'Qualification code from `qualifications`.' }) @MaxLength(20) qualificationCode!: string;
  @Field(() => [Int], { description: 'Exactly six whole non-negative counts: this year and each of the next five.' }) counts!: number[];
  @Field(() => DemandReason, { description: 'Why the specialists are needed.' }) reason!: DemandReason;
  @Field({ description: 'Whether dual-training places are offered.' }) offersDualPlaces!: boolean;
  @Field(() => Int, { nullable: true, description: 'Dual-training places offered (only when offered).' }) dualPlaces?: number;
  @Field(() => Int, { nullable: true, description: 'Mentors the employer can provide.' }) mentors?: number;
}

@InputType({ description: 'Input of `createWorkforceDemand`: a new DRAFT, or a correction of a submitted version.' })
export class CreateWorkforceDemandInput extends WorkforceDemandInput {
  @Field(() => ID, { nullable: true, description: 'The SUBMITTED version this one corrects; it becomes SUPERSEDED when this one is submitted.' })
  supersedesId?: string;
}

@InputType({ description: 'Input of `updateWorkforceDemand`: changes a DRAFT (a submitted version is immutable).' })
export class UpdateWorkforceDemandInput extends WorkforceDemandInput {
  @Field(() => ID, { description: 'Global id of the DRAFT WorkforceDemand.' }) demandId!: string;
}

@InputType({ description: 'Input of `submitWorkforceDemand` and `withdrawWorkforceDemand`.' })
export class WorkforceDemandTransitionInput {
  @Field(() => ID, { description: 'Global id of the WorkforceDemand.' }) demandId!: string;
  @Field({ nullable: true, description: 'Why (kept in the history).' }) @IsOptional() @MaxLength(1000) reason?: string;
}

@ObjectType({ description: 'What a workforce-demand mutation returns: the demand, or the rules it would break in `userErrors` (then nothing was changed).' })
export class WorkforceDemandPayload {
  @Field(() => WorkforceDemandNode, { nullable: true, description: 'The demand; null when there are userErrors.' }) demand!: WorkforceDemandNode | null;
  @Field(() => [DemandUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof DemandUserError>[];
}

@InputType({ description: 'One line of an agreed industry order.' })
export class AgreedLineInput {
  @Field({ description: "Qualification code of the council's industry." }) @MaxLength(20) qualificationCode!: string;
  @Field(() => Int, { description: 'Admission year, this year to five years on.' }) year!: number;
  @Field(() => Int, { description: 'Specialists to train.' }) count!: number;
  @Field({ description: 'Qualification requirements of the industry.' }) @MaxLength(4000) requirements!: string;
}

@InputType({ description: "Input of `agreeIndustryOrder`: the industry council's order for its industry in its region." })
export class AgreeIndustryOrderInput {
  @Field(() => [AgreedLineInput], { description: 'Lines; a line for a qualification and year replaces the earlier one.' }) lines!: AgreedLineInput[];
}

@ObjectType({ description: 'What `agreeIndustryOrder` returns.' })
export class AgreeIndustryOrderPayload {
  @Field(() => [IndustryOrderLineNode], { nullable: true, description: 'The lines as stored; null when there are userErrors.' }) lines!:
    IndustryOrderLineNode[] | null;
  @Field(() => [DemandUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof DemandUserError>[];
}

@InputType({ description: 'One line of a new consolidated order.' })
export class OrderLineInput {
  @Field({ description: 'Qualification code.' }) @MaxLength(20) qualificationCode!: string;
  @Field(() => Int, { description: 'Admission year, this year to five years on.' }) year!: number;
  @Field(() => Int, { description: 'Specialists to train.' }) count!: number;
  @Field(() => ID, { nullable: true, description: 'The HEI or college executing the line (required before approval).' }) executorId?: string;
  @Field({ nullable: true, description: "Required when the count exceeds the region's submitted demand for the qualification and year." })
  @IsOptional()
  @MaxLength(2000)
  justification?: string;
}

@InputType({ description: "Input of `createConsolidatedOrder`: the coordinator's order for its region and a year." })
export class CreateConsolidatedOrderInput {
  @Field(() => Int, { description: 'Admission year, this year to five years on.' }) year!: number;
  @Field(() => [OrderLineInput], { description: 'Lines: one per qualification and year.' }) lines!: OrderLineInput[];
}

@InputType({ description: 'Input of `agreeConsolidatedOrder`, `placeConsolidatedOrder`.' })
export class ConsolidatedOrderInput {
  @Field(() => ID, { description: 'Global id of the ConsolidatedOrder.' }) orderId!: string;
}

@InputType({ description: 'Input of `approveConsolidatedOrder`: the authority approves with its order number and date.' })
export class ApproveConsolidatedOrderInput extends ConsolidatedOrderInput {
  @Field({ description: 'Number of the approving order.' }) @MaxLength(60) number!: string;
  @Field({ description: 'Date of the approving order (YYYY-MM-DD), not in the future.' }) @MaxLength(10) date!: string;
}

@ObjectType({ description: 'What a consolidated-order mutation returns.' })
export class ConsolidatedOrderPayload {
  @Field(() => ConsolidatedOrderNode, { nullable: true, description: 'The order; null when there are userErrors.' }) order!: ConsolidatedOrderNode | null;
  @Field(() => [DemandUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof DemandUserError>[];
}

@InputType({ description: 'Input of `assignOrderLineExecutor`.' })
export class AssignOrderLineExecutorInput {
  @Field(() => ID, { description: 'Global id of the OrderLine.' }) lineId!: string;
  @Field(() => ID, { description: 'Global id of the executing HEI Organization.' }) executorId!: string;
}

@InputType({ description: 'Input of `decideOrderLine`: the executing HEI accepts or declines a line placed with it.' })
export class DecideOrderLineInput {
  @Field(() => ID, { description: 'Global id of the OrderLine.' }) lineId!: string;
  @Field({ description: 'True to accept, false to decline.' }) accept!: boolean;
  @Field({ nullable: true, description: 'Reason (required to decline).' }) @IsOptional() @MaxLength(2000) reason?: string;
}

@ObjectType({ description: 'What an order-line mutation returns.' })
export class OrderLinePayload {
  @Field(() => OrderLineNode, { nullable: true, description: 'The line; null when there are userErrors.' }) line!: OrderLineNode | null;
  @Field(() => [DemandUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof DemandUserError>[];
}

@InputType({ description: 'Input of `setControlFigure`: admission control figures for one HEI × programme × year.' })
export class SetControlFigureInput {
  @Field(() => ID, { description: 'Global id of the HEI Organization.' }) heiId!: string;
  @Field(() => ID, { description: 'Global id of the Program of that HEI.' }) programId!: string;
  @Field({ description: 'Qualification code the programme trains for.' }) @MaxLength(20) qualificationCode!: string;
  @Field(() => Int, { description: 'Admission year, this year to five years on.' }) year!: number;
  @Field(() => Int, { description: 'Budget places.' }) budgetPlaces!: number;
  @Field(() => Int, { description: 'Of those, dual-training places.' }) dualPlaces!: number;
  @Field({ nullable: true, description: "Required when the HEI's budget places exceed what approved orders place with it." })
  @IsOptional()
  @MaxLength(2000)
  justification?: string;
}

@ObjectType({ description: 'What `setControlFigure` returns.' })
export class ControlFigurePayload {
  @Field(() => ControlFigureNode, { nullable: true, description: 'The figures; null when there are userErrors.' }) controlFigure!: ControlFigureNode | null;
  @Field(() => [DemandUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof DemandUserError>[];
}
