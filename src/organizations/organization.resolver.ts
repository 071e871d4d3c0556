import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId, toGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { UnauthenticatedError } from '../shared/errors';
import { callerOf } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { ApiKeyService } from './api-key.service';
import { Membership } from './membership.entity';
import { Organization } from './organization.entity';
import { OrganizationService } from './organization.service';
import { Person } from './person.entity';
import {
  ApiKeyConnection,
  ApiKeyNode,
  ApiKeyUserError,
  CreatePersonInput,
  CreatePersonPayload,
  IssueApiKeyInput,
  IssueApiKeyPayload,
  MembershipNode,
  OrganizationConnection,
  OrganizationFilter,
  OrganizationNode,
  PersonConnection,
  PersonFilter,
  PersonNode,
  PersonUserError,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  Viewer,
  toApiKeyNode,
  toMembershipNode,
  toOrganizationNode,
  toPersonNode,
  CoordinatorDesignationNode,
  DeactivateOrganizationInput,
  DeactivateOrganizationPayload,
  IndustrySectionNode,
  OrganizationUserError,
  RecordCoordinatorDesignationInput,
  RecordCoordinatorDesignationPayload,
  RegisterOrganizationInput,
  RegisterOrganizationPayload,
  toCoordinatorDesignationNode,
  toIndustrySectionNode,
} from './organization.types';
import { CoordinatorDesignation } from './coordinator-designation.entity';

/** Loads an organisation node through the request's scoped loader; `null` when not visible. */
export async function loadOrganization(ctx: RequestContext, id: string): Promise<OrganizationNode | null> {
  const row = await ctx.loaders.byId(Organization).load(id);
  return row ? toOrganizationNode(row) : null;
}

/** Loads a person node through the request's scoped loader; `null` for no id or a person not visible. */
export async function loadPerson(ctx: RequestContext, id: string | null | undefined): Promise<PersonNode | null> {
  if (!id) return null;
  const row = await ctx.loaders.byId(Person).load(id);
  return row ? toPersonNode(row) : null;
}

@Resolver(() => OrganizationNode)
export class OrganizationResolver {
  constructor(
    private readonly organizationService: OrganizationService,
    private readonly apiKeyService: ApiKeyService,
  ) {}

  @Query(() => OrganizationConnection, { description: 'Organisations you may see, ordered by English name.' })
  organizations(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => OrganizationFilter, { nullable: true }) filter: OrganizationFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.organizationService.list(ctx, filter ?? {}, page, toOrganizationNode);
  }

  @Query(() => [IndustrySectionNode], { description: 'The OKED sections (industries) organisations and demand refer to, by code.' })
  async industrySections(@Ctx() ctx: RequestContext): Promise<IndustrySectionNode[]> {
    return (await this.organizationService.industrySections(ctx)).map(toIndustrySectionNode);
  }

  @FieldResolver(() => [CoordinatorDesignationNode], {
    description: "For a coordinator: the acts that designated it, newest first (visible to it and its region's bodies); empty otherwise.",
  })
  async designations(@Root() organization: OrganizationNode, @Ctx() ctx: RequestContext): Promise<CoordinatorDesignationNode[]> {
    if (organization.kind !== 'COORDINATOR') return [];
    const rows = await ctx.loaders
      .custom<string, CoordinatorDesignation[]>('Organization.designations', (ids) => this.organizationService.designationsOf(ctx, ids))
      .load(organization.rowId);
    return rows.map(toCoordinatorDesignationNode);
  }

  @Mutation(() => RegisterOrganizationPayload, {
    description: 'The regional coordinator registers an employer, an HEI or college, or an industry council of its region.',
  })
  async registerOrganization(@Arg('input') input: RegisterOrganizationInput, @Ctx() ctx: RequestContext): Promise<RegisterOrganizationPayload> {
    const outcome = await this.organizationService.register(ctx, input);
    return payloadOf(outcome, OrganizationUserError, ctx, (value) => ({ organization: toOrganizationNode(value) }));
  }

  @Mutation(() => DeactivateOrganizationPayload, { description: 'The regional coordinator deactivates an organisation of its region (never deletes it).' })
  async deactivateOrganization(@Arg('input') input: DeactivateOrganizationInput, @Ctx() ctx: RequestContext): Promise<DeactivateOrganizationPayload> {
    const outcome = await this.organizationService.deactivate(ctx, fromGlobalId(input.organizationId, 'Organization', 'input.organizationId'), input.reason);
    return payloadOf(outcome, OrganizationUserError, ctx, (value) => ({ organization: toOrganizationNode(value) }));
  }

  @Mutation(() => RecordCoordinatorDesignationPayload, {
    description: "Records the act designating the region's coordinator (by the coordinator itself or its region's authority).",
  })
  async recordCoordinatorDesignation(
    @Arg('input') input: RecordCoordinatorDesignationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<RecordCoordinatorDesignationPayload> {
    const outcome = await this.organizationService.recordDesignation(ctx, {
      ...input,
      coordinatorId: fromGlobalId(input.coordinatorId, 'Organization', 'input.coordinatorId'),
    });
    return payloadOf(outcome, OrganizationUserError, ctx, (value) => ({ designation: toCoordinatorDesignationNode(value) }));
  }

  @Query(() => Viewer, { description: 'The organisation and role of the API key making this request.' })
  @Query(() => Viewer, { description: 'The organisation and role of the API key or signed-in person making this request.' })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const caller = callerOf(ctx);
    if (!caller) throw new UnauthenticatedError();
    return Object.assign(new Viewer(), {
      organizationId: caller.organizationId,
      personId: caller.personId,
      role: caller.role,
      apiKeyId: caller.keyId ? toGlobalId('ApiKey', caller.keyId) : null,
    });
  }

  @Query(() => ApiKeyConnection, { description: "API keys of your organisation (the coordinator's: of its region)." })
  apiKeys(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.apiKeyService.list(ctx, page, toApiKeyNode);
  }

  @Mutation(() => IssueApiKeyPayload, { description: 'Issues an API key (needs an ADMIN key). The secret is returned once.' })
  async issueApiKey(@Arg('input') input: IssueApiKeyInput, @Ctx() ctx: RequestContext): Promise<IssueApiKeyPayload> {
    const outcome = await this.apiKeyService.issue(ctx, {
      ...input,
      organizationId: fromGlobalId(input.organizationId, 'Organization', 'input.organizationId'),
    });
    return payloadOf(outcome, ApiKeyUserError, ctx, (value) => ({ apiKey: toApiKeyNode(value.apiKey), secret: value.secret }));
  }

  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes an API key (needs an ADMIN key); it stops working at once.' })
  async revokeApiKey(@Arg('input') input: RevokeApiKeyInput, @Ctx() ctx: RequestContext): Promise<RevokeApiKeyPayload> {
    const outcome = await this.apiKeyService.revoke(ctx, fromGlobalId(input.apiKeyId, 'ApiKey', 'input.apiKeyId'));
    return payloadOf(outcome, ApiKeyUserError, ctx, (value) => ({ apiKey: toApiKeyNode(value) }));
  }
}

