import { Migration } from '@mikro-orm/migrations';

/** Issue 15: the roles an organisation requires a second factor for; enrolment-only sessions. */
export class Migration20261202005558 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "second_factor_policy" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "roles" text[] not null, "set_by" varchar(255) not null, constraint "second_factor_policy_pkey" primary key ("id"));`);
    this.addSql(`alter table "second_factor_policy" add constraint "second_factor_policy_organization_unique" unique ("organization_id");`);

    this.addSql(`alter table "second_factor_policy" add constraint "second_factor_policy_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "auth_session" add column "enrolment_only" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "second_factor_policy" cascade;`);

    this.addSql(`alter table "auth_session" drop column "enrolment_only";`);
  }

}
