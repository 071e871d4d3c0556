import type { FilterQuery } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Organization } from '../organizations';
import { Program } from '../programs';
import { BadUserInputError } from '../shared/errors';
import { OrganizationKind } from '../shared/organization-kind';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { AccreditationCondition, AccreditationDecision, AccreditationRequest } from './accreditation.entity';
import { AccreditationErrorCode, accreditationViolation, type AccreditationViolation } from './accreditation.messages';
import { type AccreditationKind, type AccreditationOutcome, decisionProblems } from './accreditation.rules';

const f = (...path: (string | number)[]) => ['input', ...path.map(String)];

/** Input of {@link AccreditationService.recordDecision}. */
export interface RecordDecisionCommand {
  requestId: string;
  standard: string;
  outcome: AccreditationOutcome;
  decidedOn: string;
  validFrom?: string | null;
  validUntil?: string | null;
  conditions: { text: string; dueDate: string }[];
}

/**
 * Programme accreditation: an HEI asks an agency (which grants the agency read access to the
 * programme's outcomes), the agency records its decision with conditions and their fulfilment.
 */
export class AccreditationService {
  constructor(private readonly audit: AuditService) {}

  /** The HEI asks an accreditation agency to accredit one of its programmes. */
  request(
    ctx: RequestContext,
    input: { programId: string; agencyId: string; kind: AccreditationKind; heiId?: string | null },
  ): Promise<Outcome<AccreditationRequest, AccreditationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const hei = await this.callerOrg(tx, OrganizationKind.HEI, input.heiId);
      if (!hei) return refuse(accreditationViolation(f('programId'), AccreditationErrorCode.NOT_AN_HEI));
      const refusals: AccreditationViolation[] = [];
      const program = await tx.em.findOne(Program, { id: input.programId });
      if (!program || program.hei.id !== hei.id) refusals.push(accreditationViolation(f('programId'), AccreditationErrorCode.PROGRAM_NOT_AT_HEI));
      const agency = await tx.em.findOne(Organization, { id: input.agencyId }, { filters: false });
      if (!agency || agency.kind !== OrganizationKind.ACCREDITATION_AGENCY || !agency.active)
        refusals.push(accreditationViolation(f('agencyId'), AccreditationErrorCode.AGENCY_NOT_FOUND));
      else if ((await tx.em.count(AccreditationRequest, { program: input.programId, agency: agency.id, withdrawnAt: null }, { filters: false })) > 0)
        refusals.push(accreditationViolation(f('agencyId'), AccreditationErrorCode.REQUEST_OPEN));
      if (refusals.length > 0) return refuse(...refusals);
      const request = tx.em.create(AccreditationRequest, { hei, region: hei.region, agency: agency!, program: program!, kind: input.kind });
      this.audit.record(tx, tx.em, {
        objectType: 'AccreditationRequest',
        objectId: request.id,
        action: AuditAction.CREATED,
        after: { programId: program!.id, agencyId: agency!.id, kind: input.kind },
        visibleTo: [hei.id, agency!.id],
        regions: [hei.region],
      });
      await tx.em.flush();
      return succeed(request);
    });
  }

  /** The HEI withdraws its request: the agency's read access to the programme's outcomes ends. */
  withdraw(ctx: RequestContext, requestId: string): Promise<Outcome<AccreditationRequest, AccreditationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const request = await tx.em.findOne(AccreditationRequest, { id: requestId });
      const caller = callerOf(tx);
      if (!request || (caller && request.hei.id !== caller.organizationId) || request.withdrawnAt)
        return refuse(accreditationViolation(f('requestId'), AccreditationErrorCode.REQUEST_NOT_FOUND));
      request.withdrawnAt = tx.clock.now();
      this.audit.record(tx, tx.em, {
        objectType: 'AccreditationRequest',
        objectId: request.id,
        action: AuditAction.STATUS_CHANGED,
        after: { withdrawn: true },
        visibleTo: [request.hei.id, request.agency.id],
        regions: [request.region],
      });
      await tx.em.flush();
      return succeed(request);
    });
  }

  /** The agency records its decision on a programme it was asked to accredit. */
  recordDecision(ctx: RequestContext, input: RecordDecisionCommand): Promise<Outcome<AccreditationDecision, AccreditationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const request = await tx.em.findOne(AccreditationRequest, { id: input.requestId });
      if (!request || request.withdrawnAt || (caller && request.agency.id !== caller.organizationId))
        return refuse(
          accreditationViolation(
            f('requestId'),
            caller?.organizationKind === OrganizationKind.ACCREDITATION_AGENCY || !caller
              ? AccreditationErrorCode.REQUEST_NOT_FOUND
              : AccreditationErrorCode.NOT_AN_AGENCY,
          ),
        );
      const refusals: AccreditationViolation[] = [];
      if (!input.standard.trim()) refusals.push(accreditationViolation(f('standard'), AccreditationErrorCode.STANDARD_REQUIRED));
      if (input.decidedOn > this.today(tx)) refusals.push(accreditationViolation(f('decidedOn'), AccreditationErrorCode.DATE_IN_FUTURE));
      for (const p of decisionProblems(input)) refusals.push(accreditationViolation(f(...p.field.split('.')), AccreditationErrorCode[p.code]));
      if (refusals.length > 0) return refuse(...refusals);
      const decision = tx.em.create(AccreditationDecision, {
        request,
        hei: request.hei,
        region: request.region,
        agency: request.agency,
        program: request.program,
        kind: request.kind,
        standard: input.standard.trim(),
        outcome: input.outcome,
        decidedOn: input.decidedOn,
        validFrom: input.validFrom ?? undefined,
        validUntil: input.validUntil ?? undefined,
      });
      for (const c of input.conditions)
        tx.em.create(AccreditationCondition, {
          decision,
          hei: request.hei,
          agency: request.agency,
          region: request.region,
          text: c.text.trim(),
          dueDate: c.dueDate,
        });
      this.audit.record(tx, tx.em, {
        objectType: 'AccreditationDecision',
        objectId: decision.id,
        action: AuditAction.CREATED,
        after: { outcome: input.outcome, validUntil: input.validUntil ?? null, conditions: input.conditions.length },
        visibleTo: [request.hei.id, request.agency.id],
        regions: [request.region],
      });
      await tx.em.flush();
      return succeed(decision);
    });
  }

  /** The agency records a condition fulfilled, with the evidence. */
  fulfil(
    ctx: RequestContext,
    input: { conditionId: string; fulfilledOn: string; evidence: string },
  ): Promise<Outcome<AccreditationCondition, AccreditationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const condition = await tx.em.findOne(AccreditationCondition, { id: input.conditionId });
      if (!condition || (caller && condition.agency.id !== caller.organizationId))
        return refuse(accreditationViolation(f('conditionId'), AccreditationErrorCode.CONDITION_NOT_FOUND));
      const refusals: AccreditationViolation[] = [];
      if (condition.fulfilledOn) refusals.push(accreditationViolation(f('conditionId'), AccreditationErrorCode.ALREADY_FULFILLED));
      if (input.fulfilledOn > this.today(tx)) refusals.push(accreditationViolation(f('fulfilledOn'), AccreditationErrorCode.DATE_IN_FUTURE));
      if (!input.evidence.trim()) refusals.push(accreditationViolation(f('evidence'), AccreditationErrorCode.EVIDENCE_REQUIRED));
      if (refusals.length > 0) return refuse(...refusals);
      condition.fulfilledOn = input.fulfilledOn;
      condition.evidence = input.evidence.trim();
      this.audit.record(tx, tx.em, {
        objectType: 'AccreditationCondition',
        objectId: condition.id,
        action: AuditAction.STATUS_CHANGED,
        after: { fulfilledOn: input.fulfilledOn },
        visibleTo: [condition.hei.id, condition.agency.id],
        regions: [condition.region],
      });
      await tx.em.flush();
      return succeed(condition);
    });
  }

  listRequests<N>(ctx: RequestContext, page: PageRequest, toNode: (r: AccreditationRequest) => N): Promise<Page<N>> {
    return paginate(ctx.em, AccreditationRequest, {}, page, { createdAt: 'desc', id: 'asc' }, toNode);
  }

  listDecisions<N>(ctx: RequestContext, query: { programId?: string }, page: PageRequest, toNode: (d: AccreditationDecision) => N): Promise<Page<N>> {
    const where: FilterQuery<AccreditationDecision> = {};
    if (query.programId) where.program = query.programId;
    return paginate(ctx.em, AccreditationDecision, where, page, { decidedOn: 'desc', id: 'asc' }, toNode);
  }

  /** Conditions of many decisions at once, by due date. */
  async conditionsOf(ctx: RequestContext, decisionIds: readonly string[]): Promise<AccreditationCondition[][]> {
    const rows = await ctx.em.find(AccreditationCondition, { decision: { $in: [...decisionIds] } }, { orderBy: { dueDate: 'asc' } });
    return decisionIds.map((id) => rows.filter((r) => r.decision.id === id));
  }

  /**
   * Accreditations (not refused) whose validity ends from `asOf` to `withinDays` days later, and
   * open conditions past their due date (both scoped, at most 500 each).
   */
  async expiring(
    ctx: RequestContext,
    query: { withinDays: number; asOf?: string | null },
  ): Promise<{ expiring: AccreditationDecision[]; overdueConditions: AccreditationCondition[] }> {
    if (!Number.isInteger(query.withinDays) || query.withinDays < 0 || query.withinDays > 3650)
      throw new BadUserInputError('withinDays is 0 to 3650', 'withinDays');
    const today = query.asOf ?? this.today(ctx);
    const until = new Date(Date.parse(today) + query.withinDays * 86_400_000).toISOString().slice(0, 10);
    const expiring = await ctx.em.find(
      AccreditationDecision,
      { outcome: { $ne: 'REFUSED' as AccreditationOutcome }, validUntil: { $gte: today, $lte: until } },
      { orderBy: { validUntil: 'asc', id: 'asc' }, limit: 500 },
    );
    const overdueConditions = await ctx.em.find(
      AccreditationCondition,
      { fulfilledOn: null, dueDate: { $lt: today } },
      { orderBy: { dueDate: 'asc', id: 'asc' }, limit: 500 },
    );
    return { expiring, overdueConditions };
  }

  private today(ctx: RequestContext): string {
    return ctx.clock.now().toISOString().slice(0, 10);
  }

  private async callerOrg(tx: RequestContext, kind: OrganizationKind, systemId?: string | null): Promise<Organization | null> {
    const caller = callerOf(tx);
    const id = caller ? caller.organizationId : systemId;
    const org = id ? await tx.em.findOne(Organization, { id }, { filters: false }) : null;
    return org && org.kind === kind && org.active ? org : null;
  }
}