@Resolver(() => PersonNode)
export class PersonResolver {
  constructor(private readonly organizationService: OrganizationService) {}

  @Query(() => PersonConnection, { description: 'People you may see, ordered by name.' })
  people(@Args() page: ConnectionArgs, @Arg('filter', () => PersonFilter, { nullable: true }) filter: PersonFilter | null, @Ctx() ctx: RequestContext) {
    const query = {
      ...filter,
      organizationId: filter?.organizationId ? fromGlobalId(filter.organizationId, 'Organization', 'filter.organizationId') : undefined,
    };
    return this.organizationService.listPeople(ctx, query, page, toPersonNode);
  }

  @FieldResolver(() => [MembershipNode], { description: 'Roles of this person in the organisations you may see.' })
  async memberships(@Root() person: PersonNode, @Ctx() ctx: RequestContext): Promise<MembershipNode[]> {
    const rows = await ctx.loaders
      .custom<string, Membership[]>('Person.memberships', async (ids) => this.organizationService.membershipsOf(ctx, ids))
      .load(person.rowId);
    return rows.map(toMembershipNode);
  }

  @Mutation(() => CreatePersonPayload, { description: 'Adds a person with a first role in an organisation (a student, a mentor…).' })
  async createPerson(@Arg('input') input: CreatePersonInput, @Ctx() ctx: RequestContext): Promise<CreatePersonPayload> {
    const outcome = await this.organizationService.createPerson(ctx, {
      ...input,
      organizationId: fromGlobalId(input.organizationId, 'Organization', 'input.organizationId'),
    });
    return payloadOf(outcome, PersonUserError, ctx, (value) => ({ person: toPersonNode(value) }));
  }
}

@Resolver(() => MembershipNode)
export class MembershipResolver {
  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organisation; null if you may not see it.' })
  organization(@Root() membership: MembershipNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, membership.organizationId);
  }
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @FieldResolver(() => OrganizationNode, { description: 'The organisation the API key acts for.' })
  organization(@Root() viewer: Viewer, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, viewer.organizationId);
  }
}

@Resolver(() => ApiKeyNode)
export class ApiKeyResolver {
  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organisation the key acts for; null if you may not see it.' })
  organization(@Root() key: ApiKeyNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, key.organizationId);
  }
}
