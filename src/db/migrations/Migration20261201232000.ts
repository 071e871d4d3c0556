import { Migration } from '@mikro-orm/migrations';

/** Station secrets of each organisation, stored sealed (issue 12 item 1). */
export class Migration20261201232000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "station_secret" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(100) not null, "sealed" text not null, constraint "station_secret_pkey" primary key ("id"));`);
    this.addSql(`alter table "station_secret" add constraint "station_secret_organization_name_unique" unique ("organization_id", "name");`);
    this.addSql(`alter table "station_secret" add constraint "station_secret_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "station_secret" cascade;`);
  }

}
