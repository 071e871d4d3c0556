import { Migration } from '@mikro-orm/migrations';

/** Issue 17: intermediate-control results. */
export class Migration20261202003738 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "intermediate_control_result" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hei_id" uuid not null, "employer_id" uuid null, "student_id" uuid not null, "program_id" uuid not null, "discipline_id" uuid null, "module_id" uuid not null, "score" smallint not null, "scale" varchar(40) not null, "letter" varchar(3) not null, "gpa" numeric(3,2) not null, "passed" boolean not null, "held_on" date not null, "examiner_id" uuid not null, "mentor_ids" jsonb not null, "recorded_by" varchar(255) not null, constraint "intermediate_control_result_pkey" primary key ("id"));`);
    this.addSql(`create index "intermediate_control_result_student_id_held_on_index" on "intermediate_control_result" ("student_id", "held_on");`);

    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_discipline_id_foreign" foreign key ("discipline_id") references "discipline" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_module_id_foreign" foreign key ("module_id") references "program_module" ("id") on update cascade;`);
    this.addSql(`alter table "intermediate_control_result" add constraint "intermediate_control_result_examiner_id_foreign" foreign key ("examiner_id") references "person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "intermediate_control_result" cascade;`);
  }

}
