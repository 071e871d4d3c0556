import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { MembershipNode, PersonNode, Viewer, toMembershipNode, toPersonNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { IdentityService } from './identity.service';
import {
  IdentityUserError,
  InvitePersonInput,
  InvitePersonPayload,
  SetSecondFactorPolicyInput,
  SetSecondFactorPolicyPayload,
  toInvitationNode,
  toSecondFactorPolicyNode,
} from './identity.types';

@Resolver()
export class InvitationResolver {
  constructor(private readonly identity: IdentityService) {}

  @Mutation(() => InvitePersonPayload, {
    description: "Invites a person by e-mail to an organisation with a role (needs an ADMIN key or a STAFF member's session). Returns the one-time link token.",
  })
  async invitePerson(@Arg('input') input: InvitePersonInput, @Ctx() ctx: RequestContext): Promise<InvitePersonPayload> {
    const outcome = await this.identity.invite(ctx, {
      ...input,
      language: input.language ?? undefined,
      organizationId: fromGlobalId(input.organizationId, 'Organization', 'input.organizationId'),
    });
    return payloadOf(outcome, IdentityUserError, ctx, (v) => ({ invitation: toInvitationNode(v.invitation), token: v.token }));
  }

  @Mutation(() => SetSecondFactorPolicyPayload, {
    description:
      "Sets which membership roles of an organisation must sign in with a second factor (TOTP), e.g. SAFETY_OFFICER and LAB_INSTRUCTOR (an ADMIN key or a STAFF member's session of that organisation, or the coordinator's). A person in such a role without TOTP then gets a session that can only enrol it (`secondFactorEnrolmentRequired` in the sign-in answer).",
  })
  async setSecondFactorPolicy(@Arg('input') input: SetSecondFactorPolicyInput, @Ctx() ctx: RequestContext): Promise<SetSecondFactorPolicyPayload> {
    const outcome = await this.identity.setSecondFactorPolicy(ctx, {
      roles: input.roles,
      organizationId: fromGlobalId(input.organizationId, 'Organization', 'input.organizationId'),
    });
    return payloadOf(outcome, IdentityUserError, ctx, (v) => ({ policy: toSecondFactorPolicyNode(v) }));
  }
}

@Resolver(() => Viewer)
export class ViewerPersonResolver {
  constructor(private readonly identity: IdentityService) {}

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The signed-in person; null for an API key (a partner system).' })
  async person(@Root() viewer: Viewer, @Ctx() ctx: RequestContext): Promise<PersonNode | null> {
    const who = await this.identity.viewerOf(ctx);
    return who ? toPersonNode(who.person) : null;
  }

  @FieldResolver(() => [MembershipNode], {
    description: "The signed-in person's memberships (every organisation and role they may act as); empty for an API key.",
  })
  async memberships(@Root() _viewer: Viewer, @Ctx() ctx: RequestContext): Promise<MembershipNode[]> {
    const who = await this.identity.viewerOf(ctx);
    return who ? who.memberships.map(toMembershipNode) : [];
  }

  @FieldResolver(() => MembershipNode, {
    nullable: true,
    description: 'The membership the session acts through (choose it with `POST /auth/active-membership`); null for an API key.',
  })
  async activeMembership(@Root() _viewer: Viewer, @Ctx() ctx: RequestContext): Promise<MembershipNode | null> {
    const who = await this.identity.viewerOf(ctx);
    const active = who?.memberships.find((m) => m.id === who.activeMembershipId);
    return active ? toMembershipNode(active) : null;
  }
}
