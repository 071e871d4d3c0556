import { Migration } from '@mikro-orm/migrations';

export class Migration20261201215013 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mentor_training" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "mentor_id" uuid not null, "employer_id" uuid not null, "course" varchar(300) not null, "provider" varchar(300) not null, "hours" smallint not null, "completed_on" date not null, "valid_until" date not null, "qualification" varchar(300) null, "certificate_number" varchar(100) null, constraint "mentor_training_pkey" primary key ("id"));`);
    this.addSql(`create index "mentor_training_employer_id_index" on "mentor_training" ("employer_id");`);
    this.addSql(`create index "mentor_training_valid_until_index" on "mentor_training" ("valid_until");`);
    this.addSql(`create index "mentor_training_mentor_id_valid_until_index" on "mentor_training" ("mentor_id", "valid_until");`);

    this.addSql(`alter table "mentor_training" add constraint "mentor_training_mentor_id_foreign" foreign key ("mentor_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "mentor_training" add constraint "mentor_training_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mentor_training" cascade;`);
  }

}
