import { type EntityManager, type FilterQuery, LockMode, type QueryOrderMap } from '@mikro-orm/core';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Loaders } from '../shared/loaders';
import { Organization, OrganizationKind } from '../organizations';
import { NotFoundError } from '../shared/errors';
import type { LocalizedText } from '../shared/localized';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type Outcome, type RuleViolation, refuse, succeed } from '../shared/rule-violation';
import { Competency, type CompetencyKind } from './competency.entity';
import { Discipline, type DisciplineCycle } from './discipline.entity';
import { LearningOutcome, type DublinDescriptor } from './learning-outcome.entity';
import { ProgramModule } from './program-module.entity';
import { ProgramErrorCode, programViolation } from './program.messages';
import { Program, type ProgramLevel } from './program.entity';
import { type CreditTotals, type DisciplineChange, checkEmployerShare, formatShare, validCredits } from './program.rules';

/** Sort orders of the programmes list. */
export enum ProgramOrder {
  /** By programme code, then id (default). */
  CODE = 'CODE',
  /** By English name. */
  NAME = 'NAME',
  /** Newest first. */
  NEWEST = 'NEWEST',
}

/** Filters of {@link ProgramService.list}. */
export interface ProgramQuery {
  heiId?: string;
  level?: ProgramLevel;
  /** Matches the code or any of the names, case-insensitively. */
  search?: string;
}

/** Inputs of {@link ProgramService.create}. */
export interface CreateProgramCommand {
  heiId: string;
  code: string;
  level: ProgramLevel;
  name: LocalizedText;
}

/** Inputs of {@link ProgramService.addDiscipline}. */
export interface AddDisciplineCommand {
  moduleId: string;
  code: string;
  name: LocalizedText;
  cycle: DisciplineCycle;
  credits: number;
  semester?: number | null;
  /** Employer the discipline is adapted to; absent for the HEI's own content. */
  adaptedByEmployerId?: string | null;
}

/** Changes of {@link ProgramService.updateDiscipline}; absent fields stay as they are. */
export interface UpdateDisciplineCommand {
  code?: string | null;
  name?: LocalizedText | null;
  cycle?: DisciplineCycle | null;
  credits?: number | null;
  semester?: number | null;
  moduleId?: string | null;
}

/** A discipline change and the programme it belongs to, as a mutation returns them. */
export interface DisciplineResult {
  discipline: Discipline;
  program: Program;
}

type Code = ProgramErrorCode;

/** Thrown inside a transaction to roll it back; carries the refusal out. */
class Refusal extends Error {
  constructor(readonly violations: RuleViolation<Code>[]) {
    super('refused');
  }
}

