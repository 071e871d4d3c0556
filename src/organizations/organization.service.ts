import type { FilterQuery } from '@mikro-orm/core';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Loaders } from '../shared/loaders';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { mayAdminister, requireRole, WRITE_ROLES, callerOf } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { Membership, type PersonRole } from './membership.entity';
import { Person } from './person.entity';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import type { Localized } from '../shared/localized';
import { CoordinatorDesignation, type DesignationBasis } from './coordinator-designation.entity';
import { IndustrySection } from './industry-section.entity';
import { type HeiType, Organization, type OrganizationKind } from './organization.entity';
import { OrganizationErrorCode, organizationViolation, type OrganizationViolation, PersonErrorCode, personViolation } from './organization.messages';
import { binProblem } from './organization.rules';
import type { ApiKeyCache } from './api-key.cache';
import { announceForgotten } from './api-key.service';

/** Filters of {@link OrganizationService.list}. */
export interface OrganizationQuery {
  kinds?: OrganizationKind[];
  industry?: string;
  active?: boolean;
  region?: string;
  search?: string;
}

/** Filters of {@link OrganizationService.listPeople}. */
export interface PersonQuery {
  organizationId?: string;
  role?: PersonRole;
  search?: string;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Input of {@link OrganizationService.register}. */
export interface RegisterOrganizationCommand {
  bin: string;
  kind: OrganizationKind;
  heiType?: HeiType | null;
  region: string;
  industry?: string | null;
  name: Localized;
  shortName?: string | null;
  city?: string | null;
  website?: string | null;
}

/** Kinds the coordinator registers through the API (the regional bodies come from fixtures). */
const REGISTRABLE_KINDS: readonly OrganizationKind[] = ['EMPLOYER', 'HEI', 'INDUSTRY_COUNCIL'] as OrganizationKind[];
const NEEDS_INDUSTRY: readonly OrganizationKind[] = ['EMPLOYER', 'INDUSTRY_COUNCIL'] as OrganizationKind[];

/** Organisations and people: the directory every other context refers to. */
export class OrganizationService {
  /** @param keys the app's cache of verified keys: a deactivated organisation's keys are forgotten at once. */
  constructor(
    private readonly audit: AuditService,
    private readonly keys?: ApiKeyCache,
  ) {}

