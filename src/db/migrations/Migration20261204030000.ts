import { Migration } from '@mikro-orm/migrations';

/**
 * "The readiness record in force" answered from the index alone: the index every clearance probes
 * (student, category, earned_at desc, created_at desc, id desc) also carries the two columns the
 * coverage rule reads (`kind`, `valid_until`), so a clearance that does not ask for the record's
 * other fields reads no table page (an index-only scan; readiness records are written once, so
 * their pages are all-visible once vacuumed). Same name, same keys: every statement and plan that
 * names the index is unchanged. Built before the old one goes, so no moment is without it; the
 * build holds writes to readiness records for its duration (about a second per million records).
 */
export class Migration20261204030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "readiness_record_in_force_covering" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc, "created_at" desc, "id" desc) include ("kind", "valid_until");`,
    );
    this.addSql(`drop index "readiness_record_in_force";`);
    this.addSql(`alter index "readiness_record_in_force_covering" rename to "readiness_record_in_force";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `create index "readiness_record_in_force_keys" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc, "created_at" desc, "id" desc);`,
    );
    this.addSql(`drop index "readiness_record_in_force";`);
    this.addSql(`alter index "readiness_record_in_force_keys" rename to "readiness_record_in_force";`);
  }
}
