import { Migration } from '@mikro-orm/migrations';

/** Outcomes (issue 18): graduation and employment checks (never deleted), satisfaction surveys, accreditation. */
export class Migration20261202001231 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "employment_status" as enum ('EMPLOYED_IN_PROFESSION', 'EMPLOYED_OUTSIDE_PROFESSION', 'SELF_EMPLOYED', 'FURTHER_STUDY', 'MILITARY_SERVICE', 'NOT_EMPLOYED', 'UNKNOWN');`);
    this.addSql(`create type "accreditation_kind" as enum ('INSTITUTIONAL', 'SPECIALISED', 'DUAL_PROGRAMME');`);
    this.addSql(`create type "accreditation_outcome" as enum ('ACCREDITED', 'ACCREDITED_WITH_CONDITIONS', 'REFUSED');`);
    this.addSql(`create table "competence_area" ("code" varchar(40) not null, "name" jsonb not null, "position" smallint not null default 0, constraint "competence_area_pkey" primary key ("code"));`);

    this.addSql(`create table "graduation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "student_id" uuid not null, "hei_id" uuid not null, "region" varchar(255) not null, "program_id" uuid not null, "graduated_on" date not null, "qualification" text not null, "competence_certificate" text null, constraint "graduation_pkey" primary key ("id"));`);
    this.addSql(`create index "graduation_student_id_index" on "graduation" ("student_id");`);
    this.addSql(`create index "graduation_hei_id_index" on "graduation" ("hei_id");`);
    this.addSql(`create index "graduation_region_index" on "graduation" ("region");`);
    this.addSql(`create index "graduation_program_id_index" on "graduation" ("program_id");`);
    this.addSql(`alter table "graduation" add constraint "graduation_student_id_program_id_unique" unique ("student_id", "program_id");`);

    this.addSql(`create table "employment_check" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "graduation_id" uuid not null, "hei_id" uuid not null, "region" varchar(255) not null, "program_id" uuid not null, "checked_on" date not null, "status" "employment_status" not null, "employer_id" uuid null, "employer_name" text null, "at_training_employer" boolean not null default false, "position" text null, "work_region" text null, constraint "employment_check_pkey" primary key ("id"));`);
    this.addSql(`create index "employment_check_hei_id_index" on "employment_check" ("hei_id");`);
    this.addSql(`create index "employment_check_graduation_id_checked_on_index" on "employment_check" ("graduation_id", "checked_on");`);

    this.addSql(`create table "accreditation_request" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hei_id" uuid not null, "region" varchar(255) not null, "agency_id" uuid not null, "program_id" uuid not null, "kind" "accreditation_kind" not null, "withdrawn_at" timestamptz null, constraint "accreditation_request_pkey" primary key ("id"));`);
    this.addSql(`create index "accreditation_request_hei_id_index" on "accreditation_request" ("hei_id");`);
    this.addSql(`create index "accreditation_request_agency_id_program_id_index" on "accreditation_request" ("agency_id", "program_id");`);

    this.addSql(`create table "accreditation_decision" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "request_id" uuid not null, "hei_id" uuid not null, "region" varchar(255) not null, "agency_id" uuid not null, "program_id" uuid not null, "kind" "accreditation_kind" not null, "standard" text not null, "outcome" "accreditation_outcome" not null, "decided_on" date not null, "valid_from" date null, "valid_until" date null, constraint "accreditation_decision_pkey" primary key ("id"));`);
    this.addSql(`create index "accreditation_decision_request_id_index" on "accreditation_decision" ("request_id");`);
    this.addSql(`create index "accreditation_decision_hei_id_index" on "accreditation_decision" ("hei_id");`);
    this.addSql(`create index "accreditation_decision_agency_id_index" on "accreditation_decision" ("agency_id");`);
    this.addSql(`create index "accreditation_decision_valid_until_index" on "accreditation_decision" ("valid_until");`);

    this.addSql(`create table "accreditation_condition" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "decision_id" uuid not null, "hei_id" uuid not null, "agency_id" uuid not null, "region" varchar(255) not null, "text" text not null, "due_date" date not null, "fulfilled_on" date null, "evidence" text null, constraint "accreditation_condition_pkey" primary key ("id"));`);
    this.addSql(`create index "accreditation_condition_due_date_index" on "accreditation_condition" ("due_date");`);

    this.addSql(`create table "satisfaction_survey" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "employer_id" uuid not null, "hei_id" uuid not null, "region" varchar(255) not null, "program_id" uuid not null, "year" smallint not null, "comment" text null, constraint "satisfaction_survey_pkey" primary key ("id"));`);
    this.addSql(`create index "satisfaction_survey_employer_id_index" on "satisfaction_survey" ("employer_id");`);
    this.addSql(`create index "satisfaction_survey_hei_id_index" on "satisfaction_survey" ("hei_id");`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_employer_id_program_id_year_unique" unique ("employer_id", "program_id", "year");`);

    this.addSql(`create table "survey_score" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "survey_id" uuid not null, "area_code" varchar(40) not null, "score" smallint not null, constraint "survey_score_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_score" add constraint "survey_score_survey_id_area_code_unique" unique ("survey_id", "area_code");`);

    this.addSql(`alter table "graduation" add constraint "graduation_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "graduation" add constraint "graduation_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "graduation" add constraint "graduation_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "employment_check" add constraint "employment_check_graduation_id_foreign" foreign key ("graduation_id") references "graduation" ("id") on update cascade;`);
    this.addSql(`alter table "employment_check" add constraint "employment_check_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "employment_check" add constraint "employment_check_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "employment_check" add constraint "employment_check_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "accreditation_request" add constraint "accreditation_request_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_request" add constraint "accreditation_request_agency_id_foreign" foreign key ("agency_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_request" add constraint "accreditation_request_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "accreditation_decision" add constraint "accreditation_decision_request_id_foreign" foreign key ("request_id") references "accreditation_request" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_decision" add constraint "accreditation_decision_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_decision" add constraint "accreditation_decision_agency_id_foreign" foreign key ("agency_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_decision" add constraint "accreditation_decision_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "accreditation_condition" add constraint "accreditation_condition_decision_id_foreign" foreign key ("decision_id") references "accreditation_decision" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_condition" add constraint "accreditation_condition_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "accreditation_condition" add constraint "accreditation_condition_agency_id_foreign" foreign key ("agency_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "satisfaction_survey" add constraint "satisfaction_survey_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "survey_score" add constraint "survey_score_survey_id_foreign" foreign key ("survey_id") references "satisfaction_survey" ("id") on update cascade;`);
    this.addSql(`alter table "survey_score" add constraint "survey_score_area_code_foreign" foreign key ("area_code") references "competence_area" ("code") on update cascade;`);

    // A graduate's record and its checks are never deleted (three-year follow-up, audit).
    this.addSql(`create function refuse_outcome_delete() returns trigger language plpgsql as $$ begin raise exception 'a % row is never deleted', TG_TABLE_NAME using errcode = 'restrict_violation'; end $$;`);
    this.addSql(`create trigger graduation_never_deleted before delete on "graduation" for each row execute function refuse_outcome_delete();`);
    this.addSql(`create trigger employment_check_never_deleted before delete on "employment_check" for each row execute function refuse_outcome_delete();`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "survey_score" drop constraint "survey_score_area_code_foreign";`);

    this.addSql(`alter table "employment_check" drop constraint "employment_check_graduation_id_foreign";`);

    this.addSql(`alter table "accreditation_decision" drop constraint "accreditation_decision_request_id_foreign";`);

    this.addSql(`alter table "accreditation_condition" drop constraint "accreditation_condition_decision_id_foreign";`);

    this.addSql(`alter table "survey_score" drop constraint "survey_score_survey_id_foreign";`);

    this.addSql(`drop table if exists "competence_area" cascade;`);

    this.addSql(`drop table if exists "graduation" cascade;`);

    this.addSql(`drop table if exists "employment_check" cascade;`);

    this.addSql(`drop table if exists "accreditation_request" cascade;`);

    this.addSql(`drop table if exists "accreditation_decision" cascade;`);

    this.addSql(`drop table if exists "accreditation_condition" cascade;`);

    this.addSql(`drop table if exists "satisfaction_survey" cascade;`);

    this.addSql(`drop table if exists "survey_score" cascade;`);

    this.addSql(`drop function if exists refuse_outcome_delete() cascade;`);
    this.addSql(`drop type "employment_status";`);
    this.addSql(`drop type "accreditation_kind";`);
    this.addSql(`drop type "accreditation_outcome";`);
  }

}
