import { Migration } from '@mikro-orm/migrations';

export class Migration20261201222743 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "progress_review_status" as enum ('SCHEDULED', 'HELD', 'SIGNED');`);
    this.addSql(`create table "progress_review" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "scheduled_on" date not null, "held_on" date null, "status" "progress_review_status" not null default 'SCHEDULED', "weak_points" text null, "actions" text null, "student_signed_by_id" uuid null, "student_signed_at" timestamptz null, "student_comment" text null, "mentor_signed_by_id" uuid null, "mentor_signed_at" timestamptz null, "mentor_comment" text null, "curator_signed_by_id" uuid null, "curator_signed_at" timestamptz null, "curator_comment" text null, "version" int not null default 1, constraint "progress_review_pkey" primary key ("id"));`);
    this.addSql(`create index "progress_review_placement_id_scheduled_on_index" on "progress_review" ("placement_id", "scheduled_on");`);

    this.addSql(`alter table "progress_review" add constraint "progress_review_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "progress_review" add constraint "progress_review_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "progress_review" add constraint "progress_review_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "progress_review" add constraint "progress_review_student_signed_by_id_foreign" foreign key ("student_signed_by_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "progress_review" add constraint "progress_review_mentor_signed_by_id_foreign" foreign key ("mentor_signed_by_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "progress_review" add constraint "progress_review_curator_signed_by_id_foreign" foreign key ("curator_signed_by_id") references "person" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "progress_review" cascade;`);

    this.addSql(`drop type "progress_review_status";`);
  }

}
