import { Migration } from '@mikro-orm/migrations';

export class Migration20261201220117 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "logbook_entry_status" as enum ('SUBMITTED', 'SIGNED', 'RETURNED');`);
    this.addSql(`create table "logbook_norm" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "max_hours_per_day" numeric(4,2) not null, "hours_per_credit" smallint not null, "behind_below" numeric(4,3) not null, "at_risk_below" numeric(4,3) not null, constraint "logbook_norm_pkey" primary key ("id"));`);
    this.addSql(`alter table "logbook_norm" add constraint "logbook_norm_code_unique" unique ("code");`);

    this.addSql(`create table "work_assignment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "set_by_id" uuid not null, "title" jsonb not null, "competency_ids" jsonb not null, "planned_hours" numeric(6,2) not null, "due_date" date not null, constraint "work_assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "work_assignment_placement_id_index" on "work_assignment" ("placement_id");`);

    this.addSql(`create table "practice_plan" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "program_id" uuid not null, "practice_credits" smallint not null, constraint "practice_plan_pkey" primary key ("id"));`);
    this.addSql(`alter table "practice_plan" add constraint "practice_plan_placement_id_unique" unique ("placement_id");`);

    this.addSql(`create table "logbook_entry" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "student_id" uuid not null, "date" date not null, "hours" numeric(4,2) not null, "activity" text not null, "learned" text null, "competency_ids" jsonb not null, "assignment_ids" jsonb not null, "status" "logbook_entry_status" not null default 'SUBMITTED', "mentor_comment" text null, "signed_by_id" uuid null, "signed_at" timestamptz null, "corrects_id" uuid null, "version" int not null default 1, constraint "logbook_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "logbook_entry_corrects_id_index" on "logbook_entry" ("corrects_id");`);
    this.addSql(`create index "logbook_entry_placement_id_date_index" on "logbook_entry" ("placement_id", "date");`);

    this.addSql(`alter table "work_assignment" add constraint "work_assignment_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment" add constraint "work_assignment_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment" add constraint "work_assignment_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment" add constraint "work_assignment_set_by_id_foreign" foreign key ("set_by_id") references "person" ("id") on update cascade;`);

    this.addSql(`alter table "practice_plan" add constraint "practice_plan_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "practice_plan" add constraint "practice_plan_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "practice_plan" add constraint "practice_plan_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "practice_plan" add constraint "practice_plan_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);

    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_signed_by_id_foreign" foreign key ("signed_by_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "logbook_entry" add constraint "logbook_entry_corrects_id_foreign" foreign key ("corrects_id") references "logbook_entry" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "logbook_entry" drop constraint "logbook_entry_corrects_id_foreign";`);

    this.addSql(`drop table if exists "logbook_norm" cascade;`);

    this.addSql(`drop table if exists "work_assignment" cascade;`);

    this.addSql(`drop table if exists "practice_plan" cascade;`);

    this.addSql(`drop table if exists "logbook_entry" cascade;`);

    this.addSql(`drop type "logbook_entry_status";`);
  }

}
