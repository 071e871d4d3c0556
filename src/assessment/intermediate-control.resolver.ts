import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadPerson, PersonNode } from '../organizations';
import { Discipline, DisciplineNode, toDisciplineNode } from '../programs';
import type { RequestContext } from '../shared/request-context';
import type { IntermediateControlService } from './intermediate-control.service';
import {
  IntermediateControlPayload,
  IntermediateControlResultConnection,
  IntermediateControlResultNode,
  RecordIntermediateControlInput,
  toIntermediateControlResultNode,
} from './intermediate-control.types';
import { AssessmentUserError } from './production-exam.types';

@Resolver(() => IntermediateControlResultNode)
export class IntermediateControlResolver {
  constructor(private readonly control: IntermediateControlService) {}

  @Query(() => IntermediateControlResultConnection, {
    description: 'Intermediate-control results you may see (your HEI’s, those your mentors took part in, your region’s), latest first.',
  })
  intermediateControlResults(
    @Args() page: ConnectionArgs,
    @Arg('studentId', () => ID, { nullable: true }) studentId: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.control.list(ctx, { studentId: studentId ? fromGlobalId(studentId, 'Person', 'studentId') : undefined }, page, toIntermediateControlResultNode);
  }

  @Mutation(() => IntermediateControlPayload, {
    description: 'Records an intermediate-control result (discipline or module) on the national scale; mentors may take part for practice.',
  })
  async recordIntermediateControl(@Arg('input') input: RecordIntermediateControlInput, @Ctx() ctx: RequestContext): Promise<IntermediateControlPayload> {
    const outcome = await this.control.record(ctx, {
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      disciplineId: input.disciplineId ? fromGlobalId(input.disciplineId, 'Discipline', 'input.disciplineId') : null,
      moduleId: input.moduleId ? fromGlobalId(input.moduleId, 'ProgramModule', 'input.moduleId') : null,
      score: input.score,
      heldOn: input.heldOn,
      examinerId: fromGlobalId(input.examinerId, 'Person', 'input.examinerId'),
      mentorIds: input.mentorIds.map((id, i) => fromGlobalId(id, 'Person', `input.mentorIds.${i}`)),
    });
    return payloadOf(outcome, AssessmentUserError, ctx, (row) => ({ result: toIntermediateControlResultNode(row) }));
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() r: IntermediateControlResultNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, r.studentId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The examiner; null if you may not see them.' })
  examiner(@Root() r: IntermediateControlResultNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, r.examinerId);
  }

  @FieldResolver(() => DisciplineNode, { nullable: true, description: 'The discipline; null when a whole module was assessed.' })
  async discipline(@Root() r: IntermediateControlResultNode, @Ctx() ctx: RequestContext): Promise<DisciplineNode | null> {
    if (!r.disciplineId) return null;
    const row = await ctx.loaders.byId(Discipline).load(r.disciplineId);
    return row ? toDisciplineNode(row) : null;
  }
}
