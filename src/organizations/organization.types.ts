import { IsEmail, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText, LocalizedTextInput } from '../graphql/localized-text';
import type { LocalizedText } from '../shared/localized';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { ApiKey, ApiKeyRole } from './api-key.entity';
import { PersonRole, type Membership } from './membership.entity';
import { HeiType, OrganizationKind, type Organization } from './organization.entity';
import type { Person } from './person.entity';
import { ApiKeyErrorCode, PersonErrorCode, OrganizationErrorCode } from './organization.messages';
import { type CoordinatorDesignation, DesignationBasis } from './coordinator-designation.entity';
import type { IndustrySection } from './industry-section.entity';

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'Kind of stakeholder organisation.',
  valuesConfig: {
    HEI: { description: 'Higher-education institution: a university or a college.' },
    EMPLOYER: { description: 'An enterprise that hosts students on placement.' },
    INDUSTRY_COUNCIL: { description: 'Branch council of employers: qualification requirements, quality assessment.' },
    COORDINATOR: { description: 'Regional coordinator of dual education: operational control of the whole process.' },
    AUTHORITY: { description: 'Regional executive authority: appoints the coordinator, sets admission figures.' },
    ACCREDITATION_AGENCY: { description: 'Agency for specialised accreditation of programmes (e.g. IQAA).' },
  },
});
registerEnumType(HeiType, { name: 'HeiType', description: 'University or college.' });
registerEnumType(PersonRole, {
  name: 'PersonRole',
  description: "A person's role in an organisation.",
  valuesConfig: {
    STUDENT: { description: 'Student of an HEI.' },
    MENTOR: { description: 'Qualified specialist of an enterprise who guides one student on placement at a time per placement.' },
    CURATOR: { description: 'HEI staff member responsible for a dual group.' },
    LAB_INSTRUCTOR: { description: 'Runs simulator-classroom exercises.' },
    SAFETY_OFFICER: { description: 'Checks clearance before work at hazardous workplaces.' },
    STAFF: { description: 'Any other staff member.' },
  },
});
registerEnumType(ApiKeyRole, {
  name: 'ApiKeyRole',
  description: 'What an API key may do within what its organisation may see.',
  valuesConfig: {
    ADMIN: { description: 'Everything, including issuing and revoking keys.' },
    WRITER: { description: 'Read and change records.' },
    READER: { description: 'Read only.' },
    LAB_AGENT: { description: 'A campus lab agent reporting training sessions.' },
  },
});

@ObjectType('Organization', { implements: Node, description: 'A stakeholder organisation: HEI, employer, council, coordinator, authority or agency.' })
export class OrganizationNode extends Node {
  rowId!: string;
  @Field(() => OrganizationKind, { description: 'Kind of stakeholder.' }) kind!: OrganizationKind;
  @Field(() => HeiType, { nullable: true, description: 'For HEIs: university or college.' }) heiType?: HeiType;
  @Field({ description: 'Region code, e.g. PAVLODAR.' }) region!: string;
  @Field({ description: 'Business identification number (BIN), 12 digits.' }) bin!: string;
  @Field(() => LocalizedTextType, { description: 'Full name in Kazakh, Russian and English.' }) name!: LocalizedTextType;
  @Field({ nullable: true, description: 'Abbreviated name, e.g. a university acronym; null when none.' }) shortName?: string;
  @Field({ nullable: true, description: 'City of the organisation; null when not recorded.' }) city?: string;
  @Field({ nullable: true, description: 'Website URL; null when not recorded.' }) website?: string;
  @Field({
    nullable: true,
    description: 'Branch of the economy as an OKED section code (e.g. `C`, manufacturing), for employers and industry councils; null when not recorded.',
  })
  industry?: string;
  @Field({ description: 'False once the coordinator has deactivated the organisation (organisations are never deleted).' }) active!: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was deactivated; null while active.' }) deactivatedAt?: Date;
}

/** API shape of an organisation. */
export function toOrganizationNode(row: Organization): OrganizationNode {
  return Object.assign(new OrganizationNode(), {
    id: toGlobalId('Organization', row.id),
    rowId: row.id,
    kind: row.kind,
    heiType: row.heiType,
    region: row.region,
    bin: row.bin,
    name: toLocalizedText(row.name),
    shortName: row.shortName,
    city: row.city,
    website: row.website,
    industry: row.industry,
    active: row.active,
    deactivatedAt: row.deactivatedAt,
  });
}

