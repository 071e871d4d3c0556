import { Migration } from '@mikro-orm/migrations';

export class Migration20261201225149 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "commission_side" as enum ('ENTERPRISE', 'THIRD_PARTY');`);
    this.addSql(`create table "production_exam" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "program_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "exam_date" date not null, "materials_approved_on" date not null, "theory" text not null, "qualification_work" text not null, constraint "production_exam_pkey" primary key ("id"));`);
    this.addSql(`create index "production_exam_program_id_index" on "production_exam" ("program_id");`);

    this.addSql(`create table "exam_commission_member" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "exam_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "person_id" uuid not null, "organization_id" uuid not null, "side" "commission_side" not null, constraint "exam_commission_member_pkey" primary key ("id"));`);
    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_exam_id_person_id_unique" unique ("exam_id", "person_id");`);

    this.addSql(`create table "exam_admission" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "exam_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "placement_id" uuid not null, "council_date" date not null, "mentors_invited" jsonb not null, "mentors_present" jsonb not null, "admitted" boolean not null, "reason" text not null, "exception" text null, "hours_at_decision" jsonb not null, constraint "exam_admission_pkey" primary key ("id"));`);
    this.addSql(`alter table "exam_admission" add constraint "exam_admission_exam_id_placement_id_unique" unique ("exam_id", "placement_id");`);

    this.addSql(`alter table "production_exam" add constraint "production_exam_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "production_exam" add constraint "production_exam_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "production_exam" add constraint "production_exam_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_exam_id_foreign" foreign key ("exam_id") references "production_exam" ("id") on update cascade;`);
    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "exam_commission_member" add constraint "exam_commission_member_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "exam_admission" add constraint "exam_admission_exam_id_foreign" foreign key ("exam_id") references "production_exam" ("id") on update cascade;`);
    this.addSql(`alter table "exam_admission" add constraint "exam_admission_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_admission" add constraint "exam_admission_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_admission" add constraint "exam_admission_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "exam_commission_member" drop constraint "exam_commission_member_exam_id_foreign";`);

    this.addSql(`alter table "exam_admission" drop constraint "exam_admission_exam_id_foreign";`);

    this.addSql(`drop table if exists "production_exam" cascade;`);

    this.addSql(`drop table if exists "exam_commission_member" cascade;`);

    this.addSql(`drop table if exists "exam_admission" cascade;`);

    this.addSql(`drop type "commission_side";`);
  }

}
