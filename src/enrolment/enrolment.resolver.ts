import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, loadPerson, OrganizationNode, PersonNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { Enrolment } from './enrolment.entity';
import type { EnrolmentService } from './enrolment.service';
import {
  ApplicationConnection,
  ApplicationNode,
  ApplicationPayload,
  CreateDualGroupInput,
  DecideApplicationInput,
  DualGroupConnection,
  DualGroupNode,
  DualGroupPayload,
  EnrolmentNode,
  EnrolmentUserError,
  SubmitApplicationInput,
  toApplicationNode,
  toDualGroupNode,
  toEnrolmentNode,
} from './enrolment.types';

@Resolver(() => DualGroupNode)
export class DualGroupResolver {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Query(() => DualGroupConnection, { description: "Dual groups: an HEI sees its own, the regional bodies their region's." })
  dualGroups(@Args() page: ConnectionArgs, @Arg('intakeYear', () => Int, { nullable: true }) intakeYear: number | null, @Ctx() ctx: RequestContext) {
    return this.enrolment.listGroups(ctx, { intakeYear: intakeYear ?? undefined }, page, toDualGroupNode);
  }

  @FieldResolver(() => ApplicationConnection, { description: "Applications to the group, best score first: only the HEI's own (applicants' personal data)." })
  applications(@Root() group: DualGroupNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.enrolment.listApplications(ctx, { groupId: group.rowId }, page, toApplicationNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI.' })
  hei(@Root() group: DualGroupNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, group.heiId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The curator; null when none or not visible.' })
  curator(@Root() group: DualGroupNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, group.curatorId);
  }

  @Mutation(() => DualGroupPayload, { description: 'An HEI forms a dual group for one of its programmes, with its curator and selection criteria.' })
  async createDualGroup(@Arg('input') input: CreateDualGroupInput, @Ctx() ctx: RequestContext): Promise<DualGroupPayload> {
    const outcome = await this.enrolment.createGroup(ctx, {
      ...input,
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      curatorId: input.curatorId ? fromGlobalId(input.curatorId, 'Person', 'input.curatorId') : undefined,
    });
    return payloadOf(outcome, EnrolmentUserError, ctx, (value) => ({ group: toDualGroupNode(value) }));
  }
}

@Resolver(() => ApplicationNode)
export class ApplicationResolver {
  constructor(private readonly enrolment: EnrolmentService) {}

  @Query(() => ApplicationConnection, { description: "Applications to your HEI's groups (nobody else sees them)." })
  applications(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.enrolment.listApplications(ctx, {}, page, toApplicationNode);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The applicant.' })
  student(@Root() application: ApplicationNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, application.studentId);
  }

  @Mutation(() => ApplicationPayload, { description: "The HEI records a student's application to one of its groups." })
  async submitApplication(@Arg('input') input: SubmitApplicationInput, @Ctx() ctx: RequestContext): Promise<ApplicationPayload> {
    const outcome = await this.enrolment.apply(ctx, {
      ...input,
      groupId: fromGlobalId(input.groupId, 'DualGroup', 'input.groupId'),
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
    });
    return payloadOf(outcome, EnrolmentUserError, ctx, (value) => ({ application: toApplicationNode(value) }));
  }

  @Mutation(() => ApplicationPayload, { description: "The HEI decides an application; ACCEPTED enrols the student (refused beyond the group's places)." })
  async decideApplication(@Arg('input') input: DecideApplicationInput, @Ctx() ctx: RequestContext): Promise<ApplicationPayload> {
    const outcome = await this.enrolment.decide(ctx, fromGlobalId(input.applicationId, 'Application', 'input.applicationId'), {
      decision: input.decision as never,
      reason: input.reason,
    });
    return payloadOf(outcome, EnrolmentUserError, ctx, (value) => ({ application: toApplicationNode(value) }));
  }
}

@Resolver(() => PersonNode)
export class PersonEnrolmentsResolver {
  constructor(private readonly enrolment: EnrolmentService) {}

  @FieldResolver(() => [EnrolmentNode], { description: 'Enrolments of this person you may see (its HEI and the region).' })
  async enrolments(@Root() person: PersonNode, @Ctx() ctx: RequestContext): Promise<EnrolmentNode[]> {
    const rows = await ctx.loaders.custom<string, Enrolment[]>('Person.enrolments', (ids) => this.enrolment.enrolmentsOf(ctx, ids)).load(person.rowId);
    return rows.map(toEnrolmentNode);
  }
}
