import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { BadUserInputError } from '../shared/errors';
import { loadPerson, PersonNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { MentorTrainingService } from './mentor-training.service';
import {
  MentorTrainingConnection,
  MentorTrainingNode,
  MentorTrainingPayload,
  MentoringUserError,
  RecordMentorTrainingInput,
  toMentorTrainingNode,
} from './mentor-training.types';

@Resolver(() => MentorTrainingNode)
export class MentorTrainingResolver {
  constructor(private readonly trainings: MentorTrainingService) {}

  @Query(() => MentorTrainingConnection, {
    description:
      "Mentors' trainings that expire within `withinDays` days from today and have not been renewed, soonest first (an employer: its own mentors; regional bodies: their region).",
  })
  async mentorTrainingsExpiring(
    @Arg('withinDays', () => Int, { description: 'Days from today, 0–3650.' }) withinDays: number,
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const outcome = await this.trainings.expiring(ctx, withinDays, page, toMentorTrainingNode);
    if (!outcome.ok) throw new BadUserInputError(outcome.violations[0].message[ctx.lang], 'withinDays');
    return outcome.value;
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The mentor.' })
  mentor(@Root() t: MentorTrainingNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, t.mentorId);
  }

  @Mutation(() => MentorTrainingPayload, { description: "Records a mentor's pedagogical training (by the mentor's employer)." })
  async recordMentorTraining(@Arg('input') input: RecordMentorTrainingInput, @Ctx() ctx: RequestContext): Promise<MentorTrainingPayload> {
    const outcome = await this.trainings.record(ctx, {
      ...input,
      mentorId: fromGlobalId(input.mentorId, 'Person', 'input.mentorId'),
      employerId: fromGlobalId(input.employerId, 'Organization', 'input.employerId'),
    });
    return payloadOf(outcome, MentoringUserError, ctx, (training) => ({ mentorTraining: toMentorTrainingNode(training) }));
  }
}
