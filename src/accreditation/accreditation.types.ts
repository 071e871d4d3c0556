import { IsOptional, ArrayMaxSize, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { AccreditationCondition, AccreditationDecision, AccreditationRequest } from './accreditation.entity';
import { AccreditationErrorCode } from './accreditation.messages';
import { AccreditationKind, AccreditationOutcome } from './accreditation.rules';

registerEnumType(AccreditationKind, {
  name: 'AccreditationKind',
  description: 'What is accredited.',
  valuesConfig: {
    INSTITUTIONAL: { description: 'The institution as a whole.' },
    SPECIALISED: { description: 'A programme (specialised accreditation).' },
    DUAL_PROGRAMME: { description: 'A programme in its dual form (separate procedure, ESG as the reference).' },
  },
});
registerEnumType(AccreditationOutcome, { name: 'AccreditationOutcome', description: 'ACCREDITED, ACCREDITED_WITH_CONDITIONS or REFUSED.' });

export const AccreditationUserError = userErrorType(
  'AccreditationUserError',
  AccreditationErrorCode,
  'Rules about accreditation requests, decisions and conditions.',
);

@ObjectType('AccreditationRequest', {
  implements: Node,
  description: "An HEI's request to an agency to accredit a programme. While not withdrawn, the agency reads the programme's outcomes and indicators.",
})
export class AccreditationRequestNode extends Node {
  heiId!: string;
  agencyId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field(() => AccreditationKind, { description: 'Kind of accreditation asked for.' }) kind!: AccreditationKind;
  @Field({ nullable: true, description: 'When the HEI withdrew it; null while open.' }) withdrawnAt?: Date;
}

export function toAccreditationRequestNode(row: AccreditationRequest): AccreditationRequestNode {
  return Object.assign(new AccreditationRequestNode(), {
    id: toGlobalId('AccreditationRequest', row.id),
    heiId: row.hei.id,
    agencyId: row.agency.id,
    programId: toGlobalId('Program', row.program.id),
    kind: row.kind,
    withdrawnAt: row.withdrawnAt,
  });
}

@ObjectType('AccreditationCondition', { implements: Node, description: 'A condition of an accreditation, its due date and fulfilment.' })
export class AccreditationConditionNode extends Node {
  @Field(() => ID, { description: 'Global id of the AccreditationDecision.' }) decisionId!: string;
  @Field({ description: 'What must be done.' }) text!: string;
  @Field({ description: 'Due day (YYYY-MM-DD).' }) dueDate!: string;
  @Field({ nullable: true, description: 'Day recorded fulfilled; null while open.' }) fulfilledOn?: string;
  @Field({ nullable: true, description: 'Evidence of fulfilment.' }) evidence?: string;
}

export function toAccreditationConditionNode(row: AccreditationCondition): AccreditationConditionNode {
  return Object.assign(new AccreditationConditionNode(), {
    id: toGlobalId('AccreditationCondition', row.id),
    decisionId: toGlobalId('AccreditationDecision', row.decision.id),
    text: row.text,
    dueDate: row.dueDate,
    fulfilledOn: row.fulfilledOn,
    evidence: row.evidence,
  });
}

@ObjectType('AccreditationDecision', { implements: Node, description: "An agency's accreditation decision on a programme." })
export class AccreditationDecisionNode extends Node {
  rowId!: string;
  heiId!: string;
  agencyId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field(() => ID, { description: 'Global id of the AccreditationRequest.' }) requestId!: string;
  @Field(() => AccreditationKind, { description: 'Kind of accreditation.' }) kind!: AccreditationKind;
  @Field({ description: 'Standard used, e.g. `IQAA ESG-based criteria`.' }) standard!: string;
  @Field(() => AccreditationOutcome, { description: 'The decision.' }) outcome!: AccreditationOutcome;
  @Field({ description: 'Day of the decision.' }) decidedOn!: string;
  @Field({ nullable: true, description: 'Valid from (YYYY-MM-DD); null when refused.' }) validFrom?: string;
  @Field({ nullable: true, description: 'Valid until, inclusive; null when refused.' }) validUntil?: string;
}

export function toAccreditationDecisionNode(row: AccreditationDecision): AccreditationDecisionNode {
  return Object.assign(new AccreditationDecisionNode(), {
    id: toGlobalId('AccreditationDecision', row.id),
    rowId: row.id,
    heiId: row.hei.id,
    agencyId: row.agency.id,
    programId: toGlobalId('Program', row.program.id),
    requestId: toGlobalId('AccreditationRequest', row.request.id),
    kind: row.kind,
    standard: row.standard,
    outcome: row.outcome,
    decidedOn: row.decidedOn,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  });
}

export const AccreditationRequestConnection = connectionType(AccreditationRequestNode, 'AccreditationRequest');
export const AccreditationDecisionConnection = connectionType(AccreditationDecisionNode, 'AccreditationDecision');

@ObjectType('AccreditationsDue', { description: 'Accreditations expiring soon and conditions overdue.' })
export class AccreditationsDueNode {
  @Field(() => [AccreditationDecisionNode], { description: 'Accreditations whose validity ends within the days asked, soonest first.' })
  expiring!: AccreditationDecisionNode[];
  @Field(() => [AccreditationConditionNode], { description: 'Open conditions past their due date, oldest first.' })
  overdueConditions!: AccreditationConditionNode[];
}

@InputType({ description: 'Input of `requestAccreditation`.' })
export class RequestAccreditationInput {
  @Field(() => ID, { description: 'Global id of a Program of your HEI.' }) programId!: string;
  @Field(() => ID, { description: 'Global id of the accreditation agency (Organization of kind ACCREDITATION_AGENCY).' }) agencyId!: string;
  @Field(() => AccreditationKind, { description: 'Kind of accreditation.' }) kind!: AccreditationKind;
}

@ObjectType({ description: 'What `requestAccreditation` and `withdrawAccreditationRequest` return.' })
export class AccreditationRequestPayload {
  @Field(() => AccreditationRequestNode, { nullable: true, description: 'The request; null when there are userErrors.' })
  request!: AccreditationRequestNode | null;
  @Field(() => [AccreditationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AccreditationUserError
  >[];
}

@InputType({ description: 'A condition of an accreditation.' })
export class AccreditationConditionInput {
  @Field({ description: 'What must be done.' }) @MaxLength(2000) text!: string;
  @Field({ description: 'Due day (YYYY-MM-DD), within the validity.' }) dueDate!: string;
}

@InputType({ description: 'Input of `recordAccreditationDecision`.' })
export class RecordAccreditationDecisionInput {
  @Field(() => ID, { description: 'Global id of an AccreditationRequest made to your agency.' }) requestId!: string;
  @Field({ description: 'Standard used, e.g. `IQAA ESG-based criteria`, `ACQUIN`.' }) @MaxLength(300) standard!: string;
  @Field(() => AccreditationOutcome, { description: 'The decision.' }) outcome!: AccreditationOutcome;
  @Field({ description: 'Day of the decision, not in the future.' }) decidedOn!: string;
  @Field({ nullable: true, description: 'Valid from (required unless REFUSED).' }) @IsOptional() validFrom?: string;
  @Field({ nullable: true, description: 'Valid until (required unless REFUSED; at most 7 years).' }) @IsOptional() validUntil?: string;
  @Field(() => [AccreditationConditionInput], { description: 'Conditions (ACCREDITED_WITH_CONDITIONS needs at least one; others none).' })
  @ArrayMaxSize(50)
  conditions!: AccreditationConditionInput[];
}

@ObjectType({ description: 'What `recordAccreditationDecision` returns.' })
export class AccreditationDecisionPayload {
  @Field(() => AccreditationDecisionNode, { nullable: true, description: 'The decision; null when there are userErrors.' })
  decision!: AccreditationDecisionNode | null;
  @Field(() => [AccreditationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AccreditationUserError
  >[];
}

@InputType({ description: 'Input of `fulfilAccreditationCondition`.' })
export class FulfilAccreditationConditionInput {
  @Field(() => ID, { description: 'Global id of an AccreditationCondition of your agency.' }) conditionId!: string;
  @Field({ description: 'Day fulfilled, not in the future.' }) fulfilledOn!: string;
  @Field({ description: 'Evidence of fulfilment.' }) @MaxLength(4000) evidence!: string;
}

@ObjectType({ description: 'What `fulfilAccreditationCondition` returns.' })
export class AccreditationConditionPayload {
  @Field(() => AccreditationConditionNode, { nullable: true, description: 'The condition; null when there are userErrors.' })
  condition!: AccreditationConditionNode | null;
  @Field(() => [AccreditationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AccreditationUserError
  >[];
}
