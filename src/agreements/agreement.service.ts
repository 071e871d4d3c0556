import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { AuditAction, AuditService } from '../audit';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { inactiveAmong, Membership, Organization, OrganizationKind, PersonRole } from '../organizations';
import { NotFoundError } from '../shared/errors';
import { Loaders } from '../shared/loaders';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, type RuleViolation, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { AgreementErrorCode, agreementViolation } from './agreement.messages';
import { AgreementSignature } from './agreement-signature.entity';
import { Agreement, AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';
import { AGREEMENT_MACHINE, agreementEventApplies, requiredParties, statusAfterSignatures } from './agreement.rules';

/** Filters of {@link AgreementService.list}. */
export interface AgreementQuery {
  kind?: AgreementKind;
  statuses?: AgreementStatus[];
  heiId?: string;
  employerId?: string;
  studentId?: string;
}

/** Input of {@link AgreementService.create}. */
export interface CreateAgreementCommand {
  number: string;
  kind: AgreementKind;
  heiId: string;
  employerId: string;
  studentId?: string | null;
  validFrom: string;
  validTo: string;
  remunerationAmount: number;
  remunerationCurrency?: string | null;
}

type Refusal = RuleViolation<AgreementErrorCode>;

/** What the audit trail keeps about an agreement. */
function auditView(agreement: Agreement, signed: AgreementParty[]): Record<string, unknown> {
  return { status: agreement.status, signedBy: [...signed].sort() };
}

function partiesOf(agreement: Agreement): { visibleTo: string[]; regions: string[] } {
  return { visibleTo: [agreement.hei.id, agreement.employer.id], regions: [agreement.hei.region, agreement.employer.region] };
}

/** Agreements between HEIs, enterprises and students: drafting, signatures, termination. */
export class AgreementService {
  constructor(private readonly audit: AuditService) {}

  /** A page of the agreements the caller may see, ordered by number. */
  list<N>(ctx: RequestContext, query: AgreementQuery, page: PageRequest, toNode: (row: Agreement) => N): Promise<Page<N>> {
    const where: FilterQuery<Agreement> = {};
    if (query.kind) where.kind = query.kind;
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.heiId) where.hei = query.heiId;
    if (query.employerId) where.employer = query.employerId;
    if (query.studentId) where.student = query.studentId;
    return paginate(ctx.em, Agreement, where, page, { number: 'asc' }, toNode);
  }

  /** Signatures of many agreements at once (visible ones), in signing order. */
  async signaturesOf(ctx: RequestContext, agreementIds: readonly string[]): Promise<AgreementSignature[][]> {
    const rows = await ctx.em.find(AgreementSignature, { agreement: { $in: [...agreementIds] } }, { orderBy: { signedAt: 'asc' } });
    return Loaders.group(agreementIds, rows, (row) => row.agreement.id);
  }

  /** Drafts an agreement. The caller must be its HEI or its employer. */
  async create(ctx: RequestContext, input: CreateAgreementCommand): Promise<Outcome<Agreement, AgreementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const refusals: Refusal[] = [];
    const caller = callerOf(ctx);
    const [hei, employer] = await Promise.all([ctx.em.findOne(Organization, { id: input.heiId }), ctx.em.findOne(Organization, { id: input.employerId })]);
    if (!hei || hei.kind !== OrganizationKind.HEI) {
      refusals.push(agreementViolation(['input', 'heiId'], AgreementErrorCode.HEI_REQUIRED));
    }
    if (!employer || employer.kind !== OrganizationKind.EMPLOYER) {
      refusals.push(agreementViolation(['input', 'employerId'], AgreementErrorCode.EMPLOYER_REQUIRED));
    }
    if (caller && caller.organizationId !== input.heiId && caller.organizationId !== input.employerId) {
      refusals.push(agreementViolation(['input', 'heiId'], AgreementErrorCode.NOT_A_PARTY, { action: 'draft' }));
    }
    const inactive = await inactiveAmong(ctx.em, [hei?.id, employer?.id]);
    for (const [party, fieldName] of [
      [hei, 'heiId'],
      [employer, 'employerId'],
    ] as const) {
      if (party && inactive.has(party.id)) refusals.push(agreementViolation(['input', fieldName], AgreementErrorCode.ORGANIZATION_INACTIVE));
    }
    if (!(input.validFrom <= input.validTo)) {
      refusals.push(agreementViolation(['input', 'validTo'], AgreementErrorCode.INVALID_PERIOD));
    }
    if (!Number.isInteger(input.remunerationAmount) || input.remunerationAmount < 0) {
      refusals.push(agreementViolation(['input', 'remunerationAmount'], AgreementErrorCode.INVALID_REMUNERATION));
    }
    if (input.kind === AgreementKind.TRIPARTITE && !input.studentId) {
      refusals.push(agreementViolation(['input', 'studentId'], AgreementErrorCode.STUDENT_REQUIRED));
    }
    if (input.kind === AgreementKind.NETWORK_INTERACTION && input.studentId) {
      refusals.push(agreementViolation(['input', 'studentId'], AgreementErrorCode.STUDENT_NOT_ALLOWED, { action: 'draft' }));
    }
    if (input.studentId && hei) {
      const enrolled = await ctx.em.count(Membership, { person: input.studentId, organization: hei.id, role: PersonRole.STUDENT }, { filters: false });
      if (enrolled === 0) {
        refusals.push(agreementViolation(['input', 'studentId'], AgreementErrorCode.STUDENT_NOT_AT_HEI));
      }
    }
    const number = input.number.trim();
    if ((await ctx.em.count(Agreement, { number }, { filters: false })) > 0) {
      refusals.push(agreementViolation(['input', 'number'], AgreementErrorCode.NUMBER_TAKEN));
    }
    if (refusals.length > 0) return refuse(...refusals);
    const agreement = ctx.em.create(Agreement, {
      number,
      kind: input.kind,
      hei: hei!,
      employer: employer!,
      student: input.studentId ?? undefined,
      validFrom: input.validFrom,
      validTo: input.validTo,
      remunerationAmount: input.remunerationAmount,
      remunerationCurrency: input.remunerationCurrency ?? 'KZT',
    });
    this.audit.record(ctx, ctx.em, {
      objectType: 'Agreement',
      objectId: agreement.id,
      action: AuditAction.CREATED,
      after: { ...auditView(agreement, []), number, kind: input.kind, validFrom: input.validFrom, validTo: input.validTo },
      ...partiesOf(agreement),
    });
    await ctx.em.flush();
    return succeed(agreement);
  }

  /**
   * Records one party's signature. The HEI signs for itself and records the student's signature
   * on a tripartite agreement; the employer signs for itself. The last required signature makes
   * the agreement ACTIVE. The agreement row is locked, so two signatures never race.
   */
  async sign(ctx: RequestContext, agreementId: string, party: AgreementParty): Promise<Outcome<Agreement, AgreementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.findVisible(ctx, agreementId);
    const caller = callerOf(ctx);
    const outcome = await ctx.em.transactional(async (em) => {
      const agreement = await em.findOneOrFail(Agreement, { id: agreementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, refresh: true });
      await em.populate(agreement, ['hei', 'employer', 'signatures'], { filters: false, refresh: true });
      const signingOrg = party === AgreementParty.EMPLOYER ? agreement.employer : agreement.hei;
      if (caller && caller.organizationId !== signingOrg.id) {
        return refuse(agreementViolation(['input', 'party'], AgreementErrorCode.NOT_A_PARTY, { action: 'sign' }));
      }
      if (!requiredParties(agreement.kind).includes(party)) {
        return refuse(agreementViolation(['input', 'party'], AgreementErrorCode.STUDENT_NOT_ALLOWED, { action: 'sign' }));
      }
      if (!agreementEventApplies('sign', agreement.status)) return refuse(this.terminated());
      const signed = agreement.signatures.getItems().map((s) => s.party);
      if (signed.includes(party)) {
        return refuse(agreementViolation(['input', 'party'], AgreementErrorCode.ALREADY_SIGNED));
      }
      const before = auditView(agreement, signed);
      const signature = em.create(AgreementSignature, {
        agreement,
        party,
        organization: signingOrg,
        person: party === AgreementParty.STUDENT ? agreement.student : undefined,
        apiKeyId: caller?.keyId,
        signedAt: ctx.clock.now(),
      });
      agreement.status = statusAfterSignatures(agreement.kind, [...signed, party]);
      this.audit.record(ctx, em, {
        objectType: 'Agreement',
        objectId: agreement.id,
        action: AuditAction.SIGNED,
        before,
        after: { ...auditView(agreement, [...signed, party]), party },
        actorPersonId: signature.person?.id,
        ...partiesOf(agreement),
      });
      return succeed(agreement);
    });
    return outcome;
  }

  /** Ends an agreement early (a party, with a reason). Placements under it can no longer start. */
  async terminate(ctx: RequestContext, agreementId: string, reason: string): Promise<Outcome<Agreement, AgreementErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.findVisible(ctx, agreementId);
    const caller = callerOf(ctx);
    if (AGREEMENT_MACHINE.terminate.reasonRequired && !reason.trim()) {
      return refuse(agreementViolation(['input', 'reason'], AgreementErrorCode.REASON_REQUIRED));
    }
    return ctx.em.transactional(async (em) => {
      const agreement = await em.findOneOrFail(Agreement, { id: agreementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, refresh: true });
      await em.populate(agreement, ['hei', 'employer', 'signatures'], { filters: false, refresh: true });
      if (caller && caller.organizationId !== agreement.hei.id && caller.organizationId !== agreement.employer.id) {
        return refuse(agreementViolation(['input', 'agreementId'], AgreementErrorCode.NOT_A_PARTY, { action: 'terminate' }));
      }
      if (!agreementEventApplies('terminate', agreement.status)) return refuse(this.terminated());
      const signed = agreement.signatures.getItems().map((s) => s.party);
      const before = auditView(agreement, signed);
      agreement.status = AGREEMENT_MACHINE.terminate.to;
      agreement.terminatedAt = ctx.clock.now();
      agreement.terminationReason = reason.trim();
      this.audit.record(ctx, em, {
        objectType: 'Agreement',
        objectId: agreement.id,
        action: AuditAction.STATUS_CHANGED,
        before,
        after: auditView(agreement, signed),
        reason: reason.trim(),
        ...partiesOf(agreement),
      });
      return succeed(agreement);
    });
  }

  private async findVisible(ctx: RequestContext, agreementId: string): Promise<Agreement> {
    const agreement = await ctx.em.findOne(Agreement, { id: agreementId });
    if (!agreement) throw new NotFoundError('Agreement');
    return agreement;
  }

  private terminated(): Refusal {
    return agreementViolation(['input', 'agreementId'], AgreementErrorCode.AGREEMENT_TERMINATED);
  }
}
