import { Arg, Args, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode } from '../organizations';
import { UnauthenticatedError } from '../shared/errors';
import { callerOf } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import type { Competency } from './competency.entity';
import type { Discipline } from './discipline.entity';
import type { LearningOutcome } from './learning-outcome.entity';
import { ProgramModule } from './program-module.entity';
import { Program } from './program.entity';
import { type CreditTotals, employerShare, meetsCreditNorm, roundShare } from './program.rules';
import { ProgramOrder, ProgramService } from './program.service';
import {
  AddCompetencyInput,
  AddCompetencyPayload,
  AddDisciplineInput,
  AddLearningOutcomeInput,
  AddLearningOutcomePayload,
  AddProgramModuleInput,
  AddProgramModulePayload,
  CompetencyNode,
  CreateProgramInput,
  CreateProgramPayload,
  DisciplineNode,
  DisciplinePayload,
  LearningOutcomeNode,
  ProgramConnection,
  ProgramFilter,
  ProgramModuleNode,
  ProgramNode,
  ProgramUserError,
  RemoveDisciplineInput,
  RemoveDisciplinePayload,
  SetDisciplineAdaptationInput,
  UpdateDisciplineInput,
  toCompetencyNode,
  toDisciplineNode,
  toLearningOutcomeNode,
  toProgramModuleNode,
  toProgramNode,
} from './program.types';

/** Credit totals of a programme through the request's loader: one GROUP BY per page. */
function creditTotals(programs: ProgramService, ctx: RequestContext, programId: string): Promise<CreditTotals> {
  return ctx.loaders.custom<string, CreditTotals>('Program.creditTotals', (ids) => programs.creditTotals(ctx.em, ids)).load(programId);
}

/** Loads a programme node through the request's loader. */
async function loadProgram(ctx: RequestContext, id: string): Promise<ProgramNode | null> {
  const row = await ctx.loaders.byId(Program).load(id);
  return row ? toProgramNode(row) : null;
}

@Resolver(() => ProgramNode)
export class ProgramResolver {
  constructor(private readonly programService: ProgramService) {}

