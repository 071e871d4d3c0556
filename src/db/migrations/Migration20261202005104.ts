import { Migration } from '@mikro-orm/migrations';

/** Issue 17: evidence attachments of logbook entries (metadata; the bytes are in the attachment storage). */
export class Migration20261202005104 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "logbook_attachment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "entry_id" uuid not null, "placement_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "file_name" varchar(200) not null, "media_type" varchar(100) not null, "size_bytes" int not null, "sha256" varchar(64) not null, "storage_key" varchar(200) not null, "uploaded_by" varchar(255) not null, constraint "logbook_attachment_pkey" primary key ("id"));`);
    this.addSql(`create index "logbook_attachment_entry_id_index" on "logbook_attachment" ("entry_id");`);

    this.addSql(`alter table "logbook_attachment" add constraint "logbook_attachment_entry_id_foreign" foreign key ("entry_id") references "logbook_entry" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_attachment" add constraint "logbook_attachment_placement_id_foreign" foreign key ("placement_id") references "placement" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_attachment" add constraint "logbook_attachment_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "logbook_attachment" add constraint "logbook_attachment_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "logbook_attachment" cascade;`);
  }

}
