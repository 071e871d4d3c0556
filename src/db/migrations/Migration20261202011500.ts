import { Migration } from '@mikro-orm/migrations';

/** Issue 17: the student's reports on work assignments. */
export class Migration20261202011500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "work_assignment_report" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "assignment_id" uuid not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "student_id" uuid not null, "report" text not null, "hours_spent" numeric(6,2) not null, "completed" boolean not null, constraint "work_assignment_report_pkey" primary key ("id"));`);
    this.addSql(`create index "work_assignment_report_assignment_id_index" on "work_assignment_report" ("assignment_id");`);

    this.addSql(`alter table "work_assignment_report" add constraint "work_assignment_report_assignment_id_foreign" foreign key ("assignment_id") references "work_assignment" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment_report" add constraint "work_assignment_report_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment_report" add constraint "work_assignment_report_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment_report" add constraint "work_assignment_report_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "work_assignment_report" add constraint "work_assignment_report_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "work_assignment_report" cascade;`);
  }

}