  /**
   * The regional coordinator registers an employer, an HEI or college, or an industry council of
   * its region. The BIN must be 12 digits with a valid check digit and not yet registered (of two
   * concurrent registrations the unique constraint refuses the second with BIN_TAKEN).
   */
  register(ctx: RequestContext, input: RegisterOrganizationCommand): Promise<Outcome<Organization, OrganizationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const caller = callerOf(tx);
        const refusals: OrganizationViolation[] = [];
        const f = (name: string) => ['input', name];
        if (caller && caller.organizationKind !== 'COORDINATOR') return refuse(organizationViolation(f('kind'), OrganizationErrorCode.NOT_COORDINATOR));
        if (caller && caller.region !== input.region) refusals.push(organizationViolation(f('region'), OrganizationErrorCode.NOT_YOUR_REGION));
        if (!REGISTRABLE_KINDS.includes(input.kind)) refusals.push(organizationViolation(f('kind'), OrganizationErrorCode.KIND_NOT_REGISTRABLE));
        const bin = input.bin.trim();
        const problem = binProblem(bin);
        if (problem === 'FORMAT') refusals.push(organizationViolation(f('bin'), OrganizationErrorCode.BIN_INVALID));
        else if (problem === 'CHECKSUM') refusals.push(organizationViolation(f('bin'), OrganizationErrorCode.BIN_CHECKSUM));
        else if ((await tx.em.count(Organization, { bin }, { filters: false })) > 0) refusals.push(this.binTaken());
        const name = { kk: input.name.kk.trim(), ru: input.name.ru.trim(), en: input.name.en.trim() };
        if (!name.kk || !name.ru || !name.en) refusals.push(organizationViolation(f('name'), OrganizationErrorCode.NAME_REQUIRED));
        if (input.kind === 'HEI' && !input.heiType) refusals.push(organizationViolation(f('heiType'), OrganizationErrorCode.HEI_TYPE_REQUIRED));
        if (NEEDS_INDUSTRY.includes(input.kind) && !input.industry)
          refusals.push(organizationViolation(f('industry'), OrganizationErrorCode.INDUSTRY_REQUIRED));
        if (input.industry && (await tx.em.count(IndustrySection, { code: input.industry })) === 0) {
          refusals.push(organizationViolation(f('industry'), OrganizationErrorCode.UNKNOWN_INDUSTRY));
        }
        if (refusals.length > 0) return refuse(...refusals);
        const organization = tx.em.create(Organization, {
          bin,
          kind: input.kind,
          heiType: input.kind === 'HEI' ? (input.heiType ?? undefined) : undefined,
          region: input.region,
          industry: input.industry ?? undefined,
          name,
          shortName: input.shortName ?? undefined,
          city: input.city ?? undefined,
          website: input.website ?? undefined,
        });
        this.audit.record(tx, tx.em, {
          objectType: 'Organization',
          objectId: organization.id,
          action: AuditAction.CREATED,
          after: { bin, kind: input.kind, region: input.region, active: true },
          visibleTo: [organization.id],
          regions: [input.region],
        });
        await tx.em.flush();
        return succeed(organization);
      },
      { unique: { organization_bin_unique: () => this.binTaken() } },
    );
  }

  /**
   * Deactivates an organisation of the coordinator's region, with a reason; it is never deleted.
   * What that means everywhere (keys, sessions, new records naming it): see `inactiveAmong`.
   */
  async deactivate(ctx: RequestContext, organizationId: string, reason: string): Promise<Outcome<Organization, OrganizationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const outcome = await runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      if (caller && caller.organizationKind !== 'COORDINATOR')
        return refuse(organizationViolation(['input', 'organizationId'], OrganizationErrorCode.NOT_COORDINATOR));
      const organization = await tx.em.findOne(Organization, { id: organizationId });
      if (!organization || (caller && organization.region !== caller.region)) {
        return refuse(organizationViolation(['input', 'organizationId'], OrganizationErrorCode.ORGANIZATION_NOT_FOUND));
      }
      if (!reason.trim()) return refuse(organizationViolation(['input', 'reason'], OrganizationErrorCode.REASON_REQUIRED));
      if (!organization.active) return refuse(organizationViolation(['input', 'organizationId'], OrganizationErrorCode.ALREADY_INACTIVE));
      organization.active = false;
      organization.deactivatedAt = tx.clock.now();
      organization.deactivationReason = reason.trim();
      this.audit.record(tx, tx.em, {
        objectType: 'Organization',
        objectId: organization.id,
        action: AuditAction.STATUS_CHANGED,
        before: { active: true },
        after: { active: false },
        reason: reason.trim(),
        visibleTo: [organization.id],
        regions: [organization.region],
      });
      await tx.em.flush();
      // Every process forgets its keys once this commits (the relay), and at the latest within the cache's second.
      await announceForgotten(tx.em, { organizationId: organization.id });
      return succeed(organization);
    });
    // Its keys stop at once in this process.
    if (outcome.ok) this.keys?.forgetOrganization(outcome.value.id);
    return outcome;
  }

  /**
   * Records the coordinator's own designation: appointed by the akim's decision, or on its own
   * initiative under an agreement with the akim (act number and date). Only the coordinator itself
   * or the authority of its region records it.
   */
  recordDesignation(
    ctx: RequestContext,
    input: { coordinatorId: string; basis: DesignationBasis; actNumber: string; actDate: string },
  ): Promise<Outcome<CoordinatorDesignation, OrganizationErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const coordinator = await tx.em.findOne(Organization, { id: input.coordinatorId, kind: 'COORDINATOR' as OrganizationKind });
      const allowed =
        coordinator &&
        (!caller || caller.organizationId === coordinator.id || (caller.organizationKind === 'AUTHORITY' && caller.region === coordinator.region));
      if (!coordinator || !allowed) return refuse(organizationViolation(['input', 'coordinatorId'], OrganizationErrorCode.ORGANIZATION_NOT_FOUND));
      const refusals: OrganizationViolation[] = [];
      if (!input.actNumber.trim()) refusals.push(organizationViolation(['input', 'actNumber'], OrganizationErrorCode.ACT_NUMBER_REQUIRED));
      const today = tx.clock.now().toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.actDate) || Number.isNaN(Date.parse(input.actDate)) || input.actDate > today) {
        refusals.push(organizationViolation(['input', 'actDate'], OrganizationErrorCode.ACT_DATE_INVALID));
      }
      if (refusals.length > 0) return refuse(...refusals);
      const designation = tx.em.create(CoordinatorDesignation, {
        coordinator,
        region: coordinator.region,
        basis: input.basis,
        actNumber: input.actNumber.trim(),
        actDate: input.actDate,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'CoordinatorDesignation',
        objectId: designation.id,
        action: AuditAction.CREATED,
        after: { basis: input.basis, actNumber: designation.actNumber, actDate: input.actDate },
        visibleTo: [coordinator.id],
        regions: [coordinator.region],
      });
      await tx.em.flush();
      return succeed(designation);
    });
  }

  /** The designation acts of coordinators, newest first, for many coordinators at once. */
  async designationsOf(ctx: RequestContext, coordinatorIds: readonly string[]): Promise<CoordinatorDesignation[][]> {
    const rows = await ctx.em.find(CoordinatorDesignation, { coordinator: { $in: [...coordinatorIds] } }, { orderBy: { actDate: 'desc', createdAt: 'desc' } });
    return Loaders.group(coordinatorIds, rows, (row) => row.coordinator.id);
  }

  /** The OKED sections (public catalogue). */
  industrySections(ctx: RequestContext): Promise<IndustrySection[]> {
    return ctx.em.find(IndustrySection, {}, { orderBy: { code: 'asc' } });
  }

  private binTaken(): OrganizationViolation {
    return organizationViolation(['input', 'bin'], OrganizationErrorCode.BIN_TAKEN);
  }
  /** A page of the organisations the caller may see. */
  list<N>(ctx: RequestContext, query: OrganizationQuery, args: PageRequest, toNode: (o: Organization) => N): Promise<Page<N>> {
    const where: FilterQuery<Organization> = {};
    if (query.kinds?.length) where.kind = { $in: query.kinds };
    if (query.region) where.region = query.region;
    if (query.industry) where.industry = query.industry;
    if (query.active != null) where.active = query.active;
    if (query.search) {
      const like = likePattern(query.search);
      where.$or = [
        { shortName: { $ilike: like } },
        ...(['kk', 'ru', 'en'] as const).map((lang) => ({ name: { [lang]: { $ilike: like } } })),
      ] as FilterQuery<Organization>[];
    }
    return paginate(ctx.em, Organization, where, args, { name: { en: 'asc' } } as never, toNode);
  }

  /** A page of the people the caller may see. */
  listPeople<N>(ctx: RequestContext, query: PersonQuery, args: PageRequest, toNode: (p: Person) => N): Promise<Page<N>> {
    const where: FilterQuery<Person> = {};
    if (query.organizationId || query.role) {
      where.memberships = {
        ...(query.organizationId ? { organization: query.organizationId } : {}),
        ...(query.role ? { role: query.role } : {}),
      };
    }
    if (query.search) {
      const like = likePattern(query.search);
      where.$or = [{ fullName: { $ilike: like } }, { email: { $ilike: like } }];
    }
    return paginate(ctx.em, Person, where, args, { fullName: 'asc' }, toNode);
  }

  /** Memberships of many people at once, visible ones only. */
  async membershipsOf(ctx: RequestContext, personIds: readonly string[]): Promise<Membership[][]> {
    const rows = await ctx.em.find(Membership, { person: { $in: [...personIds] } }, { orderBy: { role: 'asc' } });
    return Loaders.group(personIds, rows, (row) => row.person.id);
  }

  /**
   * Adds a person with a first role. An HEI enrols its students and staff, an employer its
   * mentors and safety officers; the coordinator may add people to any organisation of its region.
   */
  async createPerson(
    ctx: RequestContext,
    input: { fullName: string; email: string; phone?: string; organizationId: string; role: PersonRole; position?: string },
  ): Promise<Outcome<Person, PersonErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const organization = await ctx.em.findOne(Organization, { id: input.organizationId });
    if (!organization) {
      return refuse(personViolation(['input', 'organizationId'], PersonErrorCode.ORGANIZATION_NOT_FOUND));
    }
    if (!mayAdminister(ctx, organization)) {
      return refuse(personViolation(['input', 'organizationId'], PersonErrorCode.NOT_YOUR_ORGANIZATION));
    }
    const email = input.email.trim().toLowerCase();
    const taken = await ctx.em.count(Person, { email }, { filters: false });
    if (taken > 0) {
      return refuse(personViolation(['input', 'email'], PersonErrorCode.EMAIL_TAKEN));
    }
    const person = ctx.em.create(Person, { fullName: input.fullName.trim(), email, phone: input.phone });
    ctx.em.create(Membership, { person, organization, role: input.role, position: input.position });
    await ctx.em.flush();
    return succeed(person);
  }
}
