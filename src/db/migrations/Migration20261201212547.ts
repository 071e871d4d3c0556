import { Migration } from '@mikro-orm/migrations';

export class Migration20261201212547 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "station" add column "max_requests_in_flight" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "station" drop column "max_requests_in_flight";`);
  }

}
