import { Migration } from '@mikro-orm/migrations';

/** Issue 17: the grading scale (data) and production-exam results. */
export class Migration20261202000240 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "grade_band" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "scale" varchar(40) not null, "min_score" smallint not null, "max_score" smallint not null, "letter" varchar(3) not null, "gpa" numeric(3,2) not null, "passing" boolean not null, "traditional" jsonb not null, constraint "grade_band_pkey" primary key ("id"));`);
    this.addSql(`create index "grade_band_scale_max_score_index" on "grade_band" ("scale", "max_score");`);
    this.addSql(`alter table "grade_band" add constraint "grade_band_scale_min_score_unique" unique ("scale", "min_score");`);

    this.addSql(`create table "exam_result" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "exam_id" uuid not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "student_id" uuid not null, "theory_score" smallint not null, "qualification_work_score" smallint not null, "final_score" smallint not null, "scale" varchar(40) not null, "letter" varchar(3) not null, "gpa" numeric(3,2) not null, "passed" boolean not null, "recorded_by_id" uuid not null, "recorded_by_actor" varchar(255) not null, "recorded_at" timestamptz not null, constraint "exam_result_pkey" primary key ("id"));`);
    this.addSql(`create index "exam_result_placement_id_index" on "exam_result" ("placement_id");`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_exam_id_placement_id_unique" unique ("exam_id", "placement_id");`);

    this.addSql(`alter table "exam_result" add constraint "exam_result_exam_id_foreign" foreign key ("exam_id") references "production_exam" ("id") on update cascade;`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "exam_result" add constraint "exam_result_recorded_by_id_foreign" foreign key ("recorded_by_id") references "person" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "grade_band" cascade;`);

    this.addSql(`drop table if exists "exam_result" cascade;`);
  }

}
