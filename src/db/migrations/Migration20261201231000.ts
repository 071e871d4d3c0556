import { Migration } from '@mikro-orm/migrations';

/** Acting as oneself (issue 15): lab sessions and readiness records name the signed-in person. */
export class Migration20261201231000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "training_session" add column "started_by_person_id" uuid null;`);
    this.addSql(`alter table "readiness_record" add column "recorded_by_person_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "training_session" drop column "started_by_person_id";`);
    this.addSql(`alter table "readiness_record" drop column "recorded_by_person_id";`);
  }

}
