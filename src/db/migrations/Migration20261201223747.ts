import { Migration } from '@mikro-orm/migrations';

export class Migration20261201223747 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "instruction_language" as enum ('KK', 'RU', 'EN');`);
    this.addSql(`create type "application_status" as enum ('SUBMITTED', 'ACCEPTED', 'WAITLISTED', 'REJECTED');`);
    this.addSql(`create table "dual_group" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hei_id" uuid not null, "region" varchar(255) not null, "program_id" uuid not null, "code" varchar(40) not null, "intake_year" smallint not null, "language" "instruction_language" not null, "curator_id" uuid null, "places" int not null, "min_score" int null, constraint "dual_group_pkey" primary key ("id"));`);
    this.addSql(`create index "dual_group_hei_id_index" on "dual_group" ("hei_id");`);
    this.addSql(`alter table "dual_group" add constraint "dual_group_hei_id_code_unique" unique ("hei_id", "code");`);

    this.addSql(`create table "enrolment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "student_id" uuid not null, "hei_id" uuid not null, "region" varchar(255) not null, "program_id" uuid not null, "group_id" uuid not null, "intake_year" smallint not null, constraint "enrolment_pkey" primary key ("id"));`);
    this.addSql(`create index "enrolment_student_id_index" on "enrolment" ("student_id");`);
    this.addSql(`create index "enrolment_hei_id_index" on "enrolment" ("hei_id");`);
    this.addSql(`create index "enrolment_group_id_index" on "enrolment" ("group_id");`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_student_id_intake_year_unique" unique ("student_id", "intake_year");`);

    this.addSql(`create table "application" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "group_id" uuid not null, "hei_id" uuid not null, "student_id" uuid not null, "intake_year" smallint not null, "documents" jsonb not null, "score" int not null, "status" "application_status" not null default 'SUBMITTED', "decision_reason" text null, constraint "application_pkey" primary key ("id"));`);
    this.addSql(`create index "application_group_id_index" on "application" ("group_id");`);
    this.addSql(`create index "application_student_id_index" on "application" ("student_id");`);
    this.addSql(`alter table "application" add constraint "application_group_id_student_id_unique" unique ("group_id", "student_id");`);

    this.addSql(`alter table "dual_group" add constraint "dual_group_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "dual_group" add constraint "dual_group_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "dual_group" add constraint "dual_group_curator_id_foreign" foreign key ("curator_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "enrolment" add constraint "enrolment_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "enrolment" add constraint "enrolment_group_id_foreign" foreign key ("group_id") references "dual_group" ("id") on update cascade;`);

    this.addSql(`alter table "application" add constraint "application_group_id_foreign" foreign key ("group_id") references "dual_group" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "application" add constraint "application_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "enrolment" drop constraint "enrolment_group_id_foreign";`);

    this.addSql(`alter table "application" drop constraint "application_group_id_foreign";`);

    this.addSql(`drop table if exists "dual_group" cascade;`);

    this.addSql(`drop table if exists "enrolment" cascade;`);

    this.addSql(`drop table if exists "application" cascade;`);

    this.addSql(`drop type "instruction_language";`);
    this.addSql(`drop type "application_status";`);
  }

}
