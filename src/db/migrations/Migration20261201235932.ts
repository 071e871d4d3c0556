import { Migration } from '@mikro-orm/migrations';

/** Stations say whether they are software stand-ins, whose panel may be operated through the API (issue 19). */
export class Migration20261201235932 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "station" add column "stand_in" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "station" drop column "stand_in";`);
  }

}