@ObjectType('Person', { implements: Node, description: 'A person: student, mentor, curator, lab instructor, safety officer or staff.' })
export class PersonNode extends Node {
  rowId!: string;
  @Field({ description: 'Full name as written in documents.' }) fullName!: string;
  @Field({ description: 'E-mail address.' }) email!: string;
  @Field({ nullable: true, description: 'Phone number; null when not recorded.' }) phone?: string;
}

/** API shape of a person. */
export function toPersonNode(row: Person): PersonNode {
  return Object.assign(new PersonNode(), {
    id: toGlobalId('Person', row.id),
    rowId: row.id,
    fullName: row.fullName,
    email: row.email,
    phone: row.phone,
  });
}

@ObjectType('Membership', { description: "A person's role in one organisation." })
export class MembershipNode {
  organizationId!: string;
  @Field(() => PersonRole, { description: 'Role of the person in the organisation.' }) role!: PersonRole;
  @Field({ nullable: true, description: 'Job title or study group.' }) position?: string;
  @Field({ nullable: true, description: 'Date the membership began (YYYY-MM-DD).' }) since?: string;
}

/** API shape of a membership. */
export function toMembershipNode(row: Membership): MembershipNode {
  return Object.assign(new MembershipNode(), {
    organizationId: row.organization.id,
    role: row.role,
    position: row.position,
    since: row.since,
  });
}

@ObjectType('ApiKey', { implements: Node, description: 'An API key. The secret is shown only once, when the key is issued.' })
export class ApiKeyNode extends Node {
  organizationId!: string;
  @Field(() => ApiKeyRole, { description: 'What the key may do.' }) role!: ApiKeyRole;
  @Field({ description: 'Public part of the key (after `dh_`), to tell keys apart.' }) prefix!: string;
  @Field({ description: 'What the key is for, as given when it was issued.' }) label!: string;
  @Field({ description: 'When the key was issued.' }) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the key was revoked; null while it is valid.' }) revokedAt?: Date;
  @Field(() => Date, { nullable: true, description: 'When the key was last used; null when no use has been recorded.' }) lastUsedAt?: Date;
}

/** API shape of an API key (never its hash). */
export function toApiKeyNode(row: ApiKey): ApiKeyNode {
  return Object.assign(new ApiKeyNode(), {
    id: toGlobalId('ApiKey', row.id),
    organizationId: row.organization.id,
    role: row.role,
    prefix: row.prefix,
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  });
}

export const OrganizationConnection = connectionType(OrganizationNode, 'Organization');
export const PersonConnection = connectionType(PersonNode, 'Person');
export const ApiKeyConnection = connectionType(ApiKeyNode, 'ApiKey');

@InputType({ description: 'Narrows the organisations list.' })
export class OrganizationFilter {
  @Field(() => [OrganizationKind], { nullable: true, description: 'Only organisations of one of these kinds.' }) kinds?: OrganizationKind[];
  @Field({ nullable: true, description: 'Region code.' }) region?: string;
  @Field({ nullable: true, description: 'Only organisations of this OKED section (industry).' }) @MaxLength(2) industry?: string;
  @Field({ nullable: true, description: 'Only active (true) or only deactivated (false) organisations; both when omitted.' }) active?: boolean;
  @Field({ nullable: true, description: 'Matches any of the names or the short name, case-insensitively.' }) @MaxLength(100) search?: string;
}

@InputType({ description: 'Narrows the people list.' })
export class PersonFilter {
  @Field(() => ID, { nullable: true, description: 'Only members of this organisation.' }) organizationId?: string;
  @Field(() => PersonRole, { nullable: true, description: 'Only people with this role.' }) role?: PersonRole;
  @Field({ nullable: true, description: 'Matches the name or e-mail, case-insensitively.' }) @MaxLength(100) search?: string;
}

export const ApiKeyUserError = userErrorType('ApiKeyUserError', ApiKeyErrorCode, 'Rules about issuing and revoking API keys.');
export const PersonUserError = userErrorType('PersonUserError', PersonErrorCode, 'Rules about people and memberships.');

