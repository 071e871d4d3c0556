import { BadUserInputError, ForbiddenError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import { pipelineScope } from './demand.scope';
import { HORIZON_YEARS } from './demand.rules';

/** What the pipeline is asked for. */
export interface PipelineQuery {
  region?: string | null;
  industry?: string | null;
  heiId?: string | null;
  qualificationCode?: string | null;
  fromYear?: number | null;
  toYear?: number | null;
}

/** One year of the pipeline. Stages not attributable to one HEI are null when asked per HEI. */
export interface PipelineRow {
  year: number;
  demand: number | null;
  agreedOrder: number | null;
  approvedOrder: number;
  acceptedOrder: number;
  budgetPlaces: number;
  dualPlaces: number;
  /** Students enrolled in dual groups of this intake year. */
  enrolled: number;
  /** Of those, students with a placement (not cancelled) at the HEI they are enrolled at. */
  placed: number;
  /** Graduates of this year (graduation recorded by the HEI). */
  graduated: number;
  /** Of those, graduates whose latest employment check finds them working (in or outside the profession, or self-employed). */
  employed: number;
}

/**
 * The pipeline as ONE SQL statement, whatever the number of rows: submitted demand (counts per
 * year unnested from each demand) → the industry councils' agreed order → the approved
 * consolidated order (and what the HEIs accepted of it) → admission control figures → students
 * enrolled in that intake → of them, placed → graduates of that year → of them, employed, per year.
 * Named parameters (`:name`) are turned into positional ones by {@link positional}. CTE `s` holds the
 * industry filter: an industry council's own OKED section replaces any it asks for.
 */
export const PIPELINE_SQL = `
with years as (select generate_series(:fromYear::int, :toYear::int) as year),
s as (select case when :councilId::uuid is null then :industry::text
                  else coalesce((select o.industry from organization o where o.id = :councilId::uuid), '-') end as industry),
demand as (
  select d.base_year + c.i::int - 1 as year, sum(c.n::int) as n
    from workforce_demand d cross join lateral jsonb_array_elements_text(d.counts) with ordinality as c(n, i)
   where d.region = :region and d.status = 'SUBMITTED'
     and ((select industry from s) is null or d.industry = (select industry from s)) and (:qualification::text is null or d.qualification_code = :qualification)
   group by 1),
agreed as (
  select a.year, sum(a.count) as n from industry_order_line a
   where a.region = :region and ((select industry from s) is null or a.industry = (select industry from s)) and (:qualification::text is null or a.qualification_code = :qualification)
   group by a.year),
approved as (
  select l.year, sum(l.count) as n, sum(l.count) filter (where l.decision = 'ACCEPTED') as accepted
    from order_line l join consolidated_order o on o.id = l.order_id
   where o.region = :region and o.status in ('APPROVED', 'PLACED')
     and ((select industry from s) is null or l.industry = (select industry from s)) and (:qualification::text is null or l.qualification_code = :qualification)
     and (:hei::uuid is null or l.executor_id = :hei)
   group by l.year),
figures as (
  select f.year, sum(f.budget_places) as budget, sum(f.dual_places) as dual
    from control_figure f join qualification q on q.code = f.qualification_code
   where f.region = :region and ((select industry from s) is null or q.industry = (select industry from s)) and (:qualification::text is null or f.qualification_code = :qualification)
     and (:hei::uuid is null or f.hei_id = :hei)
   group by f.year),
enrolled as (
  select en.intake_year as year, count(*) as n,
         count(*) filter (where exists (select 1 from placement pl
                                         where pl.student_id = en.student_id and pl.hei_id = en.hei_id and pl.status <> 'CANCELLED')) as placed
    from enrolment en
   where en.region = :region and (:hei::uuid is null or en.hei_id = :hei)
     -- per industry or qualification: the enrolments of programmes with control figures for it that year
     and (((select industry from s) is null and :qualification::text is null)
          or exists (select 1 from control_figure f join qualification q on q.code = f.qualification_code
                      where f.hei_id = en.hei_id and f.program_id = en.program_id and f.year = en.intake_year
                        and ((select industry from s) is null or q.industry = (select industry from s))
                        and (:qualification::text is null or f.qualification_code = :qualification)))
   group by en.intake_year),
graduated as (
  select extract(year from g.graduated_on)::int as year, count(*) as n,
         count(*) filter (where last.status in ('EMPLOYED_IN_PROFESSION', 'EMPLOYED_OUTSIDE_PROFESSION', 'SELF_EMPLOYED')) as employed
    from graduation g
    left join lateral (select c.status from employment_check c where c.graduation_id = g.id
                        order by c.checked_on desc, c.created_at desc limit 1) last on true
   where g.region = :region and (:hei::uuid is null or g.hei_id = :hei)
     and g.graduated_on >= make_date(:fromYear::int, 1, 1) and g.graduated_on < make_date(:toYear::int + 1, 1, 1)
     -- per industry or qualification: the graduates of programmes with control figures for it (any year)
     and (((select industry from s) is null and :qualification::text is null)
          or exists (select 1 from control_figure f join qualification q on q.code = f.qualification_code
                      where f.hei_id = g.hei_id and f.program_id = g.program_id
                        and ((select industry from s) is null or q.industry = (select industry from s))
                        and (:qualification::text is null or f.qualification_code = :qualification)))
   group by 1)
select y.year::int as year,
       case when :hei::uuid is null then coalesce(d.n, 0) end::int as demand,
       case when :hei::uuid is null then coalesce(a.n, 0) end::int as agreed_order,
       coalesce(p.n, 0)::int as approved_order,
       coalesce(p.accepted, 0)::int as accepted_order,
       coalesce(f.budget, 0)::int as budget_places,
       coalesce(f.dual, 0)::int as dual_places,
       coalesce(en.n, 0)::int as enrolled,
       coalesce(en.placed, 0)::int as placed,
       coalesce(gr.n, 0)::int as graduated,
       coalesce(gr.employed, 0)::int as employed
  from years y
  left join demand d on d.year = y.year
  left join agreed a on a.year = y.year
  left join approved p on p.year = y.year
  left join figures f on f.year = y.year
  left join enrolled en on en.year = y.year
  left join graduated gr on gr.year = y.year
 order by y.year`;

/**
 * {@link PIPELINE_SQL} with its parameters replaced by SQL expressions (`region`, `hei`, `industry`,
 * `councilId`, `qualification`, `fromYear`, `toYear`; a name not given stays a `:name` parameter):
 * the pipeline of each row of an outer query, as a lateral subquery (the PIPELINE indicator).
 */
export function pipelineOver(expressions: Partial<Record<string, string>>): string {
  return PIPELINE_SQL.replace(/(?<!:):([a-zA-Z]\w*)/g, (match, name: string) => (expressions[name] !== undefined ? `(${expressions[name]})` : match));
}

/** `:name` placeholders → `?` with the values in order (a `::cast` is left alone). */
export function positional(sql: string, params: Record<string, unknown>): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [];
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`pipeline: no parameter ${name}`);
    bindings.push(params[name]);
    return '?';
  });
  return { sql: text, bindings };
}

