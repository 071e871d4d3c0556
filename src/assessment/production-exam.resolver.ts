import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, loadPerson, OrganizationNode, PersonNode } from '../organizations';
import { Placement, PlacementNode, toPlacementNode } from '../placements';
import { Program, ProgramNode, toProgramNode } from '../programs';
import type { RequestContext } from '../shared/request-context';
import type { CompetenceCertificate } from './competence-certificate.entity';
import type { CompetenceCertificateService } from './competence-certificate.service';
import {
  CompetenceCertificateNode,
  CompetenceCertificatePayload,
  RevokeCompetenceCertificateInput,
  toCompetenceCertificateNode,
} from './competence-certificate.types';
import type { ExamResult } from './exam-result.entity';
import { ProductionExam } from './production-exam.entity';
import type { ProductionExamService } from './production-exam.service';
import {
  AssessmentUserError,
  DecideExamAdmissionInput,
  ExamAdmissionPayload,
  ExamCommissionMemberNode,
  ExamCommissionPayload,
  ExamResultConnection,
  ExamResultNode,
  ExamResultPayload,
  ProductionExamConnection,
  RecordExamResultInput,
  toExamResultNode,
  ProductionExamNode,
  ProductionExamPayload,
  ScheduleProductionExamInput,
  SetExamCommissionInput,
  toCommissionMemberNode,
  toExamAdmissionNode,
  toProductionExamNode,
} from './production-exam.types';

@Resolver(() => ProductionExamNode)
export class ProductionExamResolver {
  constructor(private readonly exams: ProductionExamService) {}

  @Query(() => ProductionExamConnection, {
    description:
      'Production exams you may see (your HEI’s, your enterprise’s, those your organisation sits on the commission of, or your region’s), latest exam day first.',
  })
  productionExams(@Args() page: ConnectionArgs, @Arg('programId', () => ID, { nullable: true }) programId: string | null, @Ctx() ctx: RequestContext) {
    return this.exams.list(ctx, { programId: programId ? fromGlobalId(programId, 'Program', 'programId') : undefined }, page, toProductionExamNode);
  }

  @Mutation(() => ExamResultPayload, {
    description:
      'Records one admitted student’s result (theory, qualification work, final grade on the national scale), by a member of the commission; the final grade becomes the placement’s practice grade. Refused with NOT_ADMITTED for a student the council did not admit.',
  })
  async recordExamResult(@Arg('input') input: RecordExamResultInput, @Ctx() ctx: RequestContext): Promise<ExamResultPayload> {
    const outcome = await this.exams.recordResult(ctx, {
      ...input,
      examId: fromGlobalId(input.examId, 'ProductionExam', 'input.examId'),
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      recordedById: input.recordedById ? fromGlobalId(input.recordedById, 'Person', 'input.recordedById') : null,
    });
    return payloadOf(outcome, AssessmentUserError, ctx, (recorded) => ({ examResult: toExamResultNode(recorded.result) }));
  }

  @FieldResolver(() => ProgramNode, { nullable: true, description: 'The programme examined.' })
  async program(@Root() e: ProductionExamNode, @Ctx() ctx: RequestContext): Promise<ProgramNode | null> {
    const row = await ctx.loaders.byId(Program).load(e.programId);
    return row ? toProgramNode(row) : null;
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI.' })
  hei(@Root() e: ProductionExamNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, e.heiId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The enterprise that co-drafted the materials.' })
  employer(@Root() e: ProductionExamNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, e.employerId);
  }

  @FieldResolver(() => [ExamCommissionMemberNode], { description: 'The commission (empty until set).' })
  async commission(@Root() e: ProductionExamNode, @Ctx() ctx: RequestContext): Promise<ExamCommissionMemberNode[]> {
    return (await this.exams.commission(ctx, e.rowId)).map(toCommissionMemberNode);
  }

  @FieldResolver(() => ExamResultConnection, { description: 'Results you may see, highest final grade first.' })
  results(@Root() e: ProductionExamNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.exams.results(ctx, e.rowId, page, toExamResultNode);
  }

  @Mutation(() => ProductionExamPayload, {
    description: 'Schedules a production exam; refused with MATERIALS_TOO_LATE when the materials were approved less than a month before.',
  })
  async scheduleProductionExam(@Arg('input') input: ScheduleProductionExamInput, @Ctx() ctx: RequestContext): Promise<ProductionExamPayload> {
    const outcome = await this.exams.schedule(ctx, {
      ...input,
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      employerId: fromGlobalId(input.employerId, 'Organization', 'input.employerId'),
    });
    return payloadOf(outcome, AssessmentUserError, ctx, (exam) => ({ productionExam: toProductionExamNode(exam) }));
  }

  @Mutation(() => ExamCommissionPayload, {
    description: 'Sets the commission; refused with COMMISSION_UNBALANCED (and the counts) unless 50 % enterprise and 50 % third-party.',
  })
  async setExamCommission(@Arg('input') input: SetExamCommissionInput, @Ctx() ctx: RequestContext): Promise<ExamCommissionPayload> {
    const outcome = await this.exams.setCommission(ctx, {
      examId: fromGlobalId(input.examId, 'ProductionExam', 'input.examId'),
      members: input.members.map((m, i) => ({
        personId: fromGlobalId(m.personId, 'Person', `input.members.${i}.personId`),
        organizationId: fromGlobalId(m.organizationId, 'Organization', `input.members.${i}.organizationId`),
      })),
    });
    return payloadOf(outcome, AssessmentUserError, ctx, (members) => ({ commission: members.map(toCommissionMemberNode) }));
  }

  @Mutation(() => ExamAdmissionPayload, {
    description: 'Records the expanded pedagogical council’s decision on one student; below the required signed hours only with a recorded exception.',
  })
  async decideExamAdmission(@Arg('input') input: DecideExamAdmissionInput, @Ctx() ctx: RequestContext): Promise<ExamAdmissionPayload> {
    const outcome = await this.exams.decideAdmission(ctx, {
      ...input,
      examId: fromGlobalId(input.examId, 'ProductionExam', 'input.examId'),
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      mentorsInvited: input.mentorsInvited.map((id, i) => fromGlobalId(id, 'Person', `input.mentorsInvited.${i}`)),
      mentorsPresent: input.mentorsPresent.map((id, i) => fromGlobalId(id, 'Person', `input.mentorsPresent.${i}`)),
    });
    return payloadOf(outcome, AssessmentUserError, ctx, (row) => ({ admission: toExamAdmissionNode(row) }));
  }
}

@Resolver(() => ExamResultNode)
export class ExamResultResolver {
  constructor(private readonly certificates: CompetenceCertificateService) {}

