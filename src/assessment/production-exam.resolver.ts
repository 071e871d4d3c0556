import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import type { RequestContext } from '../shared/request-context';
import type { ProductionExamService } from './production-exam.service';
import {
  AssessmentUserError,
  DecideExamAdmissionInput,
  ExamAdmissionPayload,
  ExamCommissionPayload,
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
