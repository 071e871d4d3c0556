import type { Dictionary, EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { ownRowsToCaller, visibleToCaller } from '../db/read/compile';
import { queryPrepared, type Statement, statementOf } from '../db/read/prepared';
import { Placement, PlacementStatus } from '../placements';
import type { LocalizedText } from '../shared/localized';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { type RowVisibility, SCOPE_FILTER, scopeConditionSql, type ScopeParams, type VisibilityFilterDef } from '../db/scope';
import { ReadinessErrorCode, readinessViolation, type ReadinessViolation } from './readiness.messages';
import { READINESS_RECORD_VISIBILITY, ReadinessKind } from './readiness-record.entity';
import type { ReadinessRecordFields, ReadinessRecordSummary } from './readiness.types';
import { addDays, CoverageStatus, coverageAt, dateInRange } from './readiness.rules';
import { clearanceExpiresAtSql, latestRecordAt } from './readiness.sql';
import { type ClearanceProjection, FULL_PROJECTION, mergeProjections } from './clearance.selection';

/** Whether a student may work at a workplace at a moment. */
export enum ClearanceStatus {
  CLEARED = 'CLEARED',
  NOT_CLEARED = 'NOT_CLEARED',
}

/** One hazard category of a workplace, and what covers it (or does not). */
export interface CategoryCoverage {
  categoryId: string;
  code: string;
  /** Absent when the statement was not asked for names ({@link ClearanceProjection}). */
  name?: LocalizedText;
  status: CoverageStatus;
  /** The latest record at the moment asked (a grant or a revocation), if any. */
  recordId: string | null;
  /** End of validity of that record, when it is a grant. */
  validUntil: Date | null;
  /**
   * That record's row as the clearance statement read it, when the caller may see it (a
   * {@link ClearanceService.clearance} answer): {@link ClearanceService.recordOf} makes the entity
   * only when it is asked for, without another statement. Absent otherwise: load it by `recordId`.
   */
  recordRow?: Dictionary;
  /**
   * That record as far as the clearance statement read it when its selection asked no more
   * ({@link ClearanceProjection.records} false), and the caller may see it: answers the
   * `RECORD_SUMMARY_FIELDS` of the record without its row.
   */
  recordSummary?: ReadinessRecordSummary;
}

/** The answer to "may this student work at this workplace at this moment?". */
export interface Clearance<C extends CategoryCoverage = CategoryCoverage> {
  studentId: string;
  workplaceId: string;
  at: Date;
  status: ClearanceStatus;
  /** Every hazard category of the workplace, in code order (empty: nothing to clear). */
  categories: C[];
  /** When cleared: when the first covering readiness runs out. */
  validUntil: Date | null;
}

/** A category's coverage with its name (what {@link ClearanceService.compute} answers, e.g. for a refusal's message). */
export type NamedCategoryCoverage = CategoryCoverage & { name: LocalizedText };

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
  /** A Date from a row of {@link COVERAGE_SQL}, an ISO string from the clearance statement's JSON. */
  earned_at: Date | string | null;
  valid_until: Date | string | null;
}

/**
 * Clearance: a student is cleared for a workplace at a moment when every hazard category of the
 * workplace is covered by valid readiness. Computed in SQL, one statement for any number of
 * (student, workplace) pairs: for each category, the latest readiness record at that moment (one
 * probe of `readiness_record_in_force`, see latestRecordAt). What would satisfy a category (its current
 * policy) is loaded only when asked for.
 */
