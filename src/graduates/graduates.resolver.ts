import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, loadPerson, OrganizationNode, PersonNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { EmploymentCheck } from './graduation.entity';
import type { GraduatesService } from './graduates.service';
import type { SurveyScore } from './satisfaction-survey.entity';
import {
  CompetenceAreaNode,
  EmploymentCheckNode,
  EmploymentCheckPayload,
  FollowUpDueNode,
  GraduatesUserError,
  GraduationConnection,
  GraduationNode,
  GraduationPayload,
  RecordEmploymentCheckInput,
  RecordGraduationInput,
  RecordSatisfactionSurveyInput,
  SatisfactionSurveyConnection,
  SatisfactionSurveyNode,
  SatisfactionSurveyPayload,
  SurveyScoreNode,
  toCompetenceAreaNode,
  toEmploymentCheckNode,
  toFollowUpDueNode,
  toGraduationNode,
  toSatisfactionSurveyNode,
  toSurveyScoreNode,
} from './graduates.types';

@Resolver(() => GraduationNode)
export class GraduationResolver {
  constructor(private readonly graduates: GraduatesService) {}

  @Query(() => GraduationConnection, {
    description:
      "Graduations, latest first: an HEI sees its own, the regional bodies their region's, an accreditation agency those of the programmes it was asked to accredit.",
  })
  graduations(@Args() page: ConnectionArgs, @Arg('programId', () => ID, { nullable: true }) programId: string | null, @Ctx() ctx: RequestContext) {
    return this.graduates.listGraduations(ctx, { programId: programId ? fromGlobalId(programId, 'Program', 'programId') : undefined }, page, toGraduationNode);
  }

  @Query(() => [FollowUpDueNode], {
    description:
      'Employment checks due or overdue (milestones 6, 12, 24, 36 months after graduation; a check from a month before to a month after the milestone meets it), earliest first. An HEI gets its own; a regional body may name an HEI of its region.',
  })
  async followUpsDue(
    @Arg('heiId', () => ID, { nullable: true, description: 'Global id of an HEI (regional bodies); default all you may see.' }) heiId: string | null,
    @Arg('asOf', () => String, { nullable: true, description: 'Day to judge at (YYYY-MM-DD); default today.' }) asOf: string | null,
    @Arg('limit', () => Int, { nullable: true, description: 'At most this many (1–1000, default 100).' }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<FollowUpDueNode[]> {
    const rows = await this.graduates.followUpsDue(ctx, {
      heiId: heiId ? fromGlobalId(heiId, 'Organization', 'heiId') : null,
      asOf,
      limit: limit ?? undefined,
    });
    return rows.map(toFollowUpDueNode);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The graduate.' })
  student(@Root() graduation: GraduationNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, graduation.studentId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI.' })
  hei(@Root() graduation: GraduationNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, graduation.heiId);
  }

  @FieldResolver(() => [EmploymentCheckNode], { description: 'Employment checks, newest first.' })
  async checks(@Root() graduation: GraduationNode, @Ctx() ctx: RequestContext): Promise<EmploymentCheckNode[]> {
    const rows = await ctx.loaders.custom<string, EmploymentCheck[]>('Graduation.checks', (ids) => this.graduates.checksOf(ctx, ids)).load(graduation.rowId);
    return rows.map(toEmploymentCheckNode);
  }

  @Mutation(() => GraduationPayload, { description: "The HEI records a student's graduation from one of its programmes." })
  async recordGraduation(@Arg('input') input: RecordGraduationInput, @Ctx() ctx: RequestContext): Promise<GraduationPayload> {
    const outcome = await this.graduates.recordGraduation(ctx, {
      ...input,
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
    });
    return payloadOf(outcome, GraduatesUserError, ctx, (value) => ({ graduation: toGraduationNode(value) }));
  }

  @Mutation(() => EmploymentCheckPayload, {
    description: 'The HEI records an employment check of its graduate; refused after the three years of follow-up (FOLLOW_UP_ENDED).',
  })
  async recordEmploymentCheck(@Arg('input') input: RecordEmploymentCheckInput, @Ctx() ctx: RequestContext): Promise<EmploymentCheckPayload> {
    const outcome = await this.graduates.recordCheck(ctx, {
      ...input,
      graduationId: fromGlobalId(input.graduationId, 'Graduation', 'input.graduationId'),
      employerId: input.employerId ? fromGlobalId(input.employerId, 'Organization', 'input.employerId') : null,
    });
    return payloadOf(outcome, GraduatesUserError, ctx, (value) => ({ check: toEmploymentCheckNode(value) }));
  }
}

@Resolver(() => SatisfactionSurveyNode)
export class SatisfactionSurveyResolver {
  constructor(private readonly graduates: GraduatesService) {}

  @Query(() => [CompetenceAreaNode], { description: 'The competence areas employers score graduates in.' })
  async competenceAreas(@Ctx() ctx: RequestContext): Promise<CompetenceAreaNode[]> {
    return (await this.graduates.competenceAreas(ctx)).map(toCompetenceAreaNode);
  }

  @Query(() => SatisfactionSurveyConnection, {
    description:
      'Employer satisfaction surveys: an employer sees its own, an HEI those on its programmes, the region its own, an agency those of programmes it accredits.',
  })
  satisfactionSurveys(
    @Args() page: ConnectionArgs,
    @Arg('programId', () => ID, { nullable: true }) programId: string | null,
    @Arg('year', () => Int, { nullable: true }) year: number | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.graduates.listSurveys(
      ctx,
      { programId: programId ? fromGlobalId(programId, 'Program', 'programId') : undefined, year: year ?? undefined },
      page,
      toSatisfactionSurveyNode,
    );
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The employer that answered.' })
  employer(@Root() survey: SatisfactionSurveyNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, survey.employerRowId);
  }

  @FieldResolver(() => [SurveyScoreNode], { description: 'Scores per competence area.' })
  async scores(@Root() survey: SatisfactionSurveyNode, @Ctx() ctx: RequestContext): Promise<SurveyScoreNode[]> {
    const rows = await ctx.loaders.custom<string, SurveyScore[]>('SatisfactionSurvey.scores', (ids) => this.graduates.scoresOf(ctx, ids)).load(survey.rowId);
    return rows.map(toSurveyScoreNode);
  }

  @Mutation(() => SatisfactionSurveyPayload, { description: 'An employer answers the satisfaction survey on the graduates of a programme it hosted.' })
  async recordSatisfactionSurvey(@Arg('input') input: RecordSatisfactionSurveyInput, @Ctx() ctx: RequestContext): Promise<SatisfactionSurveyPayload> {
    const outcome = await this.graduates.recordSurvey(ctx, { ...input, programId: fromGlobalId(input.programId, 'Program', 'input.programId') });
    return payloadOf(outcome, GraduatesUserError, ctx, (value) => ({ survey: toSatisfactionSurveyNode(value) }));
  }
}
