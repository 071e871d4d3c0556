import { examVisibility } from '../assessment';
import { HORIZON_YEARS, pipelineOver } from '../demand';
import { isRegional, organizationsOfRegion, partiesVisibility, type RowVisibility } from '../db/scope';
import { GRADUATION_VISIBILITY, outcomeVisibility, programsOpenToAgency, SURVEY_VISIBILITY } from '../graduates';
import { clearedAtSql } from '../readiness';
import type { LocalizedText } from '../shared/localized';
import { OrganizationKind } from '../shared/organization-kind';

/** The filters an indicator may take (each indicator lists the ones it understands). */
export type IndicatorFilterName = 'region' | 'heiId' | 'employerId' | 'programId' | 'fromYear' | 'toYear';

/** One column of an indicator table. */
export interface IndicatorColumn {
  name: string;
  type: 'text' | 'id' | 'int' | 'number' | 'boolean';
  definition: LocalizedText;
}

/**
 * An indicator: what it counts (kk/ru/en, readable in the API), its columns, and its SQL. The SQL
 * selects exactly `columns` and contains `:scope` (the caller's visibility over the table aliased
 * `scopeAlias`, rendered from `visibility` — the same rule as the table's entity filter) and the
 * named parameters `:region`, `:hei`, `:employer`, `:program`, `:fromYear`, `:toYear` (null when not
 * filtered). Everything is computed in PostgreSQL; Node only streams the result.
 */
export interface IndicatorDefinition {
  code: string;
  name: LocalizedText;
  definition: LocalizedText;
  columns: IndicatorColumn[];
  filters: IndicatorFilterName[];
  visibility: RowVisibility;
  scopeAlias: string;
  /** Relations (property → `<property>_id` column) of the visibility rule's table. */
  relations?: string[];
  /**
   * The entity whose rows `scopeAlias` ranges over, for lists of records about students: a
   * student's session then gets only its own rows (`ownRowsCondition`), as its queries do.
   */
  entity?: string;
  /** The materialized view it reads, when it reads one (its refresh time is reported). */
  materializedView?: string;
  /** A threshold partners should highlight (e.g. 0.35 for the share of training at the enterprise). */
  threshold?: { column: string; value: number; definition: LocalizedText };
  sql: string;
}

const t = (en: string, ru: string, kk: string): LocalizedText => ({ kk, ru, en });

const C = {
  region: {
    name: 'region',
    type: 'text',
    definition: t('Region (of the HEI unless stated).', 'Регион (учебного заведения, если не указано иное).', 'Өңір (өзгеше айтылмаса, оқу орнының).'),
  },
  heiId: { name: 'heiId', type: 'id', definition: t('Row id of the HEI.', 'Идентификатор учебного заведения.', 'Оқу орнының идентификаторы.') },
  heiBin: { name: 'heiBin', type: 'text', definition: t('BIN of the HEI.', 'БИН учебного заведения.', 'Оқу орнының БСН-і.') },
  programId: { name: 'programId', type: 'id', definition: t('Row id of the programme.', 'Идентификатор программы.', 'Бағдарламаның идентификаторы.') },
  programCode: { name: 'programCode', type: 'text', definition: t('Code of the programme.', 'Код программы.', 'Бағдарламаның коды.') },
  employerId: { name: 'employerId', type: 'id', definition: t('Row id of the employer.', 'Идентификатор работодателя.', 'Жұмыс берушінің идентификаторы.') },
  employerBin: { name: 'employerBin', type: 'text', definition: t('BIN of the employer.', 'БИН работодателя.', 'Жұмыс берушінің БСН-і.') },
  industry: {
    name: 'industry',
    type: 'text',
    definition: t("OKED section of the employer's industry.", 'Секция ОКЭД отрасли работодателя.', 'Жұмыс беруші саласының ЭҚЖЖ секциясы.'),
  },
  year: { name: 'year', type: 'int', definition: t('Year.', 'Год.', 'Жыл.') },
} satisfies Record<string, IndicatorColumn>;

const col = (name: string, type: IndicatorColumn['type'], en: string, ru: string, kk: string): IndicatorColumn => ({ name, type, definition: t(en, ru, kk) });

/** The columns that name where a row belongs: the region and HEI, the employer, the programme. */
const HEI_COLUMNS = [C.region, C.heiId, C.heiBin];
const EMPLOYER_COLUMNS = [C.employerId, C.employerBin];
const PROGRAM_COLUMNS = [C.programId, C.programCode];

/** Programmes: public offerings, but their indicators are the HEI's, its region's, its agency's and the adapting employers'. */
const programVisibility: RowVisibility = (caller, knex) => {
  if (isRegional(caller)) return { property: 'hei', in: organizationsOfRegion(knex, caller.region) };
  if (caller.kind === OrganizationKind.HEI) return { property: 'hei', equals: caller.organizationId };
  if (caller.kind === OrganizationKind.EMPLOYER)
    return { property: 'id', in: knex('discipline').distinct('program_id').where('adapted_by_id', caller.organizationId) };
  if (caller.kind === OrganizationKind.ACCREDITATION_AGENCY) return { property: 'id', in: programsOpenToAgency(knex, caller) };
  return { property: 'id', equals: [] };
};