  @FieldResolver(() => CompetenceCertificateNode, {
    nullable: true,
    description: 'The certificate of professional competence a passed result earned (null for a failed one). Batched: one statement per page.',
  })
  async certificate(@Root() r: ExamResultNode, @Ctx() ctx: RequestContext): Promise<CompetenceCertificateNode | null> {
    const row = await ctx.loaders
      .custom<string, CompetenceCertificate | null>('competenceCertificate', async (keys) => {
        const rows = await this.certificates.ofResults(ctx, keys);
        return keys.map((k) => rows.find((c) => c.result.id === k) ?? null);
      })
      .load(r.rowId);
    return row ? toCompetenceCertificateNode(row) : null;
  }

  @Mutation(() => CompetenceCertificatePayload, {
    description: 'Revokes a certificate of professional competence your HEI issued; verification reports REVOKED from then on.',
  })
  async revokeCompetenceCertificate(@Arg('input') input: RevokeCompetenceCertificateInput, @Ctx() ctx: RequestContext): Promise<CompetenceCertificatePayload> {
    const outcome = await this.certificates.revoke(ctx, fromGlobalId(input.certificateId, 'CompetenceCertificate', 'input.certificateId'), input.reason);
    return payloadOf(outcome, AssessmentUserError, ctx, (row) => ({ certificate: toCompetenceCertificateNode(row) }));
  }

  @FieldResolver(() => ProductionExamNode, { nullable: true, description: 'The exam.' })
  async exam(@Root() r: ExamResultNode, @Ctx() ctx: RequestContext): Promise<ProductionExamNode | null> {
    const row = await ctx.loaders.byId(ProductionExam).load(r.examId);
    return row ? toProductionExamNode(row) : null;
  }

  @FieldResolver(() => PlacementNode, { nullable: true, description: 'The examined student’s placement; null if you may not see it.' })
  async placement(@Root() r: ExamResultNode, @Ctx() ctx: RequestContext): Promise<PlacementNode | null> {
    const row = await ctx.loaders.byId(Placement).load(r.placementId);
    return row ? toPlacementNode(row) : null;
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() r: ExamResultNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, r.studentId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The commission member who recorded it; null if you may not see them.' })
  recordedBy(@Root() r: ExamResultNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, r.recordedById);
  }
}

@Resolver(() => PlacementNode)
export class PlacementExamResultResolver {
  constructor(private readonly exams: ProductionExamService) {}

  @FieldResolver(() => ExamResultNode, {
    nullable: true,
    description:
      'The final assessment of the practice: the production-exam result of this placement’s student (null before the exam, or if you may not see the exam). Batched: one statement per page.',
  })
  async practiceFinalGrade(@Root() p: PlacementNode, @Ctx() ctx: RequestContext): Promise<ExamResultNode | null> {
    const row = await ctx.loaders.custom<string, ExamResult | null>('practiceFinalGrade', (keys) => this.exams.resultsOfPlacements(ctx, keys)).load(p.rowId);
    return row ? toExamResultNode(row) : null;
  }
}
