import type { FilterQuery } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Organization } from '../organizations';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { OrganizationKind } from '../shared/organization-kind';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { DemandErrorCode, demandViolation, type DemandViolation } from './demand.messages';
import { badCountIndex, countValid, DEMAND_COUNTS, type DemandReason, DemandStatus, demandMayMove, yearInHorizon } from './demand.rules';
import { IndustryOrderLine } from './industry-order-line.entity';
import { Qualification } from './qualification.entity';
import { WorkforceDemand } from './workforce-demand.entity';

/** Input of {@link DemandService.create} and {@link DemandService.update}. */
export interface DemandCommand {
  qualificationCode: string;
  counts: number[];
  reason: DemandReason;
  offersDualPlaces: boolean;
  dualPlaces?: number | null;
  mentors?: number | null;
  /** For an employer acting for itself, its own id; the system (seed) names the employer. */
  employerId?: string | null;
  /** The submitted version this one corrects. */
  supersedesId?: string | null;
}

/** Filters of {@link DemandService.list}. */
export interface DemandQuery {
  statuses?: DemandStatus[];
  employerId?: string;
  qualificationCode?: string;
  industry?: string;
}

/** One line of an industry council's agreed order. */
export interface AgreedLineCommand {
  qualificationCode: string;
  year: number;
  count: number;
  requirements: string;
}

/** Filters of {@link DemandService.listAgreedLines}. */
export interface AgreedLineQuery {
  year?: number;
  qualificationCode?: string;
  councilId?: string;
}

const f = (...path: (string | number)[]) => ['input', ...path.map(String)];

/**
 * Workforce demand (employers) and the industry councils' agreed orders. Every status change is
 * recorded in the audit trail.
 */
export class DemandService {
  constructor(private readonly audit: AuditService) {}

  /** The qualification catalogue (public). */
  qualifications(ctx: RequestContext, industry?: string): Promise<Qualification[]> {
    return ctx.em.find(Qualification, industry ? { industry } : {}, { orderBy: { code: 'asc' } });
  }

