import { ArrayMaxSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { type CredentialVerification, type IssuedCredential, VerificationCheck, VerificationFailure } from './credential.service';
import type { ReadinessCredential } from './readiness-credential.entity';
import { ReadinessUserError } from './readiness.types';

registerEnumType(VerificationCheck, { name: 'CredentialCheck', description: 'A check made when verifying a credential.' });
registerEnumType(VerificationFailure, {
  name: 'CredentialFailure',
  description: 'Why a credential failed verification.',
  valuesConfig: {
    MALFORMED: { description: 'Not a DualHub credential (compact JWS or its EnvelopedVerifiableCredential JSON).' },
    UNKNOWN_KEY: { description: 'Signed with a key no DualHub issuer has.' },
    SIGNATURE_INVALID: { description: 'Changed after signing (e.g. one byte altered).' },
    ISSUER_MISMATCH: { description: "The credential names another issuer than the signing key's organisation." },
    NOT_YET_VALID: { description: 'Before validFrom.' },
    EXPIRED: { description: 'At or after validUntil.' },
    REVOKED: { description: 'Revoked by its issuer.' },
    READINESS_REVOKED: { description: 'Readiness it rests on was revoked after issue.' },
    NOT_IN_REGISTRY: { description: "Not in the issuer's registry." },
  },
});

@ObjectType('ReadinessCredential', {
  implements: Node,
  description: "A readiness or clearance credential (Open Badges 3.0 / W3C VC, JWT-VC signed with the issuer's Ed25519 key).",
})
export class ReadinessCredentialNode extends Node {
  rowId!: string;
  studentId!: string;
  issuerId!: string;
  workplaceId!: string | null;
  @Field(() => [String], { description: 'Hazard category codes it attests.' }) hazardCategories!: string[];
  @Field({ description: 'Start of validity.' }) validFrom!: Date;
  @Field({ description: 'End of validity (exclusive).' }) validUntil!: Date;
  @Field(() => Date, { nullable: true, description: 'When the issuer revoked it; null unless revoked.' }) revokedAt!: Date | null;
  @Field({ description: 'The compact JWS (VC-JWT, typ vc+jwt).' }) jwt!: string;
}

/** API shape of a stored credential. */
export function toReadinessCredentialNode(row: ReadinessCredential): ReadinessCredentialNode {
  return Object.assign(new ReadinessCredentialNode(), {
    id: toGlobalId('ReadinessCredential', row.id),
    rowId: row.id,
    studentId: row.student.id,
    issuerId: row.issuer.id,
    workplaceId: row.workplace?.id ?? null,
    hazardCategories: row.categories.map((c) => c.code),
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    revokedAt: row.revokedAt ?? null,
    jwt: row.jwt,
  });
}

export const ReadinessCredentialConnection = connectionType(ReadinessCredentialNode, 'ReadinessCredential');

@ObjectType('IssuedCredential', { description: 'A newly issued credential in every downloadable form.' })
export class IssuedCredentialNode {
  @Field(() => ReadinessCredentialNode, { description: 'The stored credential.' }) credential!: ReadinessCredentialNode;
  @Field(() => GraphQLJSONObject, { description: 'The signed credential (JWS payload): an OpenBadgeCredential.' }) document!: Record<string, unknown>;
  @Field({ description: 'EnvelopedVerifiableCredential JSON: save it as a .json file; `npm run verify -- file.json` and POST /credentials/verify accept it.' })
  json!: string;
}

/** API shape of an issued credential. */
export function toIssuedCredentialNode(issued: IssuedCredential): IssuedCredentialNode {
  return Object.assign(new IssuedCredentialNode(), {
    credential: toReadinessCredentialNode(issued.record),
    document: issued.document,
    json: issued.json,
  });
}

@InputType({ description: 'Issue a credential: for a workplace (clearance) or for hazard categories (readiness).' })
export class IssueReadinessCredentialInput {
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field(() => ID, { nullable: true, description: 'Issue a clearance credential for this workplace.' }) workplaceId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Only these categories; default every category covered now.' })
  @IsOptional()
  @ArrayMaxSize(20)
  hazardCategoryCodes?: string[] | null;
}

@ObjectType({
  description: 'What `issueReadinessCredential` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class IssueReadinessCredentialPayload {
  @Field(() => IssuedCredentialNode, { nullable: true, description: 'The new credential; null when there are userErrors.' })
  issued!: IssuedCredentialNode | null;
  @Field(() => [ReadinessUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof ReadinessUserError
  >[];
}

@InputType({ description: 'Input of the `revokeReadinessCredential` mutation.' })
export class RevokeReadinessCredentialInput {
  @Field(() => ID, { description: 'Global id of the ReadinessCredential to revoke.' }) credentialId!: string;
  @Field({ description: 'Why; stored with the credential.' }) @MinLength(1) @MaxLength(1000) reason!: string;
}

@ObjectType({
  description:
    'What `revokeReadinessCredential` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RevokeReadinessCredentialPayload {
  @Field(() => ReadinessCredentialNode, { nullable: true, description: 'The revoked credential; null when there are userErrors.' })
  credential!: ReadinessCredentialNode | null;
  @Field(() => [ReadinessUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof ReadinessUserError
  >[];
}

@ObjectType('CredentialCheckResult', { description: 'One check of a credential verification (signature, issuer, validity, revocation) and how it went.' })
export class CredentialCheckResultNode {
  @Field(() => VerificationCheck, { description: 'Which check.' }) check!: VerificationCheck;
  @Field({ description: 'Whether the credential passed it.' }) ok!: boolean;
  @Field(() => VerificationFailure, { nullable: true, description: 'Why it failed; null when it passed.' }) failure!: VerificationFailure | null;
  @Field(() => String, { nullable: true, description: 'More about the outcome, for people.' }) detail!: string | null;
}

@ObjectType('CredentialVerification', { description: 'The outcome of verifying a credential: every check, and the first failure.' })
export class CredentialVerificationNode {
  @Field({ description: 'True when every check passed.' }) valid!: boolean;
  @Field(() => VerificationFailure, { nullable: true, description: 'The first failed check; null when valid.' }) failure!: VerificationFailure | null;
  @Field(() => [CredentialCheckResultNode], { description: 'Every check, in the order they ran.' }) checks!: CredentialCheckResultNode[];
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The signed credential, when the signature verified.' }) credential!: Record<
    string,
    unknown
  > | null;
  @Field(() => String, {
    nullable: true,
    description: 'Issuer id from the signing key, e.g. urn:dualhub:issuer:bin:123456789012; null when the key is unknown or the signature failed.',
  })
  issuerId!: string | null;
  @Field(() => String, { nullable: true, description: 'English name of the issuing organisation; null when the key is unknown or the signature failed.' })
  issuerName!: string | null;
  @Field({ description: 'When the verification was made.' }) verifiedAt!: Date;
}

/** API shape of a verification. */
export function toCredentialVerificationNode(v: CredentialVerification): CredentialVerificationNode {
  return Object.assign(new CredentialVerificationNode(), {
    valid: v.valid,
    failure: v.failure,
    checks: v.checks.map((c) =>
      Object.assign(new CredentialCheckResultNode(), { check: c.check, ok: c.ok, failure: c.failure ?? null, detail: c.detail ?? null }),
    ),
    credential: v.credential,
    issuerId: v.issuer?.id ?? null,
    issuerName: v.issuer?.name ?? null,
    verifiedAt: v.verifiedAt,
  });
}
