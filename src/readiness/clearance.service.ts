import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Person } from '../organizations';
import { Placement, PlacementStatus } from '../placements';
import type { LocalizedText } from '../shared/localized';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { Workplace } from '../workplaces';
import { ReadinessErrorCode, readinessViolation, type ReadinessViolation } from './readiness.messages';
import { ReadinessKind } from './readiness-record.entity';
import { addDays, CoverageStatus, coverageAt, dateInRange } from './readiness.rules';
import { clearanceExpiresAtSql, latestRecordAt } from './readiness.sql';

/** Whether a student may work at a workplace at a moment. */
export enum ClearanceStatus {
  CLEARED = 'CLEARED',
  NOT_CLEARED = 'NOT_CLEARED',
}

/** One hazard category of a workplace, and what covers it (or does not). */
export interface CategoryCoverage {
  categoryId: string;
  code: string;
  name: LocalizedText;
  status: CoverageStatus;
  /** The latest record at the moment asked (a grant or a revocation), if any. */
  recordId: string | null;
  /** End of validity of that record, when it is a grant. */
  validUntil: Date | null;
}

/** The answer to "may this student work at this workplace at this moment?". */
export interface Clearance {
  studentId: string;
  workplaceId: string;
  at: Date;
  status: ClearanceStatus;
  /** Every hazard category of the workplace, in code order (empty: nothing to clear). */
  categories: CategoryCoverage[];
  /** When cleared: when the first covering readiness runs out. */
  validUntil: Date | null;
}

/** One pair to check. */
export interface ClearanceCheck {
  studentId: string;
  workplaceId: string;
}

/** Most checks in one batched request. */
export const MAX_CLEARANCE_CHECKS = 50;

/**
 * The clearance statement: parameters are a uuid[] of students, a uuid[] of workplaces (pairs by
 * position) and the moment. Exported for the benchmark's EXPLAIN ANALYZE.
 */
export const COVERAGE_SQL = `select q.ord, hc.id as category_id, hc.code, hc.name,
              r.id as record_id, r.kind, r.earned_at, r.valid_until
         from unnest(?::uuid[], ?::uuid[]) with ordinality as q(student_id, workplace_id, ord)
         join workplace_hazard_category whc on whc.workplace_id = q.workplace_id
         join hazard_category hc on hc.id = whc.hazard_category_id
         left join ${latestRecordAt('q.student_id', 'hc.id')} on true
        order by q.ord, hc.code`;

/** Parameters of {@link COVERAGE_SQL}. */
export function coverageParams(checks: readonly ClearanceCheck[], at: Date): unknown[] {
  return [toPgArray(checks.map((c) => c.studentId)), toPgArray(checks.map((c) => c.workplaceId)), at];
}

interface CoverageRow {
  ord: string;
  category_id: string;
  code: string;
  name: LocalizedText;
  record_id: string | null;
  kind: ReadinessKind | null;
  earned_at: Date | null;
  valid_until: Date | null;
}

/**
 * Clearance: a student is cleared for a workplace at a moment when every hazard category of the
 * workplace is covered by valid readiness. Computed in SQL, one statement for any number of
 * (student, workplace) pairs: for each category, the latest readiness record at that moment (an
 * index scan on (student, category, earned_at desc)). What would satisfy a category (its current
 * policy) is loaded only when asked for.
 */
export class ClearanceService {
  /**
   * The clearance of one visible student for one visible workplace. Unknown and invisible ids
   * are told apart from nothing: both are STUDENT_NOT_FOUND / WORKPLACE_NOT_FOUND. Batched
   * through the request's loaders, so a page of checks costs a constant number of statements.
   */
  async clearance(ctx: RequestContext, check: ClearanceCheck, at: Date, path: string[] = []): Promise<Outcome<Clearance, ReadinessErrorCode>> {
    const refusals: ReadinessViolation[] = [];
    if (!dateInRange(at)) refusals.push(readinessViolation([...path, 'at'], ReadinessErrorCode.DATE_OUT_OF_RANGE));
    // The coverage statement runs alongside the two visibility lookups (one round trip instead of
    // two); its answer is used only when both rows are visible.
    const coverage = check.studentId && check.workplaceId && refusals.length === 0 ? this.load(ctx, check, at) : undefined;
    coverage?.catch(() => undefined);
    const [student, workplace] = await Promise.all([
      check.studentId ? ctx.loaders.byId(Person).load(check.studentId) : null,
      check.workplaceId ? ctx.loaders.byId(Workplace).load(check.workplaceId) : null,
    ]);
    if (!student) refusals.push(readinessViolation([...path, 'studentId'], ReadinessErrorCode.STUDENT_NOT_FOUND));
    if (!workplace) refusals.push(readinessViolation([...path, 'workplaceId'], ReadinessErrorCode.WORKPLACE_NOT_FOUND));
    if (refusals.length > 0) return refuse(...refusals);
    return succeed(await coverage!);
  }