/**
 * Where an indicator's filters apply: the SQL expression each filter it takes is compared with.
 * `year` is an integer expression (`fromYear`/`toYear` bound it, inclusive); `date` a date column
 * bounded by whole years instead, so an index on it serves the range.
 */
export interface FilterColumns {
  region?: string;
  heiId?: string;
  employerId?: string;
  programId?: string;
  year?: string;
  date?: string;
}

/** The named parameter and its cast of each id/text filter. */
const FILTER_PARAMS = { region: ':region::text', heiId: ':hei::uuid', employerId: ':employer::uuid', programId: ':program::uuid' } as const;

/**
 * The scope and filter framing every indicator's statement shares: `:scope` (the caller's
 * visibility over the definition's `scopeAlias`) and, for each filter in `on`, a predicate that
 * holds when the filter is not given. Returns the filters taken (in the order of
 * {@link IndicatorFilterName}) and the predicate, to put after `where`.
 */
export function scopedWhere(on: FilterColumns): { filters: IndicatorFilterName[]; where: string } {
  const filters: IndicatorFilterName[] = [];
  const parts = [':scope'];
  for (const name of ['region', 'heiId', 'employerId', 'programId'] as const) {
    const expr = on[name];
    if (!expr) continue;
    filters.push(name);
    parts.push(`(${FILTER_PARAMS[name]} is null or ${expr} = ${FILTER_PARAMS[name]})`);
  }
  if (on.year) {
    filters.push('fromYear', 'toYear');
    parts.push(`(:fromYear::int is null or ${on.year} >= :fromYear::int) and (:toYear::int is null or ${on.year} <= :toYear::int)`);
  } else if (on.date) {
    filters.push('fromYear', 'toYear');
    parts.push(
      `(:fromYear::int is null or ${on.date} >= make_date(:fromYear::int, 1, 1)) and (:toYear::int is null or ${on.date} < make_date(:toYear::int + 1, 1, 1))`,
    );
  }
  return { filters, where: parts.join(' and ') };
}

/** What {@link defineIndicator} takes: a definition whose filters follow from `filterOn`, and SQL given the framed `where`. */
export type IndicatorSpec = Omit<IndicatorDefinition, 'filters' | 'sql'> & { filterOn: FilterColumns; sql: (where: string) => string };

/**
 * The one builder of indicator (and export list) definitions: the filters it takes and their
 * predicates come from `filterOn`, framed with the scope by {@link scopedWhere}, so a filter is
 * listed exactly when the statement applies it. The statement stays one scoped SQL statement.
 */
export function defineIndicator({ filterOn, sql, ...spec }: IndicatorSpec): IndicatorDefinition {
  const { filters, where } = scopedWhere(filterOn);
  return { ...spec, filters, sql: sql(where) };
}

/**
 * The units the pipeline is counted for: each region (`REGION`: every stage), each HEI (`HEI`: the
 * stages attributable to it — orders placed with it, its control figures, enrolments, graduates)
 * and each industry council (`INDUSTRY`: its region, its own OKED section), as the `pipeline` query counts them.
 */
const PIPELINE_UNITS = `(select r.region, 'REGION' as level, null::uuid as hei_id, null::uuid as council_id, null::text as industry
                            from (select distinct o.region from organization o where o.kind = 'HEI' and o.region is not null) r
                          union all
                          select h.region, 'HEI', h.id, null, null from organization h where h.kind = 'HEI' and h.region is not null
                          union all
                          select c.region, 'INDUSTRY', null, c.id, coalesce(c.industry, '-') from organization c
                           where c.kind = 'INDUSTRY_COUNCIL' and c.region is not null)`;

/** The pipeline's rows: the regional bodies their region's (an industry council its industry's), an HEI its own, anyone else none. */
const pipelineVisibility: RowVisibility = (caller) => {
  if (caller.kind === OrganizationKind.INDUSTRY_COUNCIL) return { property: 'council', equals: caller.organizationId };
  if (isRegional(caller))
    return {
      and: [
        { property: 'region', equals: caller.region },
        // Two conditions, not a list: a list bound inside the nested raw would be spread as values.
        {
          or: [
            { property: 'level', equals: 'REGION' },
            { property: 'level', equals: 'HEI' },
          ],
        },
      ],
    };
  if (caller.kind === OrganizationKind.HEI) return { property: 'hei', equals: caller.organizationId };
  return { property: 'hei', equals: [] };
};

/** The years of the pipeline indicator: fromYear (default this year) to toYear (default fromYear + the demand horizon). */
const PIPELINE_FROM = `coalesce(:fromYear::int, extract(year from current_date)::int)`;
const PIPELINE_TO = `coalesce(:toYear::int, ${PIPELINE_FROM} + ${HORIZON_YEARS})`;

const pipelineCount = (name: string, en: string, ru: string, kk: string) => col(name, 'int', en, ru, kk);

