import { Migration } from '@mikro-orm/migrations';

/** Indicators (issue 18): the refresh log and the materialized employment indicator. */
export class Migration20261202003447 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "indicator_refresh" ("view" varchar(60) not null, "refreshed_at" timestamptz not null, "duration_ms" int not null, "rows" int not null, constraint "indicator_refresh_pkey" primary key ("view"));`);
    // Employment after graduation per HEI × programme × graduation year (src/indicators): the check
    // that meets the 12/24/36-month milestone (a month either side, src/graduates FOLLOW_UP_CALENDAR).
    // Materialized: refreshed CONCURRENTLY (the unique index) at start-up, on a schedule and on request.
    this.addSql(`create materialized view "indicator_employment" as select g.region, g.hei_id, g.program_id, extract(year from g.graduated_on)::int as graduation_year, count(*)::int as graduates, count(*) filter (where y1.status is not null and y1.status <> 'UNKNOWN')::int as reached_1y, count(*) filter (where y1.status = 'EMPLOYED_IN_PROFESSION')::int as in_profession_1y, count(*) filter (where y1.at_training_employer and y1.status in ('EMPLOYED_IN_PROFESSION', 'EMPLOYED_OUTSIDE_PROFESSION'))::int as at_training_employer_1y, count(*) filter (where y2.status is not null and y2.status <> 'UNKNOWN')::int as reached_2y, count(*) filter (where y2.status = 'EMPLOYED_IN_PROFESSION')::int as in_profession_2y, count(*) filter (where y2.at_training_employer and y2.status in ('EMPLOYED_IN_PROFESSION', 'EMPLOYED_OUTSIDE_PROFESSION'))::int as at_training_employer_2y, count(*) filter (where y3.status is not null and y3.status <> 'UNKNOWN')::int as reached_3y, count(*) filter (where y3.status = 'EMPLOYED_IN_PROFESSION')::int as in_profession_3y, count(*) filter (where y3.at_training_employer and y3.status in ('EMPLOYED_IN_PROFESSION', 'EMPLOYED_OUTSIDE_PROFESSION'))::int as at_training_employer_3y from graduation g left join lateral (select c.status, c.at_training_employer from employment_check c where c.graduation_id = g.id and c.checked_on >= g.graduated_on + interval '11 months' and c.checked_on <= g.graduated_on + interval '13 months' order by c.checked_on desc, c.created_at desc limit 1) y1 on true left join lateral (select c.status, c.at_training_employer from employment_check c where c.graduation_id = g.id and c.checked_on >= g.graduated_on + interval '23 months' and c.checked_on <= g.graduated_on + interval '25 months' order by c.checked_on desc, c.created_at desc limit 1) y2 on true left join lateral (select c.status, c.at_training_employer from employment_check c where c.graduation_id = g.id and c.checked_on >= g.graduated_on + interval '35 months' and c.checked_on <= g.graduated_on + interval '37 months' order by c.checked_on desc, c.created_at desc limit 1) y3 on true group by g.region, g.hei_id, g.program_id, extract(year from g.graduated_on)::int with data;`);
    this.addSql(`create unique index "indicator_employment_key" on "indicator_employment" ("hei_id", "program_id", "graduation_year");`);
    this.addSql(`create index "indicator_employment_region_index" on "indicator_employment" ("region");`);
    // Live indicators read these by their scope and filter columns.
    this.addSql(`create index "graduation_hei_id_graduated_on_index" on "graduation" ("hei_id", "graduated_on");`);
    this.addSql(`create index "survey_score_survey_id_index" on "survey_score" ("survey_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop materialized view if exists "indicator_employment";`);
    this.addSql(`drop table if exists "indicator_refresh" cascade;`);
  }

}
