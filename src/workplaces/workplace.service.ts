import type { FilterQuery } from '@mikro-orm/core';
import { AuditAction, AuditService } from '../audit';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { HazardCategory } from '../hazards';
import { Organization, OrganizationKind } from '../organizations';
import { NotFoundError } from '../shared/errors';
import type { LocalizedText } from '../shared/localized';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { Workplace } from './workplace.entity';
import { WorkplaceErrorCode, workplaceViolation } from './workplace.messages';

/** Filters of {@link WorkplaceService.list}. */
export interface WorkplaceQuery {
  employerId?: string;
  /** Only workplaces where this hazard category is present. */
  hazardCategoryCode?: string;
}

/** Input of {@link WorkplaceService.create}. */
export interface CreateWorkplaceCommand {
  employerId: string;
  code: string;
  site: LocalizedText;
  department: LocalizedText;
  description: LocalizedText;
  hazardCategoryCodes: string[];
}

/** Snapshot of what the audit trail keeps about a workplace. */
function auditView(workplace: Workplace, codes: string[]): Record<string, unknown> {
  return { code: workplace.code, hazardCategories: [...codes].sort() };
}

/** Workplaces of employers and the hazards present there. */
export class WorkplaceService {
  constructor(private readonly audit: AuditService) {}

  /** A page of the workplaces the caller may see, ordered by code. */
  list<N>(ctx: RequestContext, query: WorkplaceQuery, page: PageRequest, toNode: (row: Workplace) => N): Promise<Page<N>> {
    const where: FilterQuery<Workplace> = {};
    if (query.employerId) where.employer = query.employerId;
    if (query.hazardCategoryCode) where.hazardCategories = { code: query.hazardCategoryCode };
    return paginate(ctx.em, Workplace, where, page, { code: 'asc' }, toNode);
  }

  /** One visible workplace, or null. Batched through the request's loader. */
  findById(ctx: RequestContext, id: string): Promise<Workplace | null> {
    return ctx.loaders.byId(Workplace).load(id);
  }

  /** Adds a workplace to the caller's own enterprise (an employer's WRITER or ADMIN key). */
  async create(ctx: RequestContext, input: CreateWorkplaceCommand): Promise<Outcome<Workplace, WorkplaceErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const employer = await ctx.em.findOne(Organization, { id: input.employerId });
    if (!employer || employer.kind !== OrganizationKind.EMPLOYER) {
      return refuse(workplaceViolation(['input', 'employerId'], WorkplaceErrorCode.NOT_AN_EMPLOYER));
    }
    if (caller && caller.organizationId !== employer.id) {
      return refuse(workplaceViolation(['input', 'employerId'], WorkplaceErrorCode.NOT_YOUR_ORGANIZATION, { action: 'add' }));
    }
    const code = input.code.trim().toUpperCase();
    if ((await ctx.em.count(Workplace, { code }, { filters: false })) > 0) {
      return refuse(workplaceViolation(['input', 'code'], WorkplaceErrorCode.CODE_TAKEN));
    }
    const hazards = await this.hazardsByCode(ctx, input.hazardCategoryCodes);
    if (!hazards.ok) return hazards;
    const workplace = ctx.em.create(Workplace, {
      code,
      employer,
      site: input.site,
      department: input.department,
      description: input.description,
    });
    workplace.hazardCategories.set(hazards.value);
    this.audit.record(ctx, ctx.em, {
      objectType: 'Workplace',
      objectId: workplace.id,
      action: AuditAction.CREATED,
      after: auditView(
        workplace,
        hazards.value.map((h) => h.code),
      ),
      visibleTo: [employer.id],
      regions: [employer.region],
    });
    await ctx.em.flush();
    return succeed(workplace);
  }

  /** Replaces the hazard categories present at a workplace of the caller's enterprise; recorded in its history. */
  async setHazardCategories(ctx: RequestContext, workplaceId: string, codes: string[], reason?: string): Promise<Outcome<Workplace, WorkplaceErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const workplace = await ctx.em.findOne(Workplace, { id: workplaceId }, { populate: ['hazardCategories', 'employer'] });
    if (!workplace) throw new NotFoundError('Workplace');
    if (caller && caller.organizationId !== workplace.employer.id) {
      return refuse(workplaceViolation(['input', 'workplaceId'], WorkplaceErrorCode.NOT_YOUR_ORGANIZATION, { action: 'change' }));
    }
    const hazards = await this.hazardsByCode(ctx, codes);
    if (!hazards.ok) return hazards;
    const before = auditView(
      workplace,
      workplace.hazardCategories.getItems().map((h) => h.code),
    );
    workplace.hazardCategories.set(hazards.value);
    this.audit.record(ctx, ctx.em, {
      objectType: 'Workplace',
      objectId: workplace.id,
      action: AuditAction.HAZARDS_CHANGED,
      before,
      after: auditView(
        workplace,
        hazards.value.map((h) => h.code),
      ),
      reason,
      visibleTo: [workplace.employer.id],
      regions: [workplace.employer.region],
    });
    await ctx.em.flush();
    return succeed(workplace);
  }

  private async hazardsByCode(ctx: RequestContext, codes: string[]): Promise<Outcome<HazardCategory[], WorkplaceErrorCode>> {
    const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
    const found = wanted.length ? await ctx.em.find(HazardCategory, { code: { $in: wanted } }) : [];
    const unknown = wanted.filter((code) => !found.some((h) => h.code === code));
    if (unknown.length > 0) {
      return refuse(workplaceViolation(['input', 'hazardCategoryCodes'], WorkplaceErrorCode.UNKNOWN_HAZARD_CATEGORY, { codes: unknown }));
    }
    return succeed(found);
  }
}