/** Every indicator, in the order partners read them (seed 000 §2.2.3.2: system, process, outcomes). */
export const INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator({
    code: 'DUAL_STUDENTS',
    name: t('Students in dual programmes', 'Студенты дуальных программ', 'Дуалды бағдарлама студенттері'),
    definition: t(
      'Students enrolled in a dual group (accepted applications), per HEI, programme and intake year.',
      'Студенты, зачисленные в дуальные группы (принятые заявления), по вузу, программе и году приёма.',
      'Дуалды топқа қабылданған студенттер (қабылданған өтініштер), оқу орны, бағдарлама және қабылдау жылы бойынша.',
    ),
    columns: [...HEI_COLUMNS, ...PROGRAM_COLUMNS, C.year, col('students', 'int', 'Students enrolled.', 'Зачислено студентов.', 'Қабылданған студенттер.')],
    filterOn: { region: 'h.region', heiId: 'e.hei_id', programId: 'e.program_id', year: 'e.intake_year' },
    visibility: outcomeVisibility(),
    scopeAlias: 'e',
    sql: (where) => `select e.region, e.hei_id as "heiId", h.bin as "heiBin", e.program_id as "programId", pr.code as "programCode", e.intake_year::int as year,
                 count(distinct e.student_id)::int as students
            from enrolment e join organization h on h.id = e.hei_id join program pr on pr.id = e.program_id
           where ${where}
           group by e.region, e.hei_id, h.bin, e.program_id, pr.code, e.intake_year
           order by e.region, h.bin, pr.code, year`,
  }),
  defineIndicator({
    code: 'PLACEMENTS_BY_STATUS',
    name: t('Placements by status', 'Практики по статусам', 'Мәртебесі бойынша практикалар'),
    definition: t(
      "Placements per HEI, employer (with its industry) and year of the placement's start, by status (PLANNED, CONFIRMED, ACTIVE, COMPLETED, SUSPENDED, CANCELLED).",
      'Практики по вузу, работодателю (и его отрасли) и году начала, по статусам.',
      'Практикалар оқу орны, жұмыс беруші (саласымен) және басталу жылы бойынша, мәртебелері бойынша.',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...EMPLOYER_COLUMNS,
      C.industry,
      C.year,
      col('status', 'text', 'Placement status.', 'Статус практики.', 'Практика мәртебесі.'),
      col('placements', 'int', 'Placements.', 'Практик.', 'Практикалар.'),
    ],
    filterOn: { region: 'h.region', heiId: 'p.hei_id', employerId: 'p.employer_id', date: 'p.start_date' },
    visibility: partiesVisibility,
    scopeAlias: 'p',
    // Counted on the placement rows alone (one pass, a hash of a few hundred groups), then joined
    // to the employer: the groups, not the 300 000 rows, carry the wide text columns.
    sql: (where) => `select x.region, x.hei_id as "heiId", x.hei_bin as "heiBin", x.employer_id as "employerId", em.bin as "employerBin", em.industry,
                 x.year, x.status, x.placements
            from (select h.region, p.hei_id, h.bin as hei_bin, p.employer_id, extract(year from p.start_date)::int as year, p.status::text as status,
                         count(*)::int as placements
                    from placement p join organization h on h.id = p.hei_id
                   where ${where}
                   group by h.region, p.hei_id, h.bin, p.employer_id, extract(year from p.start_date), p.status) x
            join organization em on em.id = x.employer_id
           order by x.region, x.hei_bin, em.bin, x.year, x.status`,
  }),
  defineIndicator({
    code: 'ENTERPRISE_SHARE',
    name: t('Share of training at the enterprise', 'Доля обучения на предприятии', 'Кәсіпорындағы оқыту үлесі'),
    definition: t(
      "Per practice plan's programme and HEI: practice credits planned at the enterprise over the programme's credits (1 ECTS = 30 h), and logbook hours signed by mentors over the programme's hours. Seed 001 §3.2: at least 35 % of a dual programme at the enterprise (threshold on plannedShare).",
      'По программе и вузу планов практики: кредиты практики на предприятии к кредитам программы (1 ECTS = 30 ч) и часы дневника, подписанные наставниками, к часам программы. Не менее 35 % дуальной программы на предприятии (порог по plannedShare).',
      'Практика жоспарларының бағдарламасы мен оқу орны бойынша: кәсіпорындағы практика кредиттерінің бағдарлама кредиттеріне қатынасы (1 ECTS = 30 сағ) және тәлімгерлер қол қойған күнделік сағаттарының бағдарлама сағаттарына қатынасы. Дуалды бағдарламаның кемінде 35 %-ы кәсіпорында (plannedShare бойынша шек).',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...PROGRAM_COLUMNS,
      col('programCredits', 'int', "The programme's credits (all disciplines).", 'Кредиты программы.', 'Бағдарлама кредиттері.'),
      col('plans', 'int', 'Practice plans (placements with a plan).', 'Планов практики.', 'Практика жоспарлары.'),
      col(
        'plannedShare',
        'number',
        'Average practice credits over programme credits.',
        'Средняя доля кредитов практики.',
        'Практика кредиттерінің орташа үлесі.',
      ),
      col(
        'signedShare',
        'number',
        'Average signed hours over programme hours (credits × 30).',
        'Средняя доля подписанных часов.',
        'Қол қойылған сағаттардың орташа үлесі.',
      ),
      col('meetsThreshold', 'boolean', 'plannedShare is at least 0.35.', 'plannedShare не ниже 0,35.', 'plannedShare кемінде 0,35.'),
    ],
    filterOn: { region: 'h.region', heiId: 'pp.hei_id', programId: 'pp.program_id' },
    visibility: partiesVisibility,
    scopeAlias: 'pp',
    threshold: {
      column: 'plannedShare',
      value: 0.35,
      definition: t('Seed 001 §3.2: at least 35 % at the enterprise.', 'Не менее 35 % на предприятии.', 'Кемінде 35 % кәсіпорында.'),
    },
    sql: (where) => `with credits as (select program_id, sum(credits)::int as credits from discipline group by program_id),
               signed as (select placement_id, sum(hours) as hours from logbook_entry where status = 'SIGNED' group by placement_id)
          select h.region, pp.hei_id as "heiId", h.bin as "heiBin", pp.program_id as "programId", pr.code as "programCode", c.credits as "programCredits",
                 count(*)::int as plans,
                 round(avg(pp.practice_credits::numeric / nullif(c.credits, 0)), 4)::float8 as "plannedShare",
                 round(avg(coalesce(s.hours, 0) / nullif(c.credits * 30, 0)), 4)::float8 as "signedShare",
                 coalesce(avg(pp.practice_credits::numeric / nullif(c.credits, 0)) >= 0.35, false) as "meetsThreshold"
            from practice_plan pp join organization h on h.id = pp.hei_id join program pr on pr.id = pp.program_id
            left join credits c on c.program_id = pp.program_id left join signed s on s.placement_id = pp.placement_id
           where ${where}
           group by h.region, pp.hei_id, h.bin, pp.program_id, pr.code, c.credits
           order by h.region, h.bin, pr.code`,
  }),
  defineIndicator({
    code: 'EMPLOYER_ADAPTED_SHARE',
    name: t('Employer-adapted share of programmes', 'Доля программы, адаптированная работодателями', 'Бағдарламаның жұмыс берушілерге бейімделген үлесі'),
    definition: t(
      "Credits of disciplines adapted to an employer over the programme's credits (at most 30 % by the methodology).",
      'Кредиты дисциплин, адаптированных к работодателю, к кредитам программы (по методологии не более 30 %).',
      'Жұмыс берушіге бейімделген пәндер кредиттерінің бағдарлама кредиттеріне қатынасы (әдістеме бойынша 30 %-дан аспайды).',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...PROGRAM_COLUMNS,
      col('credits', 'int', 'Credits of the programme.', 'Кредиты программы.', 'Бағдарлама кредиттері.'),
      col('adaptedCredits', 'int', 'Credits adapted to employers.', 'Адаптированные кредиты.', 'Бейімделген кредиттер.'),
      col('adaptedShare', 'number', 'adaptedCredits / credits.', 'Доля адаптированных кредитов.', 'Бейімделген кредиттер үлесі.'),
      col('employers', 'int', 'Employers that adapted a discipline.', 'Работодателей, адаптировавших дисциплины.', 'Пән бейімдеген жұмыс берушілер.'),
    ],
    filterOn: { region: 'h.region', heiId: 'pr.hei_id', programId: 'pr.id' },
    visibility: programVisibility,
    scopeAlias: 'pr',
    relations: ['hei'],
    sql: (where) => `select h.region, pr.hei_id as "heiId", h.bin as "heiBin", pr.id as "programId", pr.code as "programCode",
                 coalesce(sum(d.credits), 0)::int as credits, coalesce(sum(d.credits) filter (where d.adapted_by_id is not null), 0)::int as "adaptedCredits",
                 round(coalesce(sum(d.credits) filter (where d.adapted_by_id is not null), 0)::numeric / nullif(sum(d.credits), 0), 4)::float8 as "adaptedShare",
                 count(distinct d.adapted_by_id)::int as employers
            from program pr join organization h on h.id = pr.hei_id left join discipline d on d.program_id = pr.id
           where ${where}
           group by h.region, pr.hei_id, h.bin, pr.id, pr.code
           order by h.region, h.bin, pr.code`,
  }),
  defineIndicator({
    code: 'CLEARANCE_COVERAGE',
    name: t(
      'Readiness and clearance at hazardous workplaces',
      'Готовность и допуск на опасных рабочих местах',
      'Қауіпті жұмыс орындарындағы дайындық пен рұқсат',
    ),
    definition: t(
      'Placements (CONFIRMED or ACTIVE) at workplaces with hazard categories, and how many of their students hold valid simulator readiness for every category of the workplace today (cleared).',
      'Практики (CONFIRMED или ACTIVE) на рабочих местах с категориями опасности и сколько студентов сегодня имеют действующую готовность по всем категориям места (допущены).',
      'Қауіп санаттары бар жұмыс орындарындағы практикалар (CONFIRMED немесе ACTIVE) және олардың қанша студентінде бүгін орынның барлық санаттары бойынша жарамды дайындық бар (рұқсат етілген).',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...EMPLOYER_COLUMNS,
      col('hazardousPlacements', 'int', 'Placements at hazardous workplaces.', 'Практик на опасных местах.', 'Қауіпті орындардағы практикалар.'),
      col(
        'cleared',
        'int',
        'Of them, students cleared for every hazard category.',
        'Из них допущенных по всем категориям.',
        'Олардың ішінде барлық санат бойынша рұқсат етілгендер.',
      ),
      col('coverage', 'number', 'cleared / hazardousPlacements.', 'Доля допущенных.', 'Рұқсат етілгендер үлесі.'),
    ],
    filterOn: { region: 'h.region', heiId: 'p.hei_id', employerId: 'p.employer_id' },
    visibility: partiesVisibility,
    scopeAlias: 'p',
    // Cleared as the clearance gate decides it (clearedAtSql: the latest record per category, one
    // index probe each), computed once per placement (materialized: the select reads it twice).
    sql: (where) => `with hazardous as materialized (
            select p.id, p.hei_id, h.region, h.bin as hei_bin, p.employer_id, ${clearedAtSql('p.student_id', 'p.workplace_id', 'now()')} as cleared
              from placement p join organization h on h.id = p.hei_id
             where ${where} and p.status in ('CONFIRMED', 'ACTIVE') and exists (select 1 from workplace_hazard_category wh where wh.workplace_id = p.workplace_id))
          select x.region, x.hei_id as "heiId", x.hei_bin as "heiBin", x.employer_id as "employerId", em.bin as "employerBin",
                 count(*)::int as "hazardousPlacements", count(*) filter (where x.cleared)::int as cleared,
                 round(count(*) filter (where x.cleared)::numeric / count(*), 4)::float8 as coverage
            from hazardous x join organization em on em.id = x.employer_id
           group by x.region, x.hei_id, x.hei_bin, x.employer_id, em.bin
           order by x.region, x.hei_bin, em.bin`,
  }),
  defineIndicator({
    code: 'LOGBOOK_HOURS',
    name: t('Logbook hours signed vs planned', 'Часы дневника: подписано и запланировано', 'Күнделік сағаттары: қол қойылған және жоспарланған'),
    definition: t(
      'Per HEI, employer and programme: hours planned by practice plans (practice credits × 30) and hours of logbook entries signed by the mentor (corrections count, returned entries do not).',
      'По вузу, работодателю и программе: часы по планам практики (кредиты × 30) и часы записей дневника, подписанных наставником.',
      'Оқу орны, жұмыс беруші және бағдарлама бойынша: практика жоспарларының сағаттары (кредиттер × 30) және тәлімгер қол қойған күнделік жазбаларының сағаттары.',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...EMPLOYER_COLUMNS,
      ...PROGRAM_COLUMNS,
      col('plans', 'int', 'Practice plans.', 'Планов практики.', 'Практика жоспарлары.'),
      col('plannedHours', 'number', 'Hours planned.', 'Запланировано часов.', 'Жоспарланған сағаттар.'),
      col('signedHours', 'number', 'Hours signed by mentors.', 'Подписано часов.', 'Қол қойылған сағаттар.'),
      col('signedShare', 'number', 'signedHours / plannedHours.', 'Доля подписанных часов.', 'Қол қойылған сағаттар үлесі.'),
    ],
    filterOn: { region: 'h.region', heiId: 'pp.hei_id', employerId: 'pp.employer_id', programId: 'pp.program_id' },
    visibility: partiesVisibility,
    scopeAlias: 'pp',
    sql: (where) => `with signed as (select placement_id, sum(hours) as hours from logbook_entry where status = 'SIGNED' group by placement_id)
          select h.region, pp.hei_id as "heiId", h.bin as "heiBin", pp.employer_id as "employerId", em.bin as "employerBin", pp.program_id as "programId", pr.code as "programCode",
                 count(*)::int as plans, sum(pp.practice_credits * 30)::float8 as "plannedHours", coalesce(sum(s.hours), 0)::float8 as "signedHours",
                 round(coalesce(sum(s.hours), 0) / nullif(sum(pp.practice_credits * 30), 0), 4)::float8 as "signedShare"
            from practice_plan pp join organization h on h.id = pp.hei_id join organization em on em.id = pp.employer_id join program pr on pr.id = pp.program_id
            left join signed s on s.placement_id = pp.placement_id
           where ${where}
           group by h.region, pp.hei_id, h.bin, pp.employer_id, em.bin, pp.program_id, pr.code
           order by h.region, h.bin, em.bin, pr.code`,
  }),
  defineIndicator({
    code: 'EXAM_ADMISSION',
    name: t(
      'Production exam admission and pass rate',
      'Допуск к производственному экзамену и доля сдавших',
      'Өндірістік емтиханға жіберу және тапсырғандар үлесі',
    ),
    definition: t(
      "Per HEI, employer, programme and exam year: candidates the expanded pedagogical council decided on and admitted, the admitted students whose result the commission recorded (examined), and those whose final grade passes. admissionRate is over candidates, passRate over examined, passedShare over candidates. Visible like the exam's records (its HEI, employer, commission members' organisations and their regional bodies).",
      'По вузу, работодателю, программе и году экзамена: кандидаты, рассмотренные расширенным педагогическим советом, и допущенные; допущенные, чей результат записала комиссия (сдавали), и сдавшие (итоговая оценка проходная). admissionRate — от кандидатов, passRate — от сдававших, passedShare — от кандидатов. Видно как записи экзамена (вуз, работодатель, организации членов комиссии и их региональные органы).',
      'Оқу орны, жұмыс беруші, бағдарлама және емтихан жылы бойынша: кеңейтілген педагогикалық кеңес қараған және жіберген үміткерлер; комиссия нәтижесін жазған жіберілгендер (тапсырғандар) және қорытынды бағасы өту бағасы болғандар. admissionRate — үміткерлерден, passRate — тапсырғандардан, passedShare — үміткерлерден. Емтихан жазбалары сияқты көрінеді (оқу орны, жұмыс беруші, комиссия мүшелерінің ұйымдары және олардың өңірлік органдары).',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...EMPLOYER_COLUMNS,
      ...PROGRAM_COLUMNS,
      C.year,
      col('candidates', 'int', 'Candidates the council decided on.', 'Рассмотрено кандидатов.', 'Қаралған үміткерлер.'),
      col('admitted', 'int', 'Admitted.', 'Допущено.', 'Жіберілгендер.'),
      col('admissionRate', 'number', 'admitted / candidates.', 'Доля допущенных.', 'Жіберілгендер үлесі.'),
      col('examined', 'int', 'Admitted students with a recorded exam result.', 'Допущенных с записанным результатом.', 'Нәтижесі жазылған жіберілгендер.'),
      col('passed', 'int', 'Of them, a passing final grade.', 'Из них с проходной итоговой оценкой.', 'Олардың ішінде қорытынды бағасы өткендер.'),
      col('passRate', 'number', 'passed / examined.', 'Доля сдавших от сдававших.', 'Тапсырғандардан өткендер үлесі.'),
      col('passedShare', 'number', 'passed / candidates.', 'Доля сдавших от кандидатов.', 'Үміткерлерден өткендер үлесі.'),
    ],
    filterOn: { region: 'h.region', heiId: 'a.hei_id', employerId: 'a.employer_id', programId: 'x.program_id', year: 'extract(year from x.exam_date)' },
    visibility: examVisibility('exam'),
    scopeAlias: 'a',
    relations: ['hei', 'employer', 'exam'],
    // A result is unique per (exam, placement), so the left join never multiplies admissions.
    sql: (
      where,
    ) => `select h.region, a.hei_id as "heiId", h.bin as "heiBin", a.employer_id as "employerId", em.bin as "employerBin", x.program_id as "programId", pr.code as "programCode",
                 extract(year from x.exam_date)::int as year, count(*)::int as candidates, count(*) filter (where a.admitted)::int as admitted,
                 round(count(*) filter (where a.admitted)::numeric / count(*), 4)::float8 as "admissionRate",
                 count(r.id) filter (where a.admitted)::int as examined, count(r.id) filter (where a.admitted and r.passed)::int as passed,
                 round((count(r.id) filter (where a.admitted and r.passed))::numeric / nullif(count(r.id) filter (where a.admitted), 0), 4)::float8 as "passRate",
                 round((count(r.id) filter (where a.admitted and r.passed))::numeric / count(*), 4)::float8 as "passedShare"
            from exam_admission a join production_exam x on x.id = a.exam_id join organization h on h.id = a.hei_id join organization em on em.id = a.employer_id
            join program pr on pr.id = x.program_id left join exam_result r on r.exam_id = a.exam_id and r.placement_id = a.placement_id
           where ${where}
           group by h.region, a.hei_id, h.bin, a.employer_id, em.bin, x.program_id, pr.code, year
           order by h.region, h.bin, em.bin, pr.code, year`,
  }),
  defineIndicator({
    code: 'EMPLOYMENT_AFTER_GRADUATION',
    name: t('Employment after graduation', 'Трудоустройство выпускников', 'Түлектердің жұмысқа орналасуы'),
    definition: t(
      'Per HEI, programme and graduation year: graduates, and for 1, 2 and 3 years after graduation the graduates reached (a check within a month of the 12, 24 or 36-month milestone, status other than UNKNOWN), employed in the profession, and employed at an employer that hosted one of their placements. Shares are over all graduates. Materialized; see refreshedAt.',
      'По вузу, программе и году выпуска: выпускники, и через 1, 2 и 3 года — охваченные проверкой (в пределах месяца от 12, 24 или 36 месяцев, статус не UNKNOWN), работающие по профессии и работающие у работодателя, где проходили практику. Доли — от всех выпускников. Материализовано; см. refreshedAt.',
      'Оқу орны, бағдарлама және бітіру жылы бойынша: түлектер, және бітіргеннен 1, 2, 3 жылдан кейін — тексерілгендер (12, 24 немесе 36 айдан бір ай ішінде, мәртебесі UNKNOWN емес), мамандығы бойынша жұмыс істейтіндер және практикадан өткен жұмыс берушіде жұмыс істейтіндер. Үлестер барлық түлектерден. Материалдандырылған; refreshedAt қараңыз.',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...PROGRAM_COLUMNS,
      col('graduationYear', 'int', 'Year of graduation.', 'Год выпуска.', 'Бітіру жылы.'),
      col('graduates', 'int', 'Graduates.', 'Выпускников.', 'Түлектер.'),
      ...[1, 2, 3].flatMap((y) => [
        col(`reached${y}y`, 'int', `Reached at ${y} year(s).`, `Охвачено через ${y} г.`, `${y} жылдан кейін тексерілген.`),
        col(
          `inProfession${y}y`,
          'int',
          `Employed in the profession at ${y} year(s).`,
          `Работают по профессии через ${y} г.`,
          `${y} жылдан кейін мамандығы бойынша.`,
        ),
        col(
          `atTrainingEmployer${y}y`,
          'int',
          `Employed at a training employer at ${y} year(s).`,
          `У работодателя практики через ${y} г.`,
          `${y} жылдан кейін практика берушіде.`,
        ),
        col(`inProfessionShare${y}y`, 'number', `inProfession${y}y / graduates.`, `Доля по профессии через ${y} г.`, `${y} жылдан кейінгі мамандық үлесі.`),
      ]),
    ],
    filterOn: { region: 'm.region', heiId: 'm.hei_id', programId: 'm.program_id', year: 'm.graduation_year' },
    visibility: GRADUATION_VISIBILITY,
    scopeAlias: 'm',
    materializedView: 'indicator_employment',
    sql: (
      where,
    ) => `select m.region, m.hei_id as "heiId", h.bin as "heiBin", m.program_id as "programId", pr.code as "programCode", m.graduation_year as "graduationYear", m.graduates,
                 ${[1, 2, 3]
                   .map(
                     (y) =>
                       `m.reached_${y}y as "reached${y}y", m.in_profession_${y}y as "inProfession${y}y", m.at_training_employer_${y}y as "atTrainingEmployer${y}y", round(m.in_profession_${y}y::numeric / nullif(m.graduates, 0), 4)::float8 as "inProfessionShare${y}y"`,
                   )
                   .join(',\n                 ')}
            from indicator_employment m join organization h on h.id = m.hei_id join program pr on pr.id = m.program_id
           where ${where}
           order by m.region, h.bin, pr.code, m.graduation_year`,
  }),
  defineIndicator({
    code: 'EMPLOYER_SATISFACTION',
    name: t('Employer satisfaction', 'Удовлетворённость работодателей', 'Жұмыс берушілердің қанағаттануы'),
    definition: t(
      "Employers' satisfaction surveys on a programme's graduates per HEI, programme, year and competence area: surveys and the average score (1–5). The region is the employer's.",
      'Анкеты удовлетворённости работодателей выпускниками программы по вузу, программе, году и области компетенций: число анкет и средняя оценка (1–5). Регион — работодателя.',
      'Жұмыс берушілердің бағдарлама түлектеріне қанағаттану сауалнамалары оқу орны, бағдарлама, жыл және құзыреттілік саласы бойынша: сауалнамалар саны және орташа баға (1–5). Өңір — жұмыс берушінікі.',
    ),
    columns: [
      ...HEI_COLUMNS,
      ...PROGRAM_COLUMNS,
      C.year,
      col('area', 'text', 'Competence area code.', 'Код области компетенций.', 'Құзыреттілік саласының коды.'),
      col('surveys', 'int', 'Surveys scoring the area.', 'Анкет с оценкой области.', 'Саланы бағалаған сауалнамалар.'),
      col('averageScore', 'number', 'Average score, 1–5.', 'Средняя оценка, 1–5.', 'Орташа баға, 1–5.'),
    ],
    filterOn: { region: 's.region', heiId: 's.hei_id', employerId: 's.employer_id', programId: 's.program_id', year: 's.year' },
    visibility: SURVEY_VISIBILITY,
    scopeAlias: 's',
    sql: (
      where,
    ) => `select s.region, s.hei_id as "heiId", h.bin as "heiBin", s.program_id as "programId", pr.code as "programCode", s.year::int as year, sc.area_code as area,
                 count(*)::int as surveys, round(avg(sc.score), 2)::float8 as "averageScore"
            from satisfaction_survey s join survey_score sc on sc.survey_id = s.id join organization h on h.id = s.hei_id join program pr on pr.id = s.program_id
            join competence_area ca on ca.code = sc.area_code
           where ${where}
           group by s.region, s.hei_id, h.bin, s.program_id, pr.code, s.year, sc.area_code, ca.position
           order by s.region, h.bin, pr.code, year, ca.position`,
  }),
  defineIndicator({
    code: 'PIPELINE',
    name: t(
      'Demand vs order vs control figures vs enrolled',
      'Потребность, заказ, контрольные цифры и зачисление',
      'Қажеттілік, тапсырыс, бақылау цифрлары және қабылдау',
    ),
    definition: t(
      "Per region (level REGION), HEI (level HEI) and industry council's OKED section (level INDUSTRY), per year: employers' submitted workforce demand, the industry councils' agreed order, the approved consolidated order and what the HEIs accepted of it, admission control figures (budget and dual places), students enrolled in dual groups of that intake and of them placed, graduates of that year and of them employed at their latest check. The same figures as the pipeline query; demand and the agreed order are not attributable to an HEI (null on HEI rows). Years: fromYear (default this year) to toYear (default fromYear + 5).",
      'По региону (уровень REGION), вузу (уровень HEI) и секции ОКЭД отраслевого совета (уровень INDUSTRY), по годам: поданная потребность работодателей в кадрах, согласованный отраслевыми советами заказ, утверждённый сводный заказ и принятое вузами из него, контрольные цифры приёма (бюджетные и дуальные места), зачисленные в дуальные группы этого года приёма и из них направленные на практику, выпускники этого года и из них трудоустроенные по последней проверке. Те же цифры, что и в запросе pipeline; потребность и согласованный заказ не относятся к вузу (null в строках HEI). Годы: fromYear (по умолчанию текущий) — toYear (по умолчанию fromYear + 5).',
      'Өңір (REGION деңгейі), оқу орны (HEI деңгейі) және салалық кеңестің ЭҚЖЖ секциясы (INDUSTRY деңгейі) бойынша, жылдар бойынша: жұмыс берушілер ұсынған кадр қажеттілігі, салалық кеңестер келіскен тапсырыс, бекітілген жиынтық тапсырыс және оқу орындары одан қабылдағаны, қабылдаудың бақылау цифрлары (бюджеттік және дуалды орындар), осы қабылдау жылының дуалды топтарына қабылданғандар және олардың практикаға жіберілгендері, осы жылғы түлектер және соңғы тексеру бойынша жұмысқа орналасқандары. pipeline сұрауындағы цифрлар; қажеттілік пен келісілген тапсырыс оқу орнына жатпайды (HEI жолдарында null). Жылдар: fromYear (әдепкі — ағымдағы жыл) — toYear (әдепкі — fromYear + 5).',
    ),
    columns: [
      C.region,
      col(
        'level',
        'text',
        'REGION, HEI or INDUSTRY: what the row counts.',
        'REGION, HEI или INDUSTRY: что считает строка.',
        'REGION, HEI немесе INDUSTRY: жол нені санайды.',
      ),
      C.heiId,
      C.heiBin,
      col(
        'industry',
        'text',
        "OKED section of the industry council's rows.",
        'Секция ОКЭД строк отраслевого совета.',
        'Салалық кеңес жолдарының ЭҚЖЖ секциясы.',
      ),
      C.year,
      pipelineCount(
        'demand',
        "Employers' submitted workforce demand for the year.",
        'Поданная потребность работодателей на год.',
        'Жұмыс берушілердің жылға ұсынған қажеттілігі.',
      ),
      pipelineCount('agreedOrder', "The industry councils' agreed order.", 'Согласованный отраслевыми советами заказ.', 'Салалық кеңестер келіскен тапсырыс.'),
      pipelineCount('approvedOrder', 'The approved consolidated order.', 'Утверждённый сводный заказ.', 'Бекітілген жиынтық тапсырыс.'),
      pipelineCount('acceptedOrder', 'Of it, accepted by the HEIs.', 'Из него принято вузами.', 'Оның ішінде оқу орындары қабылдағаны.'),
      pipelineCount(
        'budgetPlaces',
        'Admission control figures: budget places.',
        'Контрольные цифры приёма: бюджетные места.',
        'Қабылдаудың бақылау цифрлары: бюджеттік орындар.',
      ),
      pipelineCount('dualPlaces', 'Of them, dual places.', 'Из них дуальные места.', 'Оның ішінде дуалды орындар.'),
      pipelineCount(
        'enrolled',
        'Students enrolled in dual groups of this intake year.',
        'Зачислено в дуальные группы этого года приёма.',
        'Осы қабылдау жылының дуалды топтарына қабылданғандар.',
      ),
      pipelineCount(
        'placed',
        'Of them, with a placement (not cancelled) at their HEI.',
        'Из них с практикой (не отменённой) от своего вуза.',
        'Олардың ішінде өз оқу орнынан практикасы барлар (болдырылмаған).',
      ),
      pipelineCount('graduated', 'Graduates of this year.', 'Выпускники этого года.', 'Осы жылғы түлектер.'),
      pipelineCount(
        'employed',
        'Of them, working at their latest employment check.',
        'Из них работают по последней проверке.',
        'Олардың ішінде соңғы тексеру бойынша жұмыс істейтіндер.',
      ),
    ],
    filterOn: { region: 'u.region', heiId: 'u.hei_id', year: 'p.year' },
    visibility: pipelineVisibility,
    scopeAlias: 'u',
    relations: ['hei', 'council'],
    // The pipeline's own statement, once per unit (a lateral subquery): the same figures as the `pipeline` query.
    sql: (where) => `select u.region, u.level, u.hei_id as "heiId", h.bin as "heiBin", u.industry, p.year,
                 p.demand, p.agreed_order as "agreedOrder", p.approved_order as "approvedOrder", p.accepted_order as "acceptedOrder",
                 p.budget_places as "budgetPlaces", p.dual_places as "dualPlaces", p.enrolled, p.placed, p.graduated, p.employed
            from ${PIPELINE_UNITS} u
            left join organization h on h.id = u.hei_id
            cross join lateral (${pipelineOver({ region: 'u.region', hei: 'u.hei_id', industry: 'u.industry', councilId: 'null', qualification: 'null', fromYear: PIPELINE_FROM, toYear: PIPELINE_TO })}) p
           where ${where}
           order by u.region, u.level desc, h.bin, u.industry, p.year`,
  }),
];

/** An indicator by code. */
export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return INDICATORS.find((i) => i.code === code);
}