/** The pipeline query: scoped by the request's scope parameters, computed in PostgreSQL. */
export class PipelineService {
  /** The parameters the caller's scope allows for a query (throws FORBIDDEN for callers without a pipeline). */
  params(ctx: RequestContext, query: PipelineQuery): Record<string, unknown> {
    const scope = pipelineScope(ctx.em);
    const now = ctx.clock.now().getUTCFullYear();
    const params = {
      region: query.region ?? null,
      industry: query.industry ?? null,
      hei: query.heiId ?? null,
      qualification: query.qualificationCode ?? null,
      fromYear: query.fromYear ?? now,
      toYear: query.toYear ?? now + HORIZON_YEARS,
    };
    if (params.toYear < params.fromYear || params.toYear - params.fromYear > 20)
      throw new BadUserInputError('at most 20 years, toYear not before fromYear', 'input.toYear');
    if (scope.kind === 'none') throw new ForbiddenError('The pipeline is for the regional bodies and HEIs');
    if (scope.kind !== 'system') {
      if (params.region && params.region !== scope.region) throw new ForbiddenError('You may see the pipeline of your own region only');
      params.region = scope.region;
    }
    if (scope.kind === 'hei') params.hei = scope.heiId;
    return { ...params, councilId: scope.kind === 'region' ? (scope.councilId ?? null) : null };
  }

  async pipeline(ctx: RequestContext, query: PipelineQuery): Promise<PipelineRow[]> {
    const params = this.params(ctx, query);
    if (!params.region) throw new ForbiddenError('Name a region');
    const { sql, bindings } = positional(PIPELINE_SQL, params);
    const rows = (await ctx.em.getConnection().execute(sql, bindings)) as Record<string, number | null>[];
    return rows.map((r) => ({
      year: r.year!,
      demand: r.demand,
      agreedOrder: r.agreed_order,
      approvedOrder: r.approved_order!,
      acceptedOrder: r.accepted_order!,
      budgetPlaces: r.budget_places!,
      dualPlaces: r.dual_places!,
      enrolled: r.enrolled!,
      placed: r.placed!,
      graduated: r.graduated!,
      employed: r.employed!,
    }));
  }
}