@InputType({ description: 'Input of the `issueApiKey` mutation.' })
export class IssueApiKeyInput {
  @Field(() => ID, { description: 'Organisation the key will act for.' }) organizationId!: string;
  @Field(() => ApiKeyRole, { description: 'What the new key may do.' }) role!: ApiKeyRole;
  @Field({ description: 'What the key is for, e.g. "HEI ERP integration".' }) @MaxLength(200) label!: string;
}

@ObjectType({
  description: 'What `issueApiKey` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class IssueApiKeyPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: 'The new key; null when there are userErrors.' }) apiKey!: ApiKeyNode | null;
  @Field(() => String, { nullable: true, description: 'The key itself. Shown only now: store it safely.' }) secret!: string | null;
  @Field(() => [ApiKeyUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof ApiKeyUserError>[];
}

@InputType({ description: 'Input of the `revokeApiKey` mutation.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'Global id of the ApiKey to revoke.' }) apiKeyId!: string;
}

@ObjectType({
  description: 'What `revokeApiKey` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RevokeApiKeyPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: 'The revoked key; null when there are userErrors.' }) apiKey!: ApiKeyNode | null;
  @Field(() => [ApiKeyUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof ApiKeyUserError>[];
}

@InputType({ description: 'A new person and their first role, e.g. a student enrolled by an HEI or a mentor named by an employer.' })
export class CreatePersonInput {
  @Field({ description: 'Full name as written in documents (2–200 characters).' }) @MinLength(2) @MaxLength(200) fullName!: string;
  @Field({ description: 'E-mail address.' }) @IsEmail() email!: string;
  @Field({ nullable: true, description: 'Phone number (at most 40 characters).' }) @IsOptional() @MaxLength(40) phone?: string;
  @Field(() => ID, { description: 'Organisation the person belongs to.' }) organizationId!: string;
  @Field(() => PersonRole, { description: 'The role of the person in that organisation.' }) role!: PersonRole;
  @Field({ nullable: true, description: 'Job title or study group.' }) @IsOptional() @MaxLength(200) position?: string;
}

@ObjectType({
  description: 'What `createPerson` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class CreatePersonPayload {
  @Field(() => PersonNode, { nullable: true, description: 'The new person; null when there are userErrors.' }) person!: PersonNode | null;
  @Field(() => [PersonUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof PersonUserError>[];
}

@ObjectType({ description: "Who is calling: the organisation and role of the API key, or of the signed-in person's active membership." })
export class Viewer {
  organizationId!: string;
  /** The signed-in person (absent for an API key). */
  personId?: string;
  @Field(() => ApiKeyRole, {
    description: 'Role in use: the API key\'s, or the one mapped from the active membership\'s role for a signed-in person (see the README, "People sign in").',
  })
  role!: ApiKeyRole;
  @Field(() => ID, { nullable: true, description: 'Global id of the API key in use; null when a person signed in with a session.' }) apiKeyId!: string | null;
}

registerEnumType(DesignationBasis, {
  name: 'DesignationBasis',
  description: 'How the regional coordinator was designated.',
  valuesConfig: {
    AKIM_DECISION: { description: "Appointed by the regional akim's decision." },
    AGREEMENT_WITH_AKIM: { description: 'On its own initiative, under an agreement with the akim.' },
  },
});

export const OrganizationUserError = userErrorType(
  'OrganizationUserError',
  OrganizationErrorCode,
  'Rules about registering, deactivating and designating organisations.',
);

@ObjectType('IndustrySection', { description: 'A section of the OKED classifier of economic activities (after NACE), e.g. `C` manufacturing.' })
export class IndustrySectionNode {
  @Field({ description: 'Section letter, e.g. `C`.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedText;
}

/** API shape of an OKED section. */
export function toIndustrySectionNode(row: IndustrySection): IndustrySectionNode {
  return Object.assign(new IndustrySectionNode(), { code: row.code, name: toLocalizedText(row.name) });
}

@ObjectType('CoordinatorDesignation', { implements: Node, description: "The act that made an organisation its region's dual-education coordinator." })
export class CoordinatorDesignationNode extends Node {
  coordinatorId!: string;
  @Field(() => DesignationBasis, { description: "By the akim's decision, or on its own initiative under an agreement with the akim." })
  basis!: DesignationBasis;
  @Field({ description: 'Number of the act (decision or agreement).' }) actNumber!: string;
  @Field({ description: 'Date of the act (YYYY-MM-DD).' }) actDate!: string;
  @Field({ description: 'Region the coordinator coordinates.' }) region!: string;
}

/** API shape of a designation act. */
export function toCoordinatorDesignationNode(row: CoordinatorDesignation): CoordinatorDesignationNode {
  return Object.assign(new CoordinatorDesignationNode(), {
    id: toGlobalId('CoordinatorDesignation', row.id),
    coordinatorId: row.coordinator.id,
    basis: row.basis,
    actNumber: row.actNumber,
    actDate: row.actDate,
    region: row.region,
  });
}

@InputType({ description: "A new employer, HEI or college, or industry council of the coordinator's region." })
export class RegisterOrganizationInput {
  @Field({ description: 'Business identification number: 12 digits with a valid check digit.' }) @MaxLength(20) bin!: string;
  @Field(() => OrganizationKind, { description: 'EMPLOYER, HEI or INDUSTRY_COUNCIL.' }) kind!: OrganizationKind;
  @Field(() => HeiType, { nullable: true, description: 'For an HEI: university or college (required for HEIs).' }) heiType?: HeiType;
  @Field({ description: "Region code; must be the coordinator's own region, e.g. PAVLODAR." }) @MaxLength(40) region!: string;
  @Field({ nullable: true, description: 'OKED section code of the branch (required for employers and industry councils).' }) @MaxLength(2) industry?: string;
  @Field(() => LocalizedTextInput, { description: 'Full name in Kazakh, Russian and English.' }) name!: LocalizedTextInput;
  @Field({ nullable: true, description: 'Abbreviated name.' }) @IsOptional() @MaxLength(100) shortName?: string;
  @Field({ nullable: true, description: 'City.' }) @IsOptional() @MaxLength(100) city?: string;
  @Field({ nullable: true, description: 'Website URL.' }) @IsOptional() @MaxLength(200) website?: string;
}

@ObjectType({
  description: 'What `registerOrganization` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RegisterOrganizationPayload {
  @Field(() => OrganizationNode, { nullable: true, description: 'The registered organisation; null when there are userErrors.' })
  organization!: OrganizationNode | null;
  @Field(() => [OrganizationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof OrganizationUserError
  >[];
}

@InputType({ description: 'Input of the `deactivateOrganization` mutation.' })
export class DeactivateOrganizationInput {
  @Field(() => ID, { description: 'Global id of the Organization to deactivate.' }) organizationId!: string;
  @Field({ description: 'Why it no longer takes part.' }) @MaxLength(1000) reason!: string;
}

@ObjectType({
  description: 'What `deactivateOrganization` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class DeactivateOrganizationPayload {
  @Field(() => OrganizationNode, { nullable: true, description: 'The deactivated organisation; null when there are userErrors.' })
  organization!: OrganizationNode | null;
  @Field(() => [OrganizationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof OrganizationUserError
  >[];
}

@InputType({ description: "Input of the `recordCoordinatorDesignation` mutation: the act that designates the region's coordinator." })
export class RecordCoordinatorDesignationInput {
  @Field(() => ID, { description: 'Global id of the coordinator Organization.' }) coordinatorId!: string;
  @Field(() => DesignationBasis, { description: 'How it was designated.' }) basis!: DesignationBasis;
  @Field({ description: 'Number of the act.' }) @MaxLength(60) actNumber!: string;
  @Field({ description: 'Date of the act (YYYY-MM-DD), not in the future.' }) @MaxLength(10) actDate!: string;
}

@ObjectType({
  description:
    'What `recordCoordinatorDesignation` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RecordCoordinatorDesignationPayload {
  @Field(() => CoordinatorDesignationNode, { nullable: true, description: 'The recorded act; null when there are userErrors.' })
  designation!: CoordinatorDesignationNode | null;
  @Field(() => [OrganizationUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof OrganizationUserError
  >[];
}