const ORDERS: Record<ProgramOrder, QueryOrderMap<Program>> = {
  [ProgramOrder.CODE]: { code: 'asc' },
  [ProgramOrder.NAME]: { name: { en: 'asc' } } as never,
  [ProgramOrder.NEWEST]: { createdAt: 'desc' },
};

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function normalizeCode(code: string): string {
  return code.trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * Educational programmes: their structure (modules, disciplines, competencies, learning
 * outcomes) and the rule that at most 30 % of a programme's credits are adapted to employers.
 *
 * Visibility: programmes are public offerings, visible to every caller with every nested part;
 * only the adapting employer of a discipline follows organisation scoping (loaded by the caller's
 * scoped loader, `null` when not visible). Changes: only the owning HEI, with a WRITER or ADMIN
 * key (the coordinator does not edit an HEI's curriculum).
 *
 * Every change to a programme's disciplines runs in a transaction that first locks the programme
 * row (`SELECT … FOR UPDATE`) and then computes its credit totals in SQL, so two concurrent
 * changes cannot together push the share past the limit.
 */
export class ProgramService {
  /** A page of programmes; every caller sees every programme. */
  list<N>(ctx: RequestContext, query: ProgramQuery, order: ProgramOrder, page: PageRequest, toNode: (p: Program) => N): Promise<Page<N>> {
    const where: FilterQuery<Program> = {};
    if (query.heiId) where.hei = query.heiId;
    if (query.level) where.level = query.level;
    if (query.search?.trim()) {
      const like = likePattern(query.search.trim());
      where.$or = [
        { code: { $ilike: like } },
        ...(['kk', 'ru', 'en'] as const).map((lang) => ({ name: { [lang]: { $ilike: like } } })),
      ] as FilterQuery<Program>[];
    }
    return paginate(ctx.em, Program, where, page, ORDERS[order], toNode);
  }

  /**
   * Credit totals of many programmes in one SQL statement (a GROUP BY over disciplines), in the
   * order asked; zeros for a programme without disciplines. Runs inside the caller's transaction
   * when there is one.
   */
  async creditTotals(em: EntityManager, programIds: readonly string[]): Promise<CreditTotals[]> {
    const rows: { program_id: string; total: number; adapted: number }[] = await em.getConnection().execute(
      `select program_id, sum(credits)::int as total, coalesce(sum(credits) filter (where adapted_by_id is not null), 0)::int as adapted
         from discipline where program_id in (?) group by program_id`,
      [[...programIds]],
      'all',
      em.getTransactionContext(),
    );
    const byId = new Map(rows.map((row) => [row.program_id, { total: row.total, adapted: row.adapted }]));
    return programIds.map((id) => byId.get(id) ?? { total: 0, adapted: 0 });
  }

  /** Modules of many programmes, by code. */
  async modulesOf(ctx: RequestContext, programIds: readonly string[]): Promise<ProgramModule[][]> {
    const rows = await ctx.em.find(ProgramModule, { program: { $in: [...programIds] } }, { orderBy: { code: 'asc' } });
    return Loaders.group(programIds, rows, (row) => row.program.id);
  }

  /**
   * Disciplines of many modules, by code. Loaded without relation filters: a discipline is
   * public even when its adapting employer is not visible to the caller (MikroORM would otherwise
   * join the scoped organisation and blank the foreign key); the employer itself is loaded
   * through the caller's scoped loader.
   */
  async disciplinesOf(ctx: RequestContext, moduleIds: readonly string[]): Promise<Discipline[][]> {
    const rows = await ctx.em.find(Discipline, { module: { $in: [...moduleIds] } }, { orderBy: { code: 'asc' }, filters: false });
    return Loaders.group(moduleIds, rows, (row) => row.module.id);
  }

  /** Competencies of many programmes, by code. */
  async competenciesOf(ctx: RequestContext, programIds: readonly string[]): Promise<Competency[][]> {
    const rows = await ctx.em.find(Competency, { program: { $in: [...programIds] } }, { orderBy: { code: 'asc' } });
    return Loaders.group(programIds, rows, (row) => row.program.id);
  }

  /** Learning outcomes of many competencies, by code. */
  async learningOutcomesOf(ctx: RequestContext, competencyIds: readonly string[]): Promise<LearningOutcome[][]> {
    const rows = await ctx.em.find(LearningOutcome, { competency: { $in: [...competencyIds] } }, { orderBy: { code: 'asc' } });
    return Loaders.group(competencyIds, rows, (row) => row.competency.id);
  }

  /** Creates an empty programme of an HEI; the API passes the caller's own organisation. */
  async create(ctx: RequestContext, input: CreateProgramCommand): Promise<Outcome<Program, Code>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (caller && caller.organizationId !== input.heiId) return refuse(programViolation(['input'], ProgramErrorCode.NOT_YOUR_PROGRAM));
    const hei = await ctx.em.findOne(Organization, { id: input.heiId });
    if (!hei || hei.kind !== OrganizationKind.HEI) return refuse(programViolation(['input'], ProgramErrorCode.NOT_AN_HEI));
    const code = normalizeCode(input.code);
    const duplicate = programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'program', code });
    if ((await ctx.em.count(Program, { hei, code })) > 0) return refuse(duplicate);
    // Two requests creating the same code at once: the unique index decides.
    const outcome = await runMutation(ctx, async (tx) => succeed(tx.em.create(Program, { hei: hei.id, code, level: input.level, name: input.name })), {
      unique: { program_hei_id_code_unique: () => duplicate },
    });
    if (outcome.ok) ctx.log.info({ programId: outcome.value.id, code }, 'programme created');
    return outcome;
  }

  /** Adds a module to a programme. */
  async addModule(
    ctx: RequestContext,
    input: { programId: string; code: string; name: LocalizedText },
  ): Promise<Outcome<{ module: ProgramModule; program: Program }, Code>> {
    return this.changeProgram(ctx, input.programId, ['input', 'programId'], async (em, program) => {
      const code = normalizeCode(input.code);
      if ((await em.count(ProgramModule, { program, code })) > 0) {
        throw new Refusal([programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'module', code })]);
      }
      return { module: em.create(ProgramModule, { program, code, name: input.name }), program };
    });
  }

  /** Adds a discipline to a module; an adapted one counts towards the employer share. */
  async addDiscipline(ctx: RequestContext, input: AddDisciplineCommand): Promise<Outcome<DisciplineResult, Code>> {
    const module = await ctx.em.findOne(ProgramModule, { id: input.moduleId }, { filters: false });
    if (!module) throw new NotFoundError('Module');
    return this.changeProgram(ctx, module.program.id, ['input', 'moduleId'], async (em, program, totals) => {
      const code = normalizeCode(input.code);
      const problems: RuleViolation<Code>[] = [];
      if (!validCredits(input.credits)) problems.push(programViolation(['input', 'credits'], ProgramErrorCode.INVALID_CREDITS));
      if ((await em.count(Discipline, { program, code }, { filters: false })) > 0) {
        problems.push(programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'discipline', code }));
      }
      const employer = input.adaptedByEmployerId ? await this.findEmployer(em, input.adaptedByEmployerId) : undefined;
      if (employer === null) problems.push(programViolation(['input', 'adaptedByEmployerId'], ProgramErrorCode.EMPLOYER_NOT_FOUND));
      if (problems.length > 0) throw new Refusal(problems);
      this.checkShare(totals, { after: { credits: input.credits, adapted: Boolean(employer) } }, ['input', 'adaptedByEmployerId']);
      const discipline = em.create(Discipline, {
        program,
        module: em.getReference(ProgramModule, module.id),
        code,
        name: input.name,
        cycle: input.cycle,
        credits: input.credits,
        semester: input.semester ?? undefined,
        adaptedBy: employer ?? undefined,
      });
      return { discipline, program };
    });
  }

  /** Changes a discipline; new credits are checked against the employer share. */
  async updateDiscipline(ctx: RequestContext, disciplineId: string, input: UpdateDisciplineCommand): Promise<Outcome<DisciplineResult, Code>> {
    return this.changeDiscipline(ctx, disciplineId, async (em, program, totals, discipline) => {
      const problems: RuleViolation<Code>[] = [];
      const credits = input.credits ?? discipline.credits;
      if (!validCredits(credits)) problems.push(programViolation(['input', 'credits'], ProgramErrorCode.INVALID_CREDITS));
      const code = input.code ? normalizeCode(input.code) : discipline.code;
      if (code !== discipline.code && (await em.count(Discipline, { program, code }, { filters: false })) > 0) {
        problems.push(programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'discipline', code }));
      }
      if (input.moduleId && !(await em.count(ProgramModule, { id: input.moduleId, program }))) {
        problems.push(programViolation(['input', 'moduleId'], ProgramErrorCode.MODULE_NOT_FOUND));
      }
      if (problems.length > 0) throw new Refusal(problems);
      const adapted = Boolean(discipline.adaptedBy);
      this.checkShare(totals, { before: { credits: discipline.credits, adapted }, after: { credits, adapted } }, ['input', 'credits']);
      em.assign(discipline, {
        code,
        credits,
        ...(input.name ? { name: input.name } : {}),
        ...(input.cycle ? { cycle: input.cycle } : {}),
        ...(input.semester !== undefined ? { semester: input.semester ?? undefined } : {}),
        ...(input.moduleId ? { module: em.getReference(ProgramModule, input.moduleId) } : {}),
      });
      return { discipline, program };
    });
  }

  /** Removes a discipline; refused when the remaining credits would be more than 30 % adapted. */
  async removeDiscipline(ctx: RequestContext, disciplineId: string): Promise<Outcome<DisciplineResult, Code>> {
    return this.changeDiscipline(ctx, disciplineId, async (em, program, totals, discipline) => {
      this.checkShare(totals, { before: { credits: discipline.credits, adapted: Boolean(discipline.adaptedBy) } }, ['input', 'disciplineId']);
      em.remove(discipline);
      return { discipline, program };
    });
  }

  /** Marks a discipline as adapted to an employer, or (`null`) as the HEI's own content again. */
  async setDisciplineAdaptation(ctx: RequestContext, disciplineId: string, employerId: string | null): Promise<Outcome<DisciplineResult, Code>> {
    return this.changeDiscipline(ctx, disciplineId, async (em, program, totals, discipline) => {
      const employer = employerId ? await this.findEmployer(em, employerId) : undefined;
      if (employer === null) throw new Refusal([programViolation(['input', 'employerId'], ProgramErrorCode.EMPLOYER_NOT_FOUND)]);
      this.checkShare(
        totals,
        { before: { credits: discipline.credits, adapted: Boolean(discipline.adaptedBy) }, after: { credits: discipline.credits, adapted: Boolean(employer) } },
        ['input', 'employerId'],
      );
      discipline.adaptedBy = employer ?? undefined;
      return { discipline, program };
    });
  }

  /** Adds a competency a graduate of the programme has. */
  async addCompetency(
    ctx: RequestContext,
    input: { programId: string; code: string; kind: CompetencyKind; description: LocalizedText },
  ): Promise<Outcome<{ competency: Competency; program: Program }, Code>> {
    return this.changeProgram(ctx, input.programId, ['input', 'programId'], async (em, program) => {
      const code = normalizeCode(input.code);
      if ((await em.count(Competency, { program, code })) > 0) {
        throw new Refusal([programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'competency', code })]);
      }
      return { competency: em.create(Competency, { program, code, kind: input.kind, description: input.description }), program };
    });
  }

  /** Adds a learning outcome, stated against a Dublin descriptor, to a competency. */
  async addLearningOutcome(
    ctx: RequestContext,
    input: { competencyId: string; code: string; descriptor: DublinDescriptor; description: LocalizedText },
  ): Promise<Outcome<{ learningOutcome: LearningOutcome; competency: Competency }, Code>> {
    const competency = await ctx.em.findOne(Competency, { id: input.competencyId });
    if (!competency) throw new NotFoundError('Competency');
    return this.changeProgram(ctx, competency.program.id, ['input', 'competencyId'], async (em) => {
      const code = normalizeCode(input.code);
      if ((await em.count(LearningOutcome, { competency: competency.id, code })) > 0) {
        throw new Refusal([programViolation(['input', 'code'], ProgramErrorCode.DUPLICATE_CODE, { what: 'outcome', code })]);
      }
      const learningOutcome = em.create(LearningOutcome, {
        competency: em.getReference(Competency, competency.id),
        code,
        descriptor: input.descriptor,
        description: input.description,
      });
      return { learningOutcome, competency };
    });
  }

  /** An employer by id, `null` when there is none (or the organisation is not an employer). */
  private async findEmployer(em: EntityManager, id: string): Promise<Organization | null> {
    return em.findOne(Organization, { id, kind: OrganizationKind.EMPLOYER });
  }

  /** Throws a {@link Refusal} when the change would take the employer share past the limit. */
  private checkShare(totals: CreditTotals, change: DisciplineChange, field: string[]): void {
    const verdict = checkEmployerShare(totals, change);
    if (!verdict.allowed) {
      throw new Refusal([programViolation(field, ProgramErrorCode.EMPLOYER_SHARE_EXCEEDED, { share: formatShare(verdict.share), totals: verdict.totals })]);
    }
  }

  /** Runs {@link changeProgram} for the programme of a discipline, with the discipline re-read under the lock. */
  private async changeDiscipline<T>(
    ctx: RequestContext,
    disciplineId: string,
    work: (em: EntityManager, program: Program, totals: CreditTotals, discipline: Discipline) => Promise<T>,
  ): Promise<Outcome<T, Code>> {
    const found = await ctx.em.findOne(Discipline, { id: disciplineId }, { filters: false });
    if (!found) throw new NotFoundError('Discipline');
    return this.changeProgram(ctx, found.program.id, ['input', 'disciplineId'], async (em, program, totals) => {
      const discipline = await em.findOne(Discipline, { id: disciplineId }, { filters: false, refresh: true });
      if (!discipline) throw new NotFoundError('Discipline');
      return work(em, program, totals, discipline);
    });
  }

  /**
   * The frame of every change: WRITER/ADMIN key, a transaction that locks the programme row,
   * ownership by the caller's HEI, current credit totals in SQL, then `work`, all in the one
   * mutation frame (`runMutation`). A {@link Refusal} thrown by `work` rolls everything back and
   * becomes the returned outcome.
   */
  private async changeProgram<T>(
    ctx: RequestContext,
    programId: string,
    programField: string[],
    work: (em: EntityManager, program: Program, totals: CreditTotals) => Promise<T>,
  ): Promise<Outcome<T, Code>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async ({ em }) => {
      // filters: false keeps the scoped organisation out of the query: FOR UPDATE refuses outer joins.
      const program = await em.findOne(Program, { id: programId }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, refresh: true });
      if (!program) throw new NotFoundError('Program');
      const caller = callerOf(ctx);
      if (caller && caller.organizationId !== program.hei.id) return refuse(programViolation(programField, ProgramErrorCode.NOT_YOUR_PROGRAM));
      const [totals] = await this.creditTotals(em, [program.id]);
      let result: T;
      try {
        result = await work(em, program, totals);
      } catch (error) {
        if (error instanceof Refusal) return refuse(...error.violations);
        throw error;
      }
      program.updatedAt = ctx.clock.now();
      return succeed(result);
    });
  }
}
