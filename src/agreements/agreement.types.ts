import { IsOptional, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { AgreementSignature } from './agreement-signature.entity';
import { type Agreement, AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';
import { AgreementErrorCode } from './agreement.messages';

/** YYYY-MM-DD. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

registerEnumType(AgreementKind, {
  name: 'AgreementKind',
  description: 'Kind of agreement.',
  valuesConfig: {
    NETWORK_INTERACTION: { description: 'Network-interaction contract between an HEI and an enterprise.' },
    TRIPARTITE: { description: 'Tripartite agreement HEI–enterprise–student.' },
  },
});
registerEnumType(AgreementStatus, {
  name: 'AgreementStatus',
  description: 'Lifecycle of an agreement.',
  valuesConfig: {
    DRAFT: { description: 'Drafted, no signatures yet.' },
    PARTIALLY_SIGNED: { description: 'Signed by some but not all parties.' },
    ACTIVE: { description: 'Signed by every party; placements may start under it within its validity.' },
    TERMINATED: { description: 'Ended early by a party.' },
  },
});
registerEnumType(AgreementParty, { name: 'AgreementParty', description: 'A signing party of an agreement.' });

@ObjectType('Remuneration', { description: 'Remuneration of the student during practice.' })
export class RemunerationNode {
  @Field(() => Int, { description: 'Whole currency units per month.' }) amount!: number;
  @Field({ description: 'ISO 4217 currency code; KZT.' }) currency!: string;
}

@ObjectType('Agreement', { implements: Node, description: 'A network-interaction contract HEI–enterprise or a tripartite agreement HEI–enterprise–student.' })
export class AgreementNode extends Node {
  rowId!: string;
  heiId!: string;
  employerId!: string;
  studentId!: string | null;
  @Field({ description: 'Registration number.' }) number!: string;
  @Field(() => AgreementKind, { description: 'Network-interaction contract or tripartite agreement.' }) kind!: AgreementKind;
  @Field(() => AgreementStatus, { description: 'Current lifecycle status.' }) status!: AgreementStatus;
  @Field({ description: 'First day of validity (YYYY-MM-DD).' }) validFrom!: string;
  @Field({ description: 'Last day of validity, inclusive (YYYY-MM-DD).' }) validTo!: string;
  @Field(() => RemunerationNode, { description: 'Monthly remuneration of the student during practice.' }) remuneration!: RemunerationNode;
  @Field(() => Date, { nullable: true, description: 'When the agreement was terminated; null unless TERMINATED.' }) terminatedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Reason given when it was terminated; null unless TERMINATED.' }) terminationReason!: string | null;
}

/** API shape of an agreement. */
export function toAgreementNode(row: Agreement): AgreementNode {
  return Object.assign(new AgreementNode(), {
    id: toGlobalId('Agreement', row.id),
    rowId: row.id,
    heiId: row.hei.id,
    employerId: row.employer.id,
    studentId: row.student?.id ?? null,
    number: row.number,
    kind: row.kind,
    status: row.status,
    validFrom: row.validFrom,
    validTo: row.validTo,
    remuneration: Object.assign(new RemunerationNode(), { amount: row.remunerationAmount, currency: row.remunerationCurrency }),
    terminatedAt: row.terminatedAt ?? null,
    terminationReason: row.terminationReason ?? null,
  });
}

@ObjectType('AgreementSignature', { description: 'One party’s signature: who recorded it and when.' })
export class AgreementSignatureNode {
  organizationId!: string;
  personId!: string | null;
  @Field(() => AgreementParty, { description: 'The party that signed.' }) party!: AgreementParty;
  @Field({ description: 'When the signature was recorded.' }) signedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'Global id of the API key that recorded the signature; null for fixtures.' }) apiKeyId!: string | null;
}

/** API shape of a signature. */
export function toAgreementSignatureNode(row: AgreementSignature): AgreementSignatureNode {
  return Object.assign(new AgreementSignatureNode(), {
    organizationId: row.organization.id,
    personId: row.person?.id ?? null,
    party: row.party,
    signedAt: row.signedAt,
    apiKeyId: row.apiKeyId ? toGlobalId('ApiKey', row.apiKeyId) : null,
  });
}

export const AgreementConnection = connectionType(AgreementNode, 'Agreement');
export const AgreementUserError = userErrorType('AgreementUserError', AgreementErrorCode, 'Rules about agreements and their signatures.');

@InputType({ description: 'Narrows the agreements list.' })
export class AgreementFilter {
  @Field(() => AgreementKind, { nullable: true, description: 'Only agreements of this kind.' }) kind?: AgreementKind;
  @Field(() => [AgreementStatus], { nullable: true, description: 'Only agreements in one of these statuses.' }) statuses?: AgreementStatus[];
  @Field(() => ID, { nullable: true, description: 'Only agreements of this HEI (global id of an Organization).' }) heiId?: string;
  @Field(() => ID, { nullable: true, description: 'Only agreements with this employer (global id of an Organization).' }) employerId?: string;
  @Field(() => ID, { nullable: true, description: 'Only tripartite agreements of this student (global id of a Person).' }) studentId?: string;
}

@InputType({ description: 'A new agreement, drafted by one of its parties.' })
export class CreateAgreementInput {
  @Field({ description: 'Registration number, unique.' }) @MinLength(2) @MaxLength(60) number!: string;
  @Field(() => AgreementKind, { description: 'Network-interaction contract or tripartite agreement.' }) kind!: AgreementKind;
  @Field(() => ID, { description: 'The HEI party: global id of an Organization of kind HEI.' }) heiId!: string;
  @Field(() => ID, { description: 'The enterprise party: global id of an Organization of kind EMPLOYER.' }) employerId!: string;
  @Field(() => ID, { nullable: true, description: 'The student; for a tripartite agreement only.' }) studentId?: string;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(DATE_PATTERN) validFrom!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive' }) @Matches(DATE_PATTERN) validTo!: string;
  @Field(() => Int, { description: 'Remuneration per month, whole currency units.' }) @Min(0) remunerationAmount!: number;
  @Field({ nullable: true, description: 'Default KZT.' }) @IsOptional() @Matches(/^[A-Z]{3}$/) remunerationCurrency?: string;
}

@InputType({ description: 'A signature of one party.' })
export class SignAgreementInput {
  @Field(() => ID, { description: 'Global id of the Agreement to sign.' }) agreementId!: string;
  @Field(() => AgreementParty, { description: 'The party signing: your own organisation, or STUDENT (recorded by the HEI) on a tripartite agreement.' })
  party!: AgreementParty;
}

@InputType({ description: 'Input of the `terminateAgreement` mutation.' })
export class TerminateAgreementInput {
  @Field(() => ID, { description: 'Global id of the Agreement to terminate.' }) agreementId!: string;
  @Field({ description: 'Why; kept in the history.' }) @MaxLength(1000) reason!: string;
}

@ObjectType({
  description: 'What an agreement mutation returns: the agreement when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class AgreementPayload {
  @Field(() => AgreementNode, { nullable: true, description: 'The agreement after the change; null when there are userErrors.' })
  agreement!: AgreementNode | null;
  @Field(() => [AgreementUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AgreementUserError
  >[];
}
