import { Migration } from '@mikro-orm/migrations';

/**
 * "The readiness record in force" breaks ties: of a student's records in a category earned at the
 * same moment (a revocation made by a clock that stands still, two entries for one training day),
 * the one recorded later decides, then the greater id. The index that answers "latest record at a
 * moment" in one probe gains those two keys; the old one (a prefix of it) goes once the new exists.
 */
export class Migration20261202180844 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "readiness_record_in_force" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc, "created_at" desc, "id" desc);`,
    );
    this.addSql(`drop index "readiness_record_latest";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "readiness_record_latest" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc);`);
    this.addSql(`drop index "readiness_record_in_force";`);
  }
}
