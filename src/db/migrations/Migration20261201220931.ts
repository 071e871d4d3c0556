import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220931 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "designation_basis" as enum ('AKIM_DECISION', 'AGREEMENT_WITH_AKIM');`);
    this.addSql(`create type "order_status" as enum ('DRAFT', 'AGREED', 'APPROVED', 'PLACED');`);
    this.addSql(`create type "order_line_decision" as enum ('PENDING', 'ACCEPTED', 'DECLINED');`);
    this.addSql(`create type "demand_reason" as enum ('NEW_JOBS', 'VACANCIES', 'RETIREMENTS', 'REPLACING_FOREIGN_LABOUR');`);
    this.addSql(`create type "demand_status" as enum ('DRAFT', 'SUBMITTED', 'WITHDRAWN', 'SUPERSEDED');`);
    this.addSql(`create table "industry_section" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(2) not null, "name" jsonb not null, constraint "industry_section_pkey" primary key ("id"));`);
    this.addSql(`alter table "industry_section" add constraint "industry_section_code_unique" unique ("code");`);

    this.addSql(`create table "industry_order_line" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "council_id" uuid not null, "region" varchar(255) not null, "industry" varchar(2) not null, "qualification_code" varchar(20) not null, "year" smallint not null, "count" int not null, "requirements" text not null, constraint "industry_order_line_pkey" primary key ("id"));`);
    this.addSql(`create index "industry_order_line_region_year_index" on "industry_order_line" ("region", "year");`);
    this.addSql(`alter table "industry_order_line" add constraint "industry_order_line_council_id_qualification_code_year_unique" unique ("council_id", "qualification_code", "year");`);

    this.addSql(`create table "coordinator_designation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "coordinator_id" uuid not null, "region" varchar(255) not null, "basis" "designation_basis" not null, "act_number" varchar(60) not null, "act_date" date not null, constraint "coordinator_designation_pkey" primary key ("id"));`);
    this.addSql(`create index "coordinator_designation_coordinator_id_index" on "coordinator_designation" ("coordinator_id");`);

    this.addSql(`create table "consolidated_order" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "region" varchar(255) not null, "year" smallint not null, "coordinator_id" uuid not null, "status" "order_status" not null default 'DRAFT', "approval_number" varchar(60) null, "approval_date" date null, "approved_by_id" uuid null, constraint "consolidated_order_pkey" primary key ("id"));`);
    this.addSql(`alter table "consolidated_order" add constraint "consolidated_order_region_year_unique" unique ("region", "year");`);

    this.addSql(`create table "order_line" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "order_id" uuid not null, "region" varchar(255) not null, "qualification_code" varchar(20) not null, "industry" varchar(2) not null, "year" smallint not null, "count" int not null, "executor_id" uuid null, "justification" text null, "agreed_by_council_id" uuid null, "agreed_at" timestamptz null, "decision" "order_line_decision" not null default 'PENDING', "decision_reason" text null, constraint "order_line_pkey" primary key ("id"));`);
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);
    this.addSql(`create index "order_line_executor_id_index" on "order_line" ("executor_id");`);

    this.addSql(`create table "control_figure" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hei_id" uuid not null, "program_id" uuid not null, "region" varchar(255) not null, "qualification_code" varchar(20) not null, "year" smallint not null, "budget_places" int not null, "dual_places" int not null, "justification" text null, "set_by_id" uuid null, constraint "control_figure_pkey" primary key ("id"));`);
    this.addSql(`create index "control_figure_hei_id_index" on "control_figure" ("hei_id");`);
    this.addSql(`alter table "control_figure" add constraint "control_figure_hei_id_program_id_year_unique" unique ("hei_id", "program_id", "year");`);

    this.addSql(`create table "qualification" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(20) not null, "name" jsonb not null, "industry" varchar(2) not null, constraint "qualification_pkey" primary key ("id"));`);
    this.addSql(`alter table "qualification" add constraint "qualification_code_unique" unique ("code");`);
    this.addSql(`create index "qualification_industry_index" on "qualification" ("industry");`);

    this.addSql(`create table "workforce_demand" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "employer_id" uuid not null, "region" varchar(255) not null, "industry" varchar(2) not null, "qualification_code" varchar(20) not null, "base_year" smallint not null, "counts" jsonb not null, "reason" "demand_reason" not null, "offers_dual_places" boolean not null default false, "dual_places" int not null default 0, "mentors" int not null default 0, "status" "demand_status" not null default 'DRAFT', "version" smallint not null default 1, "supersedes" uuid null, "submitted_at" timestamptz null, constraint "workforce_demand_pkey" primary key ("id"));`);
    this.addSql(`create index "workforce_demand_employer_id_index" on "workforce_demand" ("employer_id");`);
    this.addSql(`create index "workforce_demand_qualification_code_index" on "workforce_demand" ("qualification_code");`);
    this.addSql(`create index "workforce_demand_region_industry_status_index" on "workforce_demand" ("region", "industry", "status");`);

    this.addSql(`alter table "industry_order_line" add constraint "industry_order_line_council_id_foreign" foreign key ("council_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "coordinator_designation" add constraint "coordinator_designation_coordinator_id_foreign" foreign key ("coordinator_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "consolidated_order" add constraint "consolidated_order_coordinator_id_foreign" foreign key ("coordinator_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "consolidated_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_line" add constraint "order_line_executor_id_foreign" foreign key ("executor_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "control_figure" add constraint "control_figure_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "control_figure" add constraint "control_figure_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "workforce_demand" add constraint "workforce_demand_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "organization" add column "industry" varchar(2) null, add column "active" boolean not null default true, add column "deactivated_at" timestamptz null, add column "deactivation_reason" text null;`);
    this.addSql(`create index "organization_industry_index" on "organization" ("industry");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);

    this.addSql(`drop table if exists "industry_section" cascade;`);

    this.addSql(`drop table if exists "industry_order_line" cascade;`);

    this.addSql(`drop table if exists "coordinator_designation" cascade;`);

    this.addSql(`drop table if exists "consolidated_order" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);

    this.addSql(`drop table if exists "control_figure" cascade;`);

    this.addSql(`drop table if exists "qualification" cascade;`);

    this.addSql(`drop table if exists "workforce_demand" cascade;`);

    this.addSql(`drop index "organization_industry_index";`);
    this.addSql(`alter table "organization" drop column "industry", drop column "active", drop column "deactivated_at", drop column "deactivation_reason";`);

    this.addSql(`drop type "designation_basis";`);
    this.addSql(`drop type "order_status";`);
    this.addSql(`drop type "order_line_decision";`);
    this.addSql(`drop type "demand_reason";`);
    this.addSql(`drop type "demand_status";`);
  }

}
