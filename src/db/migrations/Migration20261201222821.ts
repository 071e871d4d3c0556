import { Migration } from '@mikro-orm/migrations';

/** People sign in (issue 15): local accounts, invitations, server-side sessions. */
export class Migration20261201222821 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "email" varchar(255) not null, "full_name" varchar(255) not null, "role" "person_role" not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "invited_by" varchar(255) not null, constraint "invitation_pkey" primary key ("id"));`);
    this.addSql(`create index "invitation_organization_id_index" on "invitation" ("organization_id");`);
    this.addSql(`create index "invitation_email_index" on "invitation" ("email");`);
    this.addSql(`alter table "invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "local_account" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "password_hash" text not null, "totp_secret" text null, constraint "local_account_pkey" primary key ("id"));`);
    this.addSql(`alter table "local_account" add constraint "local_account_person_unique" unique ("person_id");`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "membership_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "user_agent" text null, "method" varchar(16) not null, constraint "auth_session_pkey" primary key ("id"));`);
    this.addSql(`create index "auth_session_person_id_index" on "auth_session" ("person_id");`);
    this.addSql(`alter table "auth_session" add constraint "auth_session_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "invitation" add constraint "invitation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "local_account" add constraint "local_account_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "auth_session" add constraint "auth_session_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "auth_session" add constraint "auth_session_membership_id_foreign" foreign key ("membership_id") references "membership" ("id") on update cascade on delete cascade;`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "invitation" cascade;`);

    this.addSql(`drop table if exists "local_account" cascade;`);

    this.addSql(`drop table if exists "auth_session" cascade;`);
  }

}
