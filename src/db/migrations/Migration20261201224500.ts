import { Migration } from '@mikro-orm/migrations';

/** Indexes for the default order of every large list, so a keyset page reads the index instead of sorting. */
export class Migration20261201224500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index if not exists "placement_default_order" on "placement" ("start_date" desc, "id");`);
    this.addSql(`create index if not exists "placement_hei_default_order" on "placement" ("hei_id", "start_date" desc, "id");`);
    this.addSql(`create index if not exists "placement_employer_default_order" on "placement" ("employer_id", "start_date" desc, "id");`);
    this.addSql(`create index if not exists "person_default_order" on "person" ("full_name", "id");`);
    this.addSql(`create index if not exists "organization_default_order" on "organization" (("name"->>'en'), "id");`);
    this.addSql(`create index if not exists "audit_entry_default_order" on "audit_entry" ("object_type", "object_id", "at", "created_at", "id");`);
    this.addSql(`create index if not exists "training_session_default_order" on "training_session" ("started_at" desc, "id");`);
    this.addSql(`create index if not exists "api_key_default_order" on "api_key" ("created_at" desc, "id");`);
    this.addSql(`create index if not exists "readiness_credential_default_order" on "readiness_credential" ("created_at" desc, "id");`);
    this.addSql(`create index if not exists "readiness_record_default_order" on "readiness_record" ("student_id", "earned_at" desc, "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "placement_default_order";`);
    this.addSql(`drop index if exists "placement_hei_default_order";`);
    this.addSql(`drop index if exists "placement_employer_default_order";`);
    this.addSql(`drop index if exists "person_default_order";`);
    this.addSql(`drop index if exists "organization_default_order";`);
    this.addSql(`drop index if exists "audit_entry_default_order";`);
    this.addSql(`drop index if exists "training_session_default_order";`);
    this.addSql(`drop index if exists "api_key_default_order";`);
    this.addSql(`drop index if exists "readiness_credential_default_order";`);
    this.addSql(`drop index if exists "readiness_record_default_order";`);
  }

}