  /** A page of the demand the caller may see, newest first. */
  list<N>(ctx: RequestContext, query: DemandQuery, page: PageRequest, toNode: (row: WorkforceDemand) => N): Promise<Page<N>> {
    const where: FilterQuery<WorkforceDemand> = {};
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.employerId) where.employer = query.employerId;
    if (query.qualificationCode) where.qualificationCode = query.qualificationCode;
    if (query.industry) where.industry = query.industry;
    return paginate(ctx.em, WorkforceDemand, where, page, { createdAt: 'desc' }, toNode);
  }

  /** An employer states demand for one qualification as a DRAFT (a correction names the version it supersedes). */
  create(ctx: RequestContext, input: DemandCommand): Promise<Outcome<WorkforceDemand, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const employerId = caller ? caller.organizationId : input.employerId;
      const employer = employerId ? await tx.em.findOne(Organization, { id: employerId }, { filters: false }) : null;
      if (!employer || employer.kind !== OrganizationKind.EMPLOYER) return refuse(demandViolation(f('qualificationCode'), DemandErrorCode.NOT_AN_EMPLOYER));
      if (!employer.active) return refuse(demandViolation(f('qualificationCode'), DemandErrorCode.ORGANIZATION_INACTIVE));
      const refusals = await this.checkFields(tx, input);
      let version = 1;
      if (input.supersedesId) {
        const previous = await tx.em.findOne(WorkforceDemand, { id: input.supersedesId });
        if (!previous || previous.employer.id !== employer.id || previous.status !== DemandStatus.SUBMITTED) {
          refusals.push(demandViolation(f('supersedesId'), DemandErrorCode.SUPERSEDES_NOT_SUBMITTED));
        } else {
          version = previous.version + 1;
        }
      }
      if (refusals.length > 0) return refuse(...refusals);
      const demand = tx.em.create(WorkforceDemand, {
        employer,
        region: employer.region,
        industry: employer.industry ?? '',
        qualificationCode: input.qualificationCode,
        baseYear: tx.clock.now().getUTCFullYear(),
        counts: input.counts,
        reason: input.reason,
        offersDualPlaces: input.offersDualPlaces,
        dualPlaces: input.dualPlaces ?? 0,
        mentors: input.mentors ?? 0,
        version,
        supersedes: input.supersedesId ?? undefined,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'WorkforceDemand',
        objectId: demand.id,
        action: AuditAction.CREATED,
        after: { status: demand.status, version, counts: input.counts, qualificationCode: input.qualificationCode },
        visibleTo: [employer.id],
        regions: [employer.region],
      });
      await tx.em.flush();
      return succeed(demand);
    });
  }

  /** Changes a DRAFT; a submitted demand is immutable (DEMAND_IMMUTABLE). */
  update(ctx: RequestContext, demandId: string, input: DemandCommand): Promise<Outcome<WorkforceDemand, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const demand = await this.ownDemand(tx, demandId);
      if (!demand) return refuse(demandViolation(f('demandId'), DemandErrorCode.DEMAND_NOT_FOUND));
      if (demand.status !== DemandStatus.DRAFT) return refuse(demandViolation(f('demandId'), DemandErrorCode.DEMAND_IMMUTABLE));
      const refusals = await this.checkFields(tx, input);
      if (refusals.length > 0) return refuse(...refusals);
      tx.em.assign(demand, {
        qualificationCode: input.qualificationCode,
        counts: input.counts,
        reason: input.reason,
        offersDualPlaces: input.offersDualPlaces,
        dualPlaces: input.dualPlaces ?? 0,
        mentors: input.mentors ?? 0,
      });
      await tx.em.flush();
      return succeed(demand);
    });
  }

  /** DRAFT → SUBMITTED; the version it supersedes becomes SUPERSEDED in the same transaction. */
  submit(ctx: RequestContext, demandId: string): Promise<Outcome<WorkforceDemand, DemandErrorCode>> {
    return this.move(ctx, demandId, DemandStatus.SUBMITTED);
  }

  /** DRAFT or SUBMITTED → WITHDRAWN. */
  withdraw(ctx: RequestContext, demandId: string, reason?: string | null): Promise<Outcome<WorkforceDemand, DemandErrorCode>> {
    return this.move(ctx, demandId, DemandStatus.WITHDRAWN, reason);
  }

  private move(ctx: RequestContext, demandId: string, to: DemandStatus, reason?: string | null): Promise<Outcome<WorkforceDemand, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const demand = await this.ownDemand(tx, demandId);
      if (!demand) return refuse(demandViolation(f('demandId'), DemandErrorCode.DEMAND_NOT_FOUND));
      if (!demandMayMove(demand.status, to)) return refuse(demandViolation(f('demandId'), DemandErrorCode.INVALID_TRANSITION));
      const from = demand.status;
      demand.status = to;
      if (to === DemandStatus.SUBMITTED) demand.submittedAt = tx.clock.now();
      this.recordMove(tx, demand, from, reason);
      if (to === DemandStatus.SUBMITTED && demand.supersedes) {
        const previous = await tx.em.findOne(WorkforceDemand, { id: demand.supersedes });
        if (!previous || previous.status !== DemandStatus.SUBMITTED) return refuse(demandViolation(f('demandId'), DemandErrorCode.SUPERSEDES_NOT_SUBMITTED));
        previous.status = DemandStatus.SUPERSEDED;
        this.recordMove(tx, previous, DemandStatus.SUBMITTED, `superseded by version ${demand.version}`);
      }
      await tx.em.flush();
      return succeed(demand);
    });
  }

  private recordMove(tx: RequestContext, demand: WorkforceDemand, from: DemandStatus, reason?: string | null): void {
    this.audit.record(tx, tx.em, {
      objectType: 'WorkforceDemand',
      objectId: demand.id,
      action: AuditAction.STATUS_CHANGED,
      before: { status: from },
      after: { status: demand.status },
      reason,
      visibleTo: [demand.employer.id],
      regions: [demand.region],
    });
  }

  /** The demand, if the caller is its employer (or the system); locked for the change. */
  private async ownDemand(tx: RequestContext, demandId: string): Promise<WorkforceDemand | null> {
    const demand = await tx.em.findOne(WorkforceDemand, { id: demandId });
    const caller = callerOf(tx);
    if (!demand || (caller && demand.employer.id !== caller.organizationId)) return null;
    return demand;
  }

  private async checkFields(tx: RequestContext, input: DemandCommand): Promise<DemandViolation[]> {
    const refusals: DemandViolation[] = [];
    if ((await tx.em.count(Qualification, { code: input.qualificationCode })) === 0) {
      refusals.push(demandViolation(f('qualificationCode'), DemandErrorCode.UNKNOWN_QUALIFICATION));
    }
    const bad = badCountIndex(input.counts);
    if (bad === input.counts.length && input.counts.length !== DEMAND_COUNTS) refusals.push(demandViolation(f('counts'), DemandErrorCode.COUNTS_LENGTH));
    else if (bad >= 0) refusals.push(demandViolation(f('counts', bad), DemandErrorCode.NEGATIVE_COUNT));
    for (const name of ['dualPlaces', 'mentors'] as const) {
      const value = input[name];
      if (value != null && !countValid(value)) refusals.push(demandViolation(f(name), DemandErrorCode.NEGATIVE_COUNT));
    }
    if (!input.offersDualPlaces && (input.dualPlaces ?? 0) > 0) refusals.push(demandViolation(f('dualPlaces'), DemandErrorCode.DUAL_PLACES_WITHOUT_OFFER));
    return refusals;
  }

  /** A page of agreed-order lines the caller may see, by year and qualification. */
  listAgreedLines<N>(ctx: RequestContext, query: AgreedLineQuery, page: PageRequest, toNode: (row: IndustryOrderLine) => N): Promise<Page<N>> {
    const where: FilterQuery<IndustryOrderLine> = {};
    if (query.year) where.year = query.year;
    if (query.qualificationCode) where.qualificationCode = query.qualificationCode;
    if (query.councilId) where.council = query.councilId;
    return paginate(ctx.em, IndustryOrderLine, where, page, { year: 'asc', qualificationCode: 'asc' }, toNode);
  }

  /**
   * The industry council agrees its industry's order in its region: for each qualification of its
   * industry and year, a count and its qualification requirements. A line for the same
   * qualification and year replaces the council's earlier one.
   */
  agreeIndustryOrder(ctx: RequestContext, lines: AgreedLineCommand[], councilId?: string): Promise<Outcome<IndustryOrderLine[], DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const id = caller ? caller.organizationId : councilId;
      const council = id ? await tx.em.findOne(Organization, { id }, { filters: false }) : null;
      if (!council || council.kind !== OrganizationKind.INDUSTRY_COUNCIL) return refuse(demandViolation(f('lines'), DemandErrorCode.NOT_AN_INDUSTRY_COUNCIL));
      if (lines.length === 0) return refuse(demandViolation(f('lines'), DemandErrorCode.LINES_REQUIRED));
      const year = tx.clock.now().getUTCFullYear();
      const qualifications = new Map((await tx.em.find(Qualification, { code: { $in: lines.map((l) => l.qualificationCode) } })).map((q) => [q.code, q]));
      const refusals: DemandViolation[] = [];
      const seen = new Set<string>();
      lines.forEach((line, i) => {
        const q = qualifications.get(line.qualificationCode);
        if (!q) refusals.push(demandViolation(f('lines', i, 'qualificationCode'), DemandErrorCode.UNKNOWN_QUALIFICATION));
        else if (q.industry !== council.industry)
          refusals.push(demandViolation(f('lines', i, 'qualificationCode'), DemandErrorCode.QUALIFICATION_NOT_IN_INDUSTRY));
        if (!yearInHorizon(line.year, year)) refusals.push(demandViolation(f('lines', i, 'year'), DemandErrorCode.YEAR_OUT_OF_RANGE));
        if (!countValid(line.count)) refusals.push(demandViolation(f('lines', i, 'count'), DemandErrorCode.NEGATIVE_COUNT));
        if (!line.requirements.trim()) refusals.push(demandViolation(f('lines', i, 'requirements'), DemandErrorCode.REQUIREMENTS_REQUIRED));
        const key = `${line.qualificationCode}/${line.year}`;
        if (seen.has(key)) refusals.push(demandViolation(f('lines', i), DemandErrorCode.DUPLICATE_LINE));
        seen.add(key);
      });
      if (refusals.length > 0) return refuse(...refusals);
      const existing = await tx.em.find(IndustryOrderLine, {
        council: council.id,
        $or: lines.map((l) => ({ qualificationCode: l.qualificationCode, year: l.year })),
      });
      const byKey = new Map(existing.map((row) => [`${row.qualificationCode}/${row.year}`, row]));
      const rows = lines.map((line) => {
        const row = byKey.get(`${line.qualificationCode}/${line.year}`);
        const data = { count: line.count, requirements: line.requirements.trim() };
        if (row) return tx.em.assign(row, data);
        return tx.em.create(IndustryOrderLine, {
          council,
          region: council.region,
          industry: council.industry ?? '',
          qualificationCode: line.qualificationCode,
          year: line.year,
          ...data,
        });
      });
      for (const row of rows) {
        this.audit.record(tx, tx.em, {
          objectType: 'IndustryOrderLine',
          objectId: row.id,
          action: byKey.has(`${row.qualificationCode}/${row.year}`) ? AuditAction.STATUS_CHANGED : AuditAction.CREATED,
          after: { qualificationCode: row.qualificationCode, year: row.year, count: row.count },
          visibleTo: [council.id],
          regions: [council.region],
        });
      }
      await tx.em.flush();
      return succeed(rows);
    });
  }
}