  @Query(() => ProgramConnection, { description: 'Educational programmes of all HEIs (public offerings), by code unless ordered otherwise.' })
  programs(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => ProgramFilter, { nullable: true }) filter: ProgramFilter | null,
    @Arg('orderBy', () => ProgramOrder, { nullable: true, defaultValue: ProgramOrder.CODE }) orderBy: ProgramOrder,
    @Ctx() ctx: RequestContext,
  ) {
    const query = {
      level: filter?.level,
      search: filter?.search,
      heiId: filter?.heiId ? fromGlobalId(filter.heiId, 'Organization', 'filter.heiId') : undefined,
    };
    return this.programService.list(ctx, query, orderBy, page, toProgramNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI that runs the programme.' })
  hei(@Root() program: ProgramNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, program.heiId);
  }

  @FieldResolver(() => [ProgramModuleNode], { description: 'Modules, by code.' })
  async modules(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<ProgramModuleNode[]> {
    const rows = await ctx.loaders.custom<string, ProgramModule[]>('Program.modules', (ids) => this.programService.modulesOf(ctx, ids)).load(program.rowId);
    return rows.map(toProgramModuleNode);
  }

  @FieldResolver(() => [CompetencyNode], { description: 'Competencies of graduates, by code.' })
  async competencies(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<CompetencyNode[]> {
    const rows = await ctx.loaders
      .custom<string, Competency[]>('Program.competencies', (ids) => this.programService.competenciesOf(ctx, ids))
      .load(program.rowId);
    return rows.map(toCompetencyNode);
  }

  @FieldResolver(() => Int, { description: 'ECTS credits of all disciplines.' })
  async totalCredits(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<number> {
    return (await creditTotals(this.programService, ctx, program.rowId)).total;
  }

  @FieldResolver(() => Boolean, { description: 'Whether totalCredits equals the creditNorm of the level (240 for a bachelor programme).' })
  async meetsCreditNorm(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<boolean> {
    return meetsCreditNorm(program.level, (await creditTotals(this.programService, ctx, program.rowId)).total);
  }

  @FieldResolver(() => Int, { description: 'ECTS credits of the disciplines adapted to employers.' })
  async employerAdaptedCredits(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<number> {
    return (await creditTotals(this.programService, ctx, program.rowId)).adapted;
  }

  @FieldResolver(() => Float, {
    description: 'employerAdaptedCredits as a percentage of totalCredits, rounded to 0.1 (the 30 % rule itself compares whole credits). 0 without credits.',
  })
  async employerAdaptedShare(@Root() program: ProgramNode, @Ctx() ctx: RequestContext): Promise<number> {
    return roundShare(employerShare(await creditTotals(this.programService, ctx, program.rowId)));
  }

  @Mutation(() => CreateProgramPayload, { description: 'Creates an empty programme of your HEI (needs a WRITER or ADMIN key of an HEI).' })
  async createProgram(@Arg('input') input: CreateProgramInput, @Ctx() ctx: RequestContext): Promise<CreateProgramPayload> {
    const heiId = callerOf(ctx)?.organizationId;
    if (!heiId) throw new UnauthenticatedError();
    const outcome = await this.programService.create(ctx, { heiId, code: input.code, level: input.level, name: { ...input.name } });
    return payloadOf(outcome, ProgramUserError, ctx, (value) => ({ program: toProgramNode(value) }));
  }

  @Mutation(() => AddProgramModulePayload, { description: 'Adds a module to a programme of your HEI.' })
  async addProgramModule(@Arg('input') input: AddProgramModuleInput, @Ctx() ctx: RequestContext): Promise<AddProgramModulePayload> {
    const outcome = await this.programService.addModule(ctx, {
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      code: input.code,
      name: { ...input.name },
    });
    return payloadOf(outcome, ProgramUserError, ctx, (value) => ({ module: toProgramModuleNode(value.module), program: toProgramNode(value.program) }));
  }

  @Mutation(() => DisciplinePayload, {
    description: 'Adds a discipline to a module; refused with EMPLOYER_SHARE_EXCEEDED when an adapted one would take the share past 30 %.',
  })
  async addDiscipline(@Arg('input') input: AddDisciplineInput, @Ctx() ctx: RequestContext): Promise<DisciplinePayload> {
    const outcome = await this.programService.addDiscipline(ctx, {
      ...input,
      name: { ...input.name },
      moduleId: fromGlobalId(input.moduleId, 'ProgramModule', 'input.moduleId'),
      adaptedByEmployerId: input.adaptedByEmployerId ? fromGlobalId(input.adaptedByEmployerId, 'Organization', 'input.adaptedByEmployerId') : null,
    });
    return disciplinePayload(ctx, outcome);
  }

  @Mutation(() => DisciplinePayload, {
    description: 'Changes a discipline; refused with EMPLOYER_SHARE_EXCEEDED when new credits would take the share past 30 %.',
  })
  async updateDiscipline(@Arg('input') input: UpdateDisciplineInput, @Ctx() ctx: RequestContext): Promise<DisciplinePayload> {
    const outcome = await this.programService.updateDiscipline(ctx, fromGlobalId(input.disciplineId, 'Discipline', 'input.disciplineId'), {
      code: input.code,
      name: input.name ? { ...input.name } : undefined,
      cycle: input.cycle,
      credits: input.credits,
      semester: input.semester,
      moduleId: input.moduleId ? fromGlobalId(input.moduleId, 'ProgramModule', 'input.moduleId') : undefined,
    });
    return disciplinePayload(ctx, outcome);
  }

  @Mutation(() => RemoveDisciplinePayload, {
    description: 'Removes a discipline; refused with EMPLOYER_SHARE_EXCEEDED when the rest would be more than 30 % adapted.',
  })
  async removeDiscipline(@Arg('input') input: RemoveDisciplineInput, @Ctx() ctx: RequestContext): Promise<RemoveDisciplinePayload> {
    const outcome = await this.programService.removeDiscipline(ctx, fromGlobalId(input.disciplineId, 'Discipline', 'input.disciplineId'));
    return payloadOf(outcome, ProgramUserError, ctx, (value) => ({ removedDisciplineId: input.disciplineId, program: toProgramNode(value.program) }));
  }

  @Mutation(() => DisciplinePayload, {
    description: "Marks a discipline as adapted to an employer (or, with null, as the HEI's own content); refused past 30 %.",
  })
  async setDisciplineAdaptation(@Arg('input') input: SetDisciplineAdaptationInput, @Ctx() ctx: RequestContext): Promise<DisciplinePayload> {
    const outcome = await this.programService.setDisciplineAdaptation(
      ctx,
      fromGlobalId(input.disciplineId, 'Discipline', 'input.disciplineId'),
      input.employerId ? fromGlobalId(input.employerId, 'Organization', 'input.employerId') : null,
    );
    return disciplinePayload(ctx, outcome);
  }

  @Mutation(() => AddCompetencyPayload, { description: 'Adds a competency to a programme of your HEI.' })
  async addCompetency(@Arg('input') input: AddCompetencyInput, @Ctx() ctx: RequestContext): Promise<AddCompetencyPayload> {
    const outcome = await this.programService.addCompetency(ctx, {
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      code: input.code,
      kind: input.kind,
      description: { ...input.description },
    });
    return payloadOf(outcome, ProgramUserError, ctx, (value) => ({ competency: toCompetencyNode(value.competency), program: toProgramNode(value.program) }));
  }

  @Mutation(() => AddLearningOutcomePayload, { description: 'Adds a learning outcome, stated against a Dublin descriptor, to a competency.' })
  async addLearningOutcome(@Arg('input') input: AddLearningOutcomeInput, @Ctx() ctx: RequestContext): Promise<AddLearningOutcomePayload> {
    const outcome = await this.programService.addLearningOutcome(ctx, {
      competencyId: fromGlobalId(input.competencyId, 'Competency', 'input.competencyId'),
      code: input.code,
      descriptor: input.descriptor,
      description: { ...input.description },
    });
    return payloadOf(outcome, ProgramUserError, ctx, (value) => ({
      learningOutcome: toLearningOutcomeNode(value.learningOutcome),
      competency: toCompetencyNode(value.competency),
    }));
  }
}

function disciplinePayload(ctx: RequestContext, outcome: Awaited<ReturnType<ProgramService['addDiscipline']>>): DisciplinePayload {
  return payloadOf(outcome, ProgramUserError, ctx, (value) => ({ discipline: toDisciplineNode(value.discipline), program: toProgramNode(value.program) }));
}

@Resolver(() => ProgramModuleNode)
export class ProgramModuleResolver {
  constructor(private readonly programService: ProgramService) {}

  @FieldResolver(() => [DisciplineNode], { description: 'Disciplines of the module, by code.' })
  async disciplines(@Root() module: ProgramModuleNode, @Ctx() ctx: RequestContext): Promise<DisciplineNode[]> {
    const rows = await ctx.loaders
      .custom<string, Discipline[]>('ProgramModule.disciplines', (ids) => this.programService.disciplinesOf(ctx, ids))
      .load(module.rowId);
    return rows.map(toDisciplineNode);
  }

  @FieldResolver(() => ProgramNode, { nullable: true, description: 'The programme the module belongs to.' })
  program(@Root() module: ProgramModuleNode, @Ctx() ctx: RequestContext) {
    return loadProgram(ctx, module.programId);
  }
}

@Resolver(() => DisciplineNode)
export class DisciplineResolver {
  @FieldResolver(() => OrganizationNode, {
    nullable: true,
    description: 'The employer the discipline is adapted to; null when it is not adapted or when you may not see that employer (see employerAdapted).',
  })
  adaptedBy(@Root() discipline: DisciplineNode, @Ctx() ctx: RequestContext) {
    return discipline.adaptedById ? loadOrganization(ctx, discipline.adaptedById) : null;
  }

  @FieldResolver(() => ProgramNode, { nullable: true, description: 'The programme the discipline belongs to.' })
  program(@Root() discipline: DisciplineNode, @Ctx() ctx: RequestContext) {
    return loadProgram(ctx, discipline.programId);
  }

  @FieldResolver(() => ProgramModuleNode, { nullable: true, description: 'The module the discipline belongs to.' })
  async module(@Root() discipline: DisciplineNode, @Ctx() ctx: RequestContext): Promise<ProgramModuleNode | null> {
    const row = await ctx.loaders.byId(ProgramModule).load(discipline.moduleId);
    return row ? toProgramModuleNode(row) : null;
  }
}

@Resolver(() => CompetencyNode)
export class CompetencyResolver {
  constructor(private readonly programService: ProgramService) {}

  @FieldResolver(() => [LearningOutcomeNode], { description: 'Learning outcomes, by code.' })
  async learningOutcomes(@Root() competency: CompetencyNode, @Ctx() ctx: RequestContext): Promise<LearningOutcomeNode[]> {
    const rows = await ctx.loaders
      .custom<string, LearningOutcome[]>('Competency.learningOutcomes', (ids) => this.programService.learningOutcomesOf(ctx, ids))
      .load(competency.rowId);
    return rows.map(toLearningOutcomeNode);
  }
}
