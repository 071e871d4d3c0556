import type { FilterQuery } from '@mikro-orm/core';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Loaders } from '../shared/loaders';
import { type Outcome, refuse, succeed, violation } from '../shared/rule-violation';
import { mayAdminister, requireRole, WRITE_ROLES } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { Membership, type PersonRole } from './membership.entity';
import { Organization, type OrganizationKind } from './organization.entity';
import { Person } from './person.entity';

/** Codes of the rules about people. */
export enum PersonErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  NOT_YOUR_ORGANIZATION = 'NOT_YOUR_ORGANIZATION',
}

/** Filters of {@link OrganizationService.list}. */
export interface OrganizationQuery {
  kinds?: OrganizationKind[];
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

/** Organisations and people: the directory every other context refers to. */
export class OrganizationService {
  /** A page of the organisations the caller may see. */
  list<N>(ctx: RequestContext, query: OrganizationQuery, args: PageRequest, toNode: (o: Organization) => N): Promise<Page<N>> {
    const where: FilterQuery<Organization> = {};
    if (query.kinds?.length) where.kind = { $in: query.kinds };
    if (query.region) where.region = query.region;
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
      return refuse(violation(['input', 'organizationId'], PersonErrorCode.ORGANIZATION_NOT_FOUND, {
        kk: 'Ұйым табылмады.', ru: 'Организация не найдена.', en: 'Organisation not found.',
      }));
    }
    if (!mayAdminister(ctx, organization)) {
      return refuse(violation(['input', 'organizationId'], PersonErrorCode.NOT_YOUR_ORGANIZATION, {
        kk: 'Тек өз ұйымыңызға адам қоса аласыз.',
        ru: 'Добавлять людей можно только в свою организацию.',
        en: 'You may add people only to your own organisation.',
      }));
    }
    const email = input.email.trim().toLowerCase();
    const taken = await ctx.em.count(Person, { email }, { filters: false });
    if (taken > 0) {
      return refuse(violation(['input', 'email'], PersonErrorCode.EMAIL_TAKEN, {
        kk: 'Бұл электрондық пошта тіркелген.', ru: 'Этот адрес электронной почты уже зарегистрирован.', en: 'This e-mail address is already registered.',
      }));
    }
    const person = ctx.em.create(Person, { fullName: input.fullName.trim(), email, phone: input.phone });
    ctx.em.create(Membership, { person, organization, role: input.role, position: input.position });
    await ctx.em.flush();
    return succeed(person);
  }
}
