import { IsEmail, IsIn, IsOptional, MaxLength, MinLength } from 'class-validator';
import type { Language } from '../shared/localized';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { userErrorType } from '../graphql/user-error';
import { PersonRole } from '../organizations';
import { IdentityErrorCode } from './identity.messages';
import type { Invitation } from './invitation.entity';
import type { SecondFactorPolicy } from './second-factor-policy.entity';

/** The user-error type of signing in and invitations. */
export const IdentityUserError = userErrorType(
  'IdentityUserError',
  IdentityErrorCode,
  'A rule of invitations, passwords or sessions the request would break (nothing was changed).',
);

@InputType({ description: 'Who to invite: an e-mail address, a name and the role they will have in the organisation.' })
export class InvitePersonInput {
  @Field(() => ID, { description: 'Global id of the organisation the person joins (yours; the coordinator: any of its region).' })
  organizationId!: string;

  @Field({ description: 'E-mail address the person signs in with; matched case-insensitively to an existing person.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Full name, used if the person is new to DualHub.' })
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @Field(() => PersonRole, { description: 'Role of the membership the invitation grants.' })
  role!: PersonRole;

  @Field(() => String, {
    nullable: true,
    description:
      'Language of the invitation e-mail (`kk`, `ru` or `en`; sent only when the server has SMTP_URL); default the language of your request (Accept-Language).',
  })
  @IsOptional()
  @IsIn(['kk', 'ru', 'en'])
  language?: Language | null;
}

@ObjectType('Invitation', { description: 'An invitation to join an organisation. Used once, when the person sets a password; expires after 7 days.' })
export class InvitationNode {
  @Field(() => ID) id!: string;
  @Field({ description: 'E-mail address invited (lower-cased).' }) email!: string;
  @Field(() => PersonRole, { description: 'Role of the membership it grants.' }) role!: PersonRole;
  @Field({ description: 'When the link stops working.' }) expiresAt!: Date;
}

/** API shape of an invitation. */
export function toInvitationNode(row: Invitation): InvitationNode {
  return Object.assign(new InvitationNode(), { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt });
}

@ObjectType({ description: 'What `invitePerson` returns: the invitation and its one-time token, or the rules it would break in `userErrors`.' })
export class InvitePersonPayload {
  @Field(() => InvitationNode, { nullable: true, description: 'The invitation; null when there are userErrors.' }) invitation!: InvitationNode | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The one-time link token, shown only here (only its hash is stored). Give it to the person; they set a password with `POST /auth/invitations/accept` `{ token, password }`.',
  })
  token!: string | null;
  @Field(() => [IdentityUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof IdentityUserError>[];
}

@InputType({ description: 'Which membership roles of an organisation must sign in with a second factor (TOTP).' })
export class SetSecondFactorPolicyInput {
  @Field(() => ID, { description: 'Global id of the organisation (yours; the coordinator: any of its region).' })
  organizationId!: string;

  @Field(() => [PersonRole], {
    description:
      'Roles that need TOTP, e.g. [SAFETY_OFFICER, LAB_INSTRUCTOR]; an empty list requires it of no one. A person in such a role without TOTP gets a session that can only enrol it.',
  })
  roles!: PersonRole[];
}

@ObjectType('SecondFactorPolicy', { description: "An organisation's rule of which membership roles sign in with a second factor (TOTP)." })
export class SecondFactorPolicyNode {
  @Field(() => [PersonRole], { description: 'Roles that need TOTP.' }) roles!: PersonRole[];
  @Field({ description: 'When it was last set.' }) updatedAt!: Date;
}

export function toSecondFactorPolicyNode(policy: SecondFactorPolicy): SecondFactorPolicyNode {
  return { roles: policy.roles, updatedAt: policy.updatedAt };
}

@ObjectType({ description: 'The second-factor policy as set, or the rules it would break in `userErrors`.' })
export class SetSecondFactorPolicyPayload {
  @Field(() => SecondFactorPolicyNode, { nullable: true, description: 'The policy; null when there are userErrors.' }) policy!: SecondFactorPolicyNode | null;
  @Field(() => [IdentityUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof IdentityUserError>[];
}
