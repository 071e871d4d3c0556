import { randomBytes } from 'node:crypto';
import { type EntityManager, type FilterQuery, LockMode } from '@mikro-orm/core';
import { runMutation } from '../db/mutation';
import { withEntityManager } from '../db/context';
import { Agreement, AgreementKind, AgreementStatus, missingParties, periodWithin } from '../agreements';
import { AuditAction, AuditService } from '../audit';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { inactiveAmong, Membership, PersonRole } from '../organizations';
import { NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, type RuleViolation, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { type DomainEventSink, noDomainEvents } from '../shared/domain-events';
import { Workplace } from '../workplaces';
import type { ActivationGate, MentorAssignmentCheck, PlacementPlanningCheck } from './placement.gates';
import { Placement, PlacementStatus, TimeModel } from './placement.entity';
import { PLACEMENT_STATUS_CHANGED } from './placement.events';
import { PlacementErrorCode, placementViolation } from './placement.messages';
import {
  dayOf,
  dayWithin,
  FINAL_STATUSES,
  OCCUPYING_STATUSES,
  periodInOrder,
  PLACEMENT_MACHINE,
  type PlacementTransition,
  timeModelValid,
  transitionApplies,
} from './placement.rules';

export { PlacementErrorCode };

type Refusal = RuleViolation<PlacementErrorCode>;

/** Filters of {@link PlacementService.list}. */
export interface PlacementQuery {
  statuses?: PlacementStatus[];
  studentId?: string;
  heiId?: string;
  employerId?: string;
  workplaceId?: string;
  agreementId?: string;
  mentorId?: string;
}

/** Input of {@link PlacementService.create}. */
export interface CreatePlacementCommand {
  code?: string | null;
  studentId: string;
  heiId: string;
  employerId: string;
  workplaceId: string;
  agreementId: string;
  mentorId?: string | null;
  curatorId?: string | null;
  startDate: string;
  endDate: string;
  timeModel: TimeModel;
  daysPerWeek?: number | null;
}

export type { PlacementTransition };

function partiesOf(p: Placement): { visibleTo: string[]; regions: string[] } {
  return { visibleTo: [p.hei.id, p.employer.id], regions: [p.hei.region, p.employer.region] };
}

function field(name: string): string[] {
  return ['input', name];
}

/**
 * Placements and every rule about them: who may be placed where, under which agreement and
 * mentor, and which status changes are allowed when. Each change is recorded in the audit trail
 * and announced as `placementChanged` on commit by the placement change log (its trigger NOTIFYs
 * every API process; see `placement.relay.ts`), so the service publishes nothing itself.
 */
export class PlacementService {
  /**
   * @param audit where changes are recorded
   * @param gates what must pass before a placement becomes ACTIVE (the modules' `activationGates`,
   *   filled by the composition root once every service exists)
   * @param events where domain events go, in the change's transaction (the webhook outbox)
   * @param mentorChecks what a mentor must meet to be assigned (the modules' `mentorAssignmentChecks`,
   *   filled the same way)
   * @param planningChecks what a placement must meet to be planned (the modules'
   *   `placementPlanningChecks`, e.g. enrolment's; filled the same way)
   */
  constructor(
    private readonly audit: AuditService,
    private readonly gates: readonly ActivationGate[],
    private readonly events: DomainEventSink<EntityManager> = noDomainEvents,
    private readonly mentorChecks: readonly MentorAssignmentCheck[] = [],
    private readonly planningChecks: readonly PlacementPlanningCheck[] = [],
  ) {}

  /** A page of the placements the caller may see, newest period first. */
  list<N>(ctx: RequestContext, query: PlacementQuery, page: PageRequest, toNode: (row: Placement) => N): Promise<Page<N>> {
    const where: FilterQuery<Placement> = {};
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.studentId) where.student = query.studentId;
    if (query.heiId) where.hei = query.heiId;
    if (query.employerId) where.employer = query.employerId;
    if (query.workplaceId) where.workplace = query.workplaceId;
    if (query.agreementId) where.agreement = query.agreementId;
    if (query.mentorId) where.mentor = query.mentorId;
    return paginate(ctx.em, Placement, where, page, { startDate: 'desc' }, toNode);
  }

  /**
   * Plans a placement (status PLANNED). The caller must be its HEI or its employer. Of two
   * concurrent creations with one code, the database's unique constraint refuses the second with
   * CODE_TAKEN.
   */
  async create(ctx: RequestContext, input: CreatePlacementCommand): Promise<Outcome<Placement, PlacementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, (tx) => this.plan(tx, input), { unique: { placement_code_unique: () => this.codeTaken() } });
  }

  private async plan(ctx: RequestContext, input: CreatePlacementCommand): Promise<Outcome<Placement, PlacementErrorCode>> {
    const caller = callerOf(ctx);
    if (caller && caller.organizationId !== input.heiId && caller.organizationId !== input.employerId) {
      return refuse(this.notAParty(field('heiId')));
    }
    const refusals: Refusal[] = [];
    const inactive = await inactiveAmong(ctx.em, [input.heiId, input.employerId]);
    if (inactive.has(input.heiId)) refusals.push(placementViolation(field('heiId'), PlacementErrorCode.ORGANIZATION_INACTIVE));
    if (inactive.has(input.employerId)) refusals.push(placementViolation(field('employerId'), PlacementErrorCode.ORGANIZATION_INACTIVE));
    if (!periodInOrder(input.startDate, input.endDate)) {
      refusals.push(placementViolation(field('endDate'), PlacementErrorCode.INVALID_PERIOD, {}));
    }
    if (!timeModelValid(input.timeModel, input.daysPerWeek)) {
      refusals.push(placementViolation(field('daysPerWeek'), PlacementErrorCode.INVALID_TIME_MODEL));
    }
    const code = (input.code?.trim() || `PL-${randomBytes(4).toString('hex').toUpperCase()}`).toUpperCase();
    if ((await ctx.em.count(Placement, { code }, { filters: false })) > 0) refusals.push(this.codeTaken());
    if (!(await this.hasRole(ctx.em, input.studentId, input.heiId, PersonRole.STUDENT))) {
      refusals.push(placementViolation(field('studentId'), PlacementErrorCode.STUDENT_NOT_AT_HEI));
    } else {
      // The modules' checks (enrolment: the student is enrolled in a programme of this HEI).
      const plan = { studentId: input.studentId, heiId: input.heiId, startDate: input.startDate, field: field('studentId') };
      for (const check of this.planningChecks) refusals.push(...(await check.check(ctx, plan)));
    }
    // Facts about other organisations' rows are checked unscoped; the answer reveals no more than the refusal code.
    const workplace = await ctx.em.findOne(Workplace, { id: input.workplaceId }, { filters: false });
    if (!workplace || workplace.employer.id !== input.employerId) {
      refusals.push(placementViolation(field('workplaceId'), PlacementErrorCode.WORKPLACE_NOT_AT_EMPLOYER));
    }
    const agreement = await ctx.em.findOne(Agreement, { id: input.agreementId }, { filters: false });
    if (agreement) refusals.push(...this.agreementRefusals(agreement, input, input.startDate, input.endDate, false));
    else refusals.push(this.agreementMismatch());
    if (input.mentorId && !(await this.hasRole(ctx.em, input.mentorId, input.employerId, PersonRole.MENTOR))) {
      refusals.push(this.mentorNotAtHost());
    } else if (input.mentorId) {
      refusals.push(...(await this.mentorCheckRefusals(ctx, input.mentorId, input.employerId, input.startDate)));
    }
    if (input.curatorId && !(await this.hasRole(ctx.em, input.curatorId, input.heiId, PersonRole.CURATOR))) {
      refusals.push(this.curatorNotAtHei());
    }
    if (periodInOrder(input.startDate, input.endDate)) {
      const overlapping = await ctx.em.count(
        Placement,
        { student: input.studentId, status: { $in: [...OCCUPYING_STATUSES] }, startDate: { $lte: input.endDate }, endDate: { $gte: input.startDate } },
        { filters: false },
      );
      if (overlapping > 0) refusals.push(this.studentAlreadyPlaced('overlap'));
    }
    if (refusals.length > 0) return refuse(...refusals);

    const placement = ctx.em.create(Placement, {
      code,
      student: input.studentId,
      hei: input.heiId,
      employer: input.employerId,
      workplace: workplace!,
      agreement: agreement!,
      mentor: input.mentorId ?? undefined,
      curator: input.curatorId ?? undefined,
      startDate: input.startDate,
      endDate: input.endDate,
      timeModel: input.timeModel,
      daysPerWeek: input.daysPerWeek ?? undefined,
      statusChangedAt: ctx.clock.now(),
    });
    await ctx.em.populate(placement, ['hei', 'employer'], { filters: false });
    this.audit.record(ctx, ctx.em, {
      objectType: 'Placement',
      objectId: placement.id,
      action: AuditAction.CREATED,
      after: {
        status: placement.status,
        code,
        startDate: input.startDate,
        endDate: input.endDate,
        mentorId: input.mentorId ?? null,
        curatorId: input.curatorId ?? null,
      },
      ...partiesOf(placement),
    });
    await this.events.publish(ctx.em, {
      type: PLACEMENT_STATUS_CHANGED,
      subject: { type: 'Placement', id: placement.id },
      occurredAt: placement.statusChangedAt,
      data: { code, fromStatus: null, toStatus: placement.status, reason: null },
    });
    return succeed(placement);
  }

  /**
   * Moves a placement along its lifecycle. The row is locked for the whole check-and-write, so of
   * two concurrent transitions of one placement the second sees the first's result (and is
   * refused with INVALID_TRANSITION when it no longer applies).
   */
  async transition(
    ctx: RequestContext,
    placementId: string,
    kind: PlacementTransition,
    reason?: string | null,
  ): Promise<Outcome<Placement, PlacementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const denied = await this.checkParty(ctx, placementId);
    if (denied) return refuse(denied);
    const rule = PLACEMENT_MACHINE[kind];
    const to = rule.to;
    if (rule.reasonRequired && !reason?.trim()) {
      return refuse(placementViolation(field('reason'), PlacementErrorCode.REASON_REQUIRED));
    }
    let from: PlacementStatus | undefined;
    const outcome = await runMutation(
      ctx,
      async (txCtx) => {
        const em = txCtx.em;
        const placement = await this.lock(em, placementId);
        from = placement.status;
        if (!transitionApplies(kind, placement.status)) return refuse(this.invalidTransition(placement.status, to));
        const startDate = dayOf(ctx.clock.now());
        for (const check of rule.checks) {
          const refusals =
            check === 'ACTIVATION'
              ? await this.activationRefusals(txCtx, placement, startDate)
              : this.agreementRefusals(placement.agreement, this.pairOf(placement), placement.startDate, placement.endDate, false);
          if (refusals.length > 0) return refuse(...refusals);
        }
        const before = { status: placement.status };
        placement.status = to;
        placement.statusChangedAt = ctx.clock.now();
        placement.statusReason = reason?.trim() || undefined;
        if (rule.checks.includes('ACTIVATION')) {
          for (const gate of this.gates) await gate.onActivated?.(txCtx, em, placement, startDate);
        }
        this.audit.record(ctx, em, {
          objectType: 'Placement',
          objectId: placement.id,
          action: AuditAction.STATUS_CHANGED,
          before,
          after: { status: to },
          reason: placement.statusReason,
          ...partiesOf(placement),
        });
        await this.events.publish(em, {
          type: PLACEMENT_STATUS_CHANGED,
          subject: { type: 'Placement', id: placement.id },
          occurredAt: placement.statusChangedAt,
          data: { code: placement.code, fromStatus: before.status, toStatus: to, reason: placement.statusReason ?? null },
        });
        return succeed(placement);
      },
      // The partial unique index: another activation of this student committed first.
      { unique: { placement_one_active_per_student: () => this.studentAlreadyPlaced('active') } },
    );
    if (outcome.ok) {
      ctx.log.info({ placementId, from, to }, 'placement status changed');
    }
    return outcome;
  }

  /** Assigns (or replaces) the one mentor: an employee of the host employer with the MENTOR role. */
  assignMentor(ctx: RequestContext, placementId: string, mentorId: string, reason?: string | null): Promise<Outcome<Placement, PlacementErrorCode>> {
    return this.assign(ctx, placementId, 'mentor', mentorId, reason);
  }

  /** Assigns (or replaces) the curator: a CURATOR of the placement's HEI. */
  assignCurator(ctx: RequestContext, placementId: string, curatorId: string, reason?: string | null): Promise<Outcome<Placement, PlacementErrorCode>> {
    return this.assign(ctx, placementId, 'curator', curatorId, reason);
  }

  private async assign(
    ctx: RequestContext,
    placementId: string,
    role: 'mentor' | 'curator',
    personId: string,
    reason?: string | null,
  ): Promise<Outcome<Placement, PlacementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const denied = await this.checkParty(ctx, placementId);
    if (denied) return refuse(denied);
    return ctx.em.transactional(async (em) => {
      const placement = await this.lock(em, placementId);
      if (FINAL_STATUSES.includes(placement.status)) return refuse(this.invalidTransition(placement.status, placement.status));
      const ok =
        role === 'mentor'
          ? await this.hasRole(em, personId, placement.employer.id, PersonRole.MENTOR)
          : await this.hasRole(em, personId, placement.hei.id, PersonRole.CURATOR);
      if (!ok) return refuse(role === 'mentor' ? this.mentorNotAtHost() : this.curatorNotAtHei());
      if (role === 'mentor') {
        const refusals = await this.mentorCheckRefusals(withEntityManager(ctx, em), personId, placement.employer.id, placement.startDate);
        if (refusals.length > 0) return refuse(...refusals);
      }
      const key = role === 'mentor' ? 'mentorId' : 'curatorId';
      const before = { [key]: placement[role]?.id ?? null };
      placement[role] = em.getReference('Person', personId) as Placement['mentor'];
      this.audit.record(ctx, em, {
        objectType: 'Placement',
        objectId: placement.id,
        action: role === 'mentor' ? AuditAction.MENTOR_ASSIGNED : AuditAction.CURATOR_ASSIGNED,
        before,
        after: { [key]: personId },
        reason,
        ...partiesOf(placement),
      });
      return succeed(placement);
    });
  }

  /** What the modules' mentor checks say about assigning this mentor. */
  private async mentorCheckRefusals(ctx: RequestContext, mentorId: string, employerId: string, placementStartDate: string): Promise<Refusal[]> {
    const refusals: Refusal[] = [];
    for (const check of this.mentorChecks) refusals.push(...(await check.check(ctx, { mentorId, employerId, placementStartDate, field: field('mentorId') })));
    return refusals;
  }

  /** Every rule a placement must meet to become ACTIVE on `startDate`, then the registered gates. */
  private async activationRefusals(ctx: RequestContext, placement: Placement, startDate: string): Promise<Refusal[]> {
    const refusals: Refusal[] = [];
    if (!dayWithin(startDate, placement.startDate, placement.endDate)) {
      refusals.push(
        placementViolation(field('placementId'), PlacementErrorCode.INVALID_PERIOD, { period: { start: placement.startDate, end: placement.endDate } }),
      );
    }
    if (!placement.mentor) {
      refusals.push(placementViolation(field('placementId'), PlacementErrorCode.MENTOR_REQUIRED));
    } else if (!(await this.hasRole(ctx.em, placement.mentor.id, placement.employer.id, PersonRole.MENTOR))) {
      refusals.push(this.mentorNotAtHost(field('placementId')));
    }
    refusals.push(...this.agreementRefusals(placement.agreement, this.pairOf(placement), startDate, placement.endDate, true));
    // A placement planned before its HEI or employer was deactivated stays, but does not start.
    if ((await inactiveAmong(ctx.em, [placement.hei.id, placement.employer.id])).size > 0) {
      refusals.push(placementViolation(field('placementId'), PlacementErrorCode.ORGANIZATION_INACTIVE));
    }
    const otherActive = await ctx.em.count(
      Placement,
      { student: placement.student.id, status: PlacementStatus.ACTIVE, id: { $ne: placement.id } },
      { filters: false },
    );
    if (otherActive > 0) refusals.push(this.studentAlreadyPlaced('active'));
    if (refusals.length > 0) return refusals;
    for (const gate of this.gates) refusals.push(...(await gate.check(ctx, placement, startDate)));
    return refusals;
  }

  /**
   * The agreement must name this HEI–employer pair (and this student, if tripartite), not be
   * terminated, and cover the period; to start, it must be signed by every party.
   */
  private agreementRefusals(
    agreement: Agreement,
    pair: { heiId: string; employerId: string; studentId: string },
    start: string,
    end: string,
    mustBeSigned: boolean,
  ): Refusal[] {
    const path = mustBeSigned ? field('placementId') : field('agreementId');
    const studentOk = agreement.kind !== AgreementKind.TRIPARTITE || agreement.student?.id === pair.studentId;
    if (agreement.hei.id !== pair.heiId || agreement.employer.id !== pair.employerId || !studentOk) return [this.agreementMismatch(path)];
    if (agreement.status === AgreementStatus.TERMINATED) {
      return [placementViolation(path, PlacementErrorCode.AGREEMENT_TERMINATED)];
    }
    const refusals: Refusal[] = [];
    if (periodInOrder(start, end) && !periodWithin(start, end, agreement.validFrom, agreement.validTo)) {
      refusals.push(
        placementViolation(path, PlacementErrorCode.AGREEMENT_DOES_NOT_COVER_PERIOD, { validFrom: agreement.validFrom, validTo: agreement.validTo }),
      );
    }
    if (mustBeSigned && agreement.status !== AgreementStatus.ACTIVE) {
      const signed = agreement.signatures.isInitialized() ? agreement.signatures.getItems().map((s) => s.party) : [];
      const missing = missingParties(agreement.kind, signed).join(', ');
      refusals.push(placementViolation(path, PlacementErrorCode.AGREEMENT_NOT_SIGNED, { missing }));
    }
    return refusals;
  }

  private pairOf(p: Placement): { heiId: string; employerId: string; studentId: string } {
    return { heiId: p.hei.id, employerId: p.employer.id, studentId: p.student.id };
  }

  /** Loads and locks the placement row (FOR UPDATE) with what the rules read. */
  private async lock(em: EntityManager, placementId: string): Promise<Placement> {
    const placement = await em.findOneOrFail(Placement, { id: placementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, refresh: true });
    await em.populate(placement, ['hei', 'employer', 'student', 'workplace', 'agreement', 'agreement.hei', 'agreement.employer', 'agreement.signatures'], {
      filters: false,
      refresh: true,
    });
    return placement;
  }

  /** NOT_FOUND when the caller cannot see the placement; a refusal when it sees it but is not a party. */
  private async checkParty(ctx: RequestContext, placementId: string): Promise<Refusal | undefined> {
    const placement = await ctx.em.findOne(Placement, { id: placementId });
    if (!placement) throw new NotFoundError('Placement');
    const caller = callerOf(ctx);
    if (caller && caller.organizationId !== placement.hei.id && caller.organizationId !== placement.employer.id) return this.notAParty(field('placementId'));
    return undefined;
  }

  private async hasRole(em: EntityManager, personId: string, organizationId: string, role: PersonRole): Promise<boolean> {
    return (await em.count(Membership, { person: personId, organization: organizationId, role }, { filters: false })) > 0;
  }

  private codeTaken(): Refusal {
    return placementViolation(field('code'), PlacementErrorCode.CODE_TAKEN);
  }

  private notAParty(path: string[]): Refusal {
    return placementViolation(path, PlacementErrorCode.NOT_A_PARTY);
  }

  private invalidTransition(from: PlacementStatus, to: PlacementStatus): Refusal {
    return placementViolation(field('placementId'), PlacementErrorCode.INVALID_TRANSITION, { from, to });
  }

  private agreementMismatch(path = field('agreementId')): Refusal {
    return placementViolation(path, PlacementErrorCode.AGREEMENT_MISMATCH);
  }

  private mentorNotAtHost(path = field('mentorId')): Refusal {
    return placementViolation(path, PlacementErrorCode.MENTOR_NOT_AT_HOST);
  }

  private curatorNotAtHei(): Refusal {
    return placementViolation(field('curatorId'), PlacementErrorCode.CURATOR_NOT_AT_HEI);
  }

  private studentAlreadyPlaced(kind: 'overlap' | 'active'): Refusal {
    return kind === 'overlap'
      ? placementViolation(field('studentId'), PlacementErrorCode.STUDENT_ALREADY_PLACED, { kind: 'overlap' })
      : placementViolation(field('placementId'), PlacementErrorCode.STUDENT_ALREADY_PLACED, { kind: 'active' });
  }
}
