import { Migration } from '@mikro-orm/migrations';

/** Issue 17: certificates of professional competence (the registry behind their ids). */
export class Migration20261202002115 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "competence_certificate" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "exam_id" uuid not null, "result_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "student_id" uuid not null, "signing_key_id" uuid not null, "qualification" jsonb not null, "level" varchar(40) not null, "competences" jsonb not null, "grade" jsonb not null, "commission" jsonb not null, "valid_from" timestamptz not null, "jwt" text not null, "revoked_at" timestamptz null, "revoked_reason" text null, "revoked_by" varchar(255) null, constraint "competence_certificate_pkey" primary key ("id"));`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_result_id_unique" unique ("result_id");`);

    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_exam_id_foreign" foreign key ("exam_id") references "production_exam" ("id") on update cascade;`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_result_id_foreign" foreign key ("result_id") references "exam_result" ("id") on update cascade;`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "competence_certificate" add constraint "competence_certificate_signing_key_id_foreign" foreign key ("signing_key_id") references "signing_key" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "competence_certificate" cascade;`);
  }

}