export class ClearanceService {
  /**
   * The clearance of one visible student for one visible workplace. Unknown and invisible ids
   * are told apart from nothing: both are STUDENT_NOT_FOUND / WORKPLACE_NOT_FOUND. Batched
   * through the request's loaders: every check of a request at one moment is one SQL statement
   * ({@link clearanceStatement}), visibility and coverage together, reading the columns that
   * `projection` (what the request's selection asks of the categories) needs.
   */
  async clearance(
    ctx: RequestContext,
    check: ClearanceCheck,
    at: Date,
    path: string[] = [],
    projection: ClearanceProjection = FULL_PROJECTION,
  ): Promise<Outcome<Clearance, ReadinessErrorCode>> {
    const refusals: ReadinessViolation[] = [];
    const inRange = dateInRange(at);
    if (!inRange) refusals.push(readinessViolation([...path, 'at'], ReadinessErrorCode.DATE_OUT_OF_RANGE));
    const checked = await this.checked(ctx, check, inRange ? at : null, projection);
    if (!checked.studentVisible) refusals.push(readinessViolation([...path, 'studentId'], ReadinessErrorCode.STUDENT_NOT_FOUND));
    if (!checked.workplaceVisible) refusals.push(readinessViolation([...path, 'workplaceId'], ReadinessErrorCode.WORKPLACE_NOT_FOUND));
    if (refusals.length > 0) return refuse(...refusals);
    return succeed(clearanceOf(check, at, checked.categories));
  }

  /**
   * A check through the request's batching loader: one {@link clearanceStatement} per distinct
   * moment, reading what any of its checks' selections asks (two fields of one request asking
   * different columns still share one statement).
   */
  private checked(ctx: RequestContext, check: ClearanceCheck, at: Date | null, projection: ClearanceProjection): Promise<CheckedPair> {
    const loader = ctx.loaders.custom<string, CheckedPair>('Clearance.checked', async (keys) => {
      const byMoment = new Map<string, { checks: { index: number; check: ClearanceCheck }[]; projection: ClearanceProjection }>();
      keys.forEach((key, index) => {
        const [studentId, workplaceId, moment, names, records] = key.split('|');
        const asked = { names: names === '1', records: records === '1' };
        const group = byMoment.get(moment);
        if (group) {
          group.checks.push({ index, check: { studentId, workplaceId } });
          group.projection = mergeProjections(group.projection, asked);
        } else byMoment.set(moment, { checks: [{ index, check: { studentId, workplaceId } }], projection: asked });
      });
      const results: CheckedPair[] = new Array(keys.length);
      for (const [moment, group] of byMoment) {
        const at = moment === '' ? null : new Date(moment);
        const checks = group.checks.map((g) => g.check);
        const statement = clearanceStatement(ctx.em, checks, at, group.projection);
        const pairs = checkedPairs(await queryPrepared<{ pairs: CheckedRow[] }>(ctx.em, statement, at ?? ctx.clock.now()), checks, at, statement);
        group.checks.forEach((g, i) => (results[g.index] = pairs[i]));
      }
      return results;
    });
    const flag = (on: boolean) => (on ? '1' : '0');
    return loader.load(`${check.studentId}|${check.workplaceId}|${at ? at.toISOString() : ''}|${flag(projection.names)}|${flag(projection.records)}`);
  }

