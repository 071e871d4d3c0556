import { Migration } from '@mikro-orm/migrations';

export class Migration20261125171525 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "organization_kind" as enum ('HEI', 'EMPLOYER', 'INDUSTRY_COUNCIL', 'COORDINATOR', 'AUTHORITY', 'ACCREDITATION_AGENCY');`);
    this.addSql(`create type "api_key_role" as enum ('ADMIN', 'WRITER', 'READER', 'LAB_AGENT');`);
    this.addSql(`create type "person_role" as enum ('STUDENT', 'MENTOR', 'CURATOR', 'LAB_INSTRUCTOR', 'SAFETY_OFFICER', 'STAFF');`);
    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "kind" "organization_kind" not null, "hei_type" text check ("hei_type" in ('UNIVERSITY', 'COLLEGE')) null, "region" varchar(255) not null, "bin" varchar(12) not null, "name" jsonb not null, "short_name" varchar(255) null, "city" varchar(255) null, "website" varchar(255) null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_kind_index" on "organization" ("kind");`);
    this.addSql(`create index "organization_region_index" on "organization" ("region");`);
    this.addSql(`alter table "organization" add constraint "organization_bin_unique" unique ("bin");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "role" "api_key_role" not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "label" varchar(255) not null, "issued_by" varchar(255) not null, "revoked_at" timestamptz null, "revoked_by" varchar(255) null, "last_used_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`create index "api_key_organization_id_index" on "api_key" ("organization_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "person" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "full_name" varchar(255) not null, "email" varchar(255) not null, "phone" varchar(255) null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email");`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "organization_id" uuid not null, "role" "person_role" not null, "position" varchar(255) null, "since" date null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`create index "membership_organization_id_index" on "membership" ("organization_id");`);
    this.addSql(`alter table "membership" add constraint "membership_person_id_organization_id_role_unique" unique ("person_id", "organization_id", "role");`);

    this.addSql(`alter table "api_key" add constraint "api_key_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
  }

}