  /**
   * The clearance of a pair through the request's batching loader, without visibility checks
   * (for rows the caller already sees, e.g. a placement's student and workplace).
   */
  load(ctx: RequestContext, check: ClearanceCheck, at: Date): Promise<Clearance> {
    const loader = ctx.loaders.custom<string, Clearance>('Clearance.coverage', async (keys) => {
      const parsed = keys.map((k) => {
        const [studentId, workplaceId, iso] = k.split('|');
        return { studentId, workplaceId, at: new Date(iso) };
      });
      // One statement per distinct moment (usually one).
      const results = new Map<string, Clearance>();
      const byMoment = new Map<number, typeof parsed>();
      for (const p of parsed) byMoment.set(p.at.getTime(), [...(byMoment.get(p.at.getTime()) ?? []), p]);
      for (const [time, group] of byMoment) {
        const found = await this.compute(ctx.em, group, new Date(time));
        group.forEach((p, i) => results.set(`${p.studentId}|${p.workplaceId}|${p.at.toISOString()}`, found[i]));
      }
      return keys.map((k) => results.get(k)!);
    });
    return loader.load(`${check.studentId}|${check.workplaceId}|${at.toISOString()}`);
  }

  /**
   * Clearances of many pairs at one moment in one SQL statement. Unscoped: the caller has
   * checked that it may see the students and workplaces (the activation gate runs on the
   * placement's own rows).
   */
  async compute(em: EntityManager, checks: readonly ClearanceCheck[], at: Date): Promise<Clearance[]> {
    if (checks.length === 0) return [];
    const rows = await (em as SqlEntityManager).execute<CoverageRow[]>(COVERAGE_SQL, coverageParams(checks, at));
    const grouped = checks.map(() => [] as CategoryCoverage[]);
    for (const row of rows) {
      const latest = row.kind ? { kind: row.kind, earnedAt: new Date(row.earned_at!), validUntil: row.valid_until ? new Date(row.valid_until) : null } : null;
      grouped[Number(row.ord) - 1].push({
        categoryId: row.category_id,
        code: row.code,
        name: row.name,
        status: coverageAt(latest, at),
        recordId: row.record_id,
        validUntil: latest?.validUntil ?? null,
      });
    }
    return checks.map((check, i) => {
      const categories = grouped[i];
      const cleared = categories.every((c) => c.status === CoverageStatus.COVERED);
      const validUntil = cleared && categories.length > 0 ? new Date(Math.min(...categories.map((c) => c.validUntil!.getTime()))) : null;
      return { ...check, at, status: cleared ? ClearanceStatus.CLEARED : ClearanceStatus.NOT_CLEARED, categories, validUntil };
    });
  }

  /**
   * For each placement: when its clearance runs out, as of now — the earliest end of the
   * readiness covering its workplace's categories (or the moment of a revocation). `null` when
   * the workplace has no hazard categories or a category has never been covered. Batched.
   */
  clearanceExpiresAt(ctx: RequestContext, placementId: string): Promise<Date | null> {
    return ctx.loaders
      .custom<string, Date | null>('Placement.clearanceExpiresAt', async (ids) => {
        const rows = await (ctx.em as SqlEntityManager).execute<Array<{ id: string; expires: Date | null }>>(
          `select p.id, ${clearanceExpiresAtSql('p')} as expires from placement p where p.id = any(?::uuid[])`,
          [ctx.clock.now(), toPgArray(ids)],
        );
        const byId = new Map(rows.map((r) => [r.id, r.expires ? new Date(r.expires) : null]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(placementId);
  }

  /**
   * ACTIVE placements the caller may see whose clearance runs out (or has run out) before their
   * last day and within `withinDays` from now, soonest placement end first.
   */
  expiring<N>(ctx: RequestContext, withinDays: number, page: PageRequest, toNode: (row: Placement) => N): Promise<Page<N>> {
    const now = ctx.clock.now();
    const horizon = addDays(now, Math.max(0, withinDays));
    const knex = (ctx.em as unknown as SqlEntityManager).getKnex();
    const expiringIds = knex
      .select('p.id')
      .from('placement as p')
      .join('workplace_hazard_category as whc', 'whc.workplace_id', 'p.workplace_id')
      .joinRaw(`left join ${latestRecordAt('p.student_id', 'whc.hazard_category_id')} on true`, [now])
      .where('p.status', PlacementStatus.ACTIVE)
      .andWhere((q) =>
        q
          .whereNull('r.kind')
          .orWhere('r.kind', ReadinessKind.REVOCATION)
          .orWhereRaw(`r.valid_until < least(p.end_date + interval '1 day', ?::timestamptz)`, [horizon]),
      );
    return paginate(ctx.em, Placement, { status: PlacementStatus.ACTIVE, id: { $in: expiringIds as never } }, page, { endDate: 'asc' }, toNode);
  }
}

/** A PostgreSQL array literal of uuids (ids come from our own parsing, never free text). */
function toPgArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