  /**
   * The latest record of a category from the row the clearance statement read (its columns as
   * stored), as {@link toReadinessRecordNode} reads a record. No entity is made:
   * a page of 50 clearances would otherwise merge ~150 of them into the request's identity map.
   */
  recordOf(r: Dictionary): ReadinessRecordFields {
    return {
      id: r.id,
      student: { id: r.student_id },
      hazardCategory: { id: r.hazard_category_id },
      policy: r.policy_id ? { id: r.policy_id } : undefined,
      kind: r.kind,
      sessionIds: r.session_ids,
      exerciseId: r.exercise_id ?? undefined,
      exerciseVersion: r.exercise_version ?? undefined,
      score: r.score ?? undefined,
      stationId: r.station_id ?? undefined,
      instructorId: r.instructor_id ?? undefined,
      evidence: r.evidence ?? undefined,
      earnedAt: new Date(r.earned_at),
      validUntil: r.valid_until ? new Date(r.valid_until) : undefined,
      reason: r.reason ?? undefined,
      recordedBy: r.recorded_by,
    };
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
  async compute(em: EntityManager, checks: readonly ClearanceCheck[], at: Date): Promise<Clearance<NamedCategoryCoverage>[]> {
    if (checks.length === 0) return [];
    const rows = await (em as SqlEntityManager).execute<CoverageRow[]>(COVERAGE_SQL, coverageParams(checks, at));
    const grouped = checks.map(() => [] as NamedCategoryCoverage[]);
    for (const row of rows) grouped[Number(row.ord) - 1].push(categoryCoverage(row, at));
    return checks.map((check, i) => clearanceOf(check, at, grouped[i]));
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

/** A PostgreSQL array literal of uuids (ids come from our own parsing, never free text); an empty id is NULL. */
function toPgArray(ids: readonly string[]): string {
  return `{${ids.map((id) => id || 'NULL').join(',')}}`;
}

/** One pair as the clearance statement answers it. */
interface CheckedPair {
  studentVisible: boolean;
  workplaceVisible: boolean;
  /** The workplace's categories with their coverage; empty unless both are visible. */
  categories: CategoryCoverage[];
}

/**
 * One category of one pair as the clearance statement answers it: an element of its one JSON
 * array, in this order (times as ISO strings; `name` null unless the statement reads names,
 * `record`, the record's row, null unless it reads whole records). A pair the caller may not see
 * in full, or whose workplace has no categories, has one element with `categoryId` null.
 */
type CheckedRow = [
  ord: number,
  studentVisible: boolean,
  workplaceVisible: boolean,
  categoryId: string | null,
  code: string | null,
  recordId: string | null,
  kind: ReadinessKind | null,
  earnedAt: string | null,
  validUntil: string | null,
  name: LocalizedText | null,
  record: Dictionary | null,
];

/**
 * The clearance statement of a caller: for each (student, workplace) pair (by position in the two
 * arrays), whether the caller may see the student and its readiness records, whether it may see
 * the workplace, and — only when it sees both — the workplace's hazard categories with the
 * latest record of each at `at` (as {@link COVERAGE_SQL}). One row: a JSON array ({@link CheckedRow}) with at least one element per pair, ordered by
 * pair and category code. The visibility predicates are the entities' own `scope` rules (Person,
 * ReadinessRecord with a student's own-rows rule, Workplace), rendered in SQL, so this one
 * statement answers what the loaders and the coverage statement answered in three. It reads the
 * categories' names and the records' whole rows only when `projection` asks for them. Exported
 * for the benchmark's EXPLAIN ANALYZE. `at` null (a moment out of range): no records.
 */
export function clearanceStatement(
  em: EntityManager,
  checks: readonly ClearanceCheck[],
  at: Date | null,
  projection: ClearanceProjection = FULL_PROJECTION,
): ClearanceStatement {
  const shape = clearanceShape(em, projection);
  const bind = (values: readonly unknown[]) =>
    values.map((value) =>
      value === STUDENTS
        ? toPgArray(checks.map((c) => c.studentId))
        : value === WORKPLACES
          ? toPgArray(checks.map((c) => c.workplaceId))
          : value === AT
            ? at
            : value,
    );
  return { ...shape, values: bind(shape.values), positional: { sql: shape.positional.sql, bindings: bind(shape.positional.bindings) } };
}

/**
 * A clearance statement, the projection it reads, and whether the records it reads may be handed
 * out as they are ({@link recordsFollowStudent}).
 */
type ClearanceStatement = Statement & { carriesRecords: boolean; projection: ClearanceProjection };

// Stand-ins for the per-request bindings in a cached statement shape.
const STUDENTS = '\u0000students';
const WORKPLACES = '\u0000workplaces';
const AT = '\u0000at';

/**
 * The clearance statement of a kind of caller, compiled once (the visibility subqueries are
 * knex builders: compiling them was a large part of a clearance's own time). Keyed by the scope
 * parameters (which decide the SQL and its bindings) and the projection, per set of visibility
 * rules; at most {@link MAX_SHAPES} per set, the oldest dropped first.
 */
function clearanceShape(em: EntityManager, projection: ClearanceProjection): ClearanceStatement {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  const rules = params && !params.system ? params.visibility : SYSTEM_RULES;
  const caller = params?.system ? 'system' : JSON.stringify({ ...params, visibility: undefined });
  const key = `${projection.names ? 'n' : '-'}${projection.records ? 'r' : '-'}${caller}`;
  let shapes = SHAPES.get(rules);
  if (!shapes) SHAPES.set(rules, (shapes = new Map()));
  let shape = shapes.get(key);
  if (!shape) {
    shape = compileClearance(em, projection);
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    shapes.set(key, shape);
  }
  return shape;
}

const SYSTEM_RULES = {};
const MAX_SHAPES = 1000;
const SHAPES = new WeakMap<object, Map<string, ClearanceStatement>>();

function compileClearance(em: EntityManager, projection: ClearanceProjection): ClearanceStatement {
  const knex = (em as SqlEntityManager).getKnex();
  // `offset 0` keeps the pairs' visibility computed once per pair (the lateral reads it). Inside
  // each `exists` it keeps the check a primary-key probe per pair: the server runs this statement
  // with a generic plan, which does not know how many pairs the arrays hold, and without the fence
  // PostgreSQL turned the workplace check into a hash of every workplace the caller may see, built
  // on every execution (0.81 ms instead of 0.11 ms for one pair at 2 000 workplaces, growing with the
  // region; the bench:clearance generic plan shows it).
  // The hazard categories (a few dozen rows) are joined once for all pairs, not probed per row.
  // Without `projection.records` the record is read as far as coverage needs (id, kind, earned_at,
  // valid_until: all in the index it is found by, so no table page is read); with it, whole (its
  // row as JSON).
  // The rows leave as one JSON array ({@link CheckedRow}), built in PostgreSQL: the server
  // parses one value instead of ~9 text fields per category (a page of 50 pairs is ~150 rows, and
  // reading them field by field was a sixth of the server's time on the page; PostgreSQL's own
  // cost is the same either way, bench:clearance).
  const sql = `select coalesce(json_agg(json_build_array(t.ord, t.student_visible, t.workplace_visible, t.category_id, t.code,
                   t.record_id, t.kind, t.earned_at, t.valid_until, ${projection.names ? 't.name' : 'null'}, ${projection.records ? 't.record' : 'null'})
                   order by t.ord, t.code), '[]'::json) as pairs
    from (select q.ord, q.student_visible, q.workplace_visible, hc.code${projection.names ? ', hc.name' : ''}, c.*
      from (select q.student_id, q.workplace_id, q.ord,
                   ? and exists (select 1 from person p where p.id = q.student_id and ? offset 0) as student_visible,
                   exists (select 1 from workplace w where w.id = q.workplace_id and ? offset 0) as workplace_visible
              from unnest(?::uuid[], ?::uuid[]) with ordinality as q(student_id, workplace_id, ord)
            offset 0) q
      left join lateral (
           select whc.hazard_category_id as category_id, r.id as record_id, r.kind, r.earned_at, r.valid_until${projection.records ? ', to_json(r) as record' : ''}
             from workplace_hazard_category whc
             left join ${latestRecordAt('q.student_id', 'whc.hazard_category_id', projection.records)} on true
            where whc.workplace_id = q.workplace_id and q.student_visible and q.workplace_visible) c on true
      left join hazard_category hc on hc.id = c.category_id) t`;
  const statement = statementOf(
    knex.raw(sql, [
      // A readiness record is visible to whoever may see its student (READINESS_RECORD_VISIBILITY),
      // and a student's session sees only its own: a classmate's clearance is STUDENT_NOT_FOUND.
      ownRowsToCaller(em, 'ReadinessRecord', 'q'),
      visibleToCaller(em, 'Person', 'p'),
      visibleToCaller(em, 'Workplace', 'w'),
      STUDENTS,
      WORKPLACES,
      AT,
    ]),
  );
  return { ...statement, carriesRecords: recordsFollowStudent(em), projection };
}

function checkedPairs(
  rows: readonly { pairs: CheckedRow[] }[],
  checks: readonly ClearanceCheck[],
  at: Date | null,
  statement: ClearanceStatement,
): CheckedPair[] {
  const pairs: CheckedPair[] = checks.map(() => ({ studentVisible: false, workplaceVisible: false, categories: [] }));
  for (const [ord, studentVisible, workplaceVisible, categoryId, code, recordId, kind, earnedAt, validUntil, name, record] of rows[0]?.pairs ?? []) {
    const index = ord - 1;
    const pair = pairs[index];
    pair.studentVisible = studentVisible;
    pair.workplaceVisible = workplaceVisible;
    if (categoryId === null || code === null || !at) continue;
    const row: CoverageFields = {
      category_id: categoryId,
      code,
      name: name ?? undefined,
      record_id: recordId,
      kind,
      earned_at: earnedAt,
      valid_until: validUntil,
    };
    const latest = latestOf(row);
    const coverage: CategoryCoverage = categoryCoverage(row, at, latest);
    if (statement.carriesRecords && latest && recordId !== null) {
      if (statement.projection.records) coverage.recordRow = record!;
      else coverage.recordSummary = { id: recordId, studentId: checks[index].studentId, hazardCategoryId: categoryId, ...latest };
    }
    pair.categories.push(coverage);
  }
  return pairs;
}

/**
 * Whether every record the clearance statement reads is one the caller may see: a readiness
 * record's rule is "whoever may see its student" (READINESS_RECORD_VISIBILITY), i.e. the person
 * rule on the student column, and the statement reads records only of a visible student (with a
 * student's own-rows rule). Checked on the rendered rules, so if either rule changes the records
 * are loaded through their own scope again instead of being trusted.
 */
function recordsFollowStudent(em: EntityManager): boolean {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  if (!params || params.system || params.labAgent) return true;
  const knex = (em as SqlEntityManager).getKnex();
  const person = (em.getMetadata().find('Person')?.filters?.[SCOPE_FILTER] as VisibilityFilterDef | undefined)?.visibility;
  if (!person) return false;
  const render = (rule: RowVisibility) => {
    const { sql, bindings } = scopeConditionSql(rule(params, knex), knex, 'x', () => 'k').toSQL();
    return JSON.stringify({ sql, bindings });
  };
  return render(READINESS_RECORD_VISIBILITY) === render(person);
}

/** The latest record's coverage columns of a row, or null when the category has no record then. */
function latestOf(row: Pick<CoverageRow, 'kind' | 'earned_at' | 'valid_until'>): { kind: ReadinessKind; earnedAt: Date; validUntil: Date | null } | null {
  return row.kind ? { kind: row.kind, earnedAt: new Date(row.earned_at!), validUntil: row.valid_until ? new Date(row.valid_until) : null } : null;
}

/** A coverage row whose name the statement may not have read. */
type CoverageFields = Omit<CoverageRow, 'ord' | 'name'> & { name?: LocalizedText };

/** A row's coverage, with the row's name: named for {@link COVERAGE_SQL}'s rows, absent where the statement read no names. */
function categoryCoverage<R extends CoverageFields>(row: R, at: Date, latest = latestOf(row)): CategoryCoverage & Pick<R, 'name'> {
  return {
    categoryId: row.category_id,
    code: row.code,
    name: row.name,
    status: coverageAt(latest, at),
    recordId: row.record_id,
    validUntil: latest?.validUntil ?? null,
  };
}

function clearanceOf<C extends CategoryCoverage>(check: ClearanceCheck, at: Date, categories: C[]): Clearance<C> {
  const cleared = categories.every((c) => c.status === CoverageStatus.COVERED);
  const validUntil = cleared && categories.length > 0 ? new Date(Math.min(...categories.map((c) => c.validUntil!.getTime()))) : null;
  return {
    studentId: check.studentId,
    workplaceId: check.workplaceId,
    at,
    status: cleared ? ClearanceStatus.CLEARED : ClearanceStatus.NOT_CLEARED,
    categories,
    validUntil,
  };
}
