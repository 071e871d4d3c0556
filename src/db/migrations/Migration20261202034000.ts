import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18: PLACEMENTS_BY_STATUS groups placements by HEI, employer, status and year of start.
 * Without statistics on those together the planner guesses a group per two rows, and picks a
 * sort of every placement that spills to disk; with them it knows there are a few hundred groups
 * and counts them in one in-memory hash. `analyze` (autovacuum) keeps them current.
 */
export class Migration20261202034000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create statistics if not exists "placement_status_groups" (ndistinct) on "hei_id", "employer_id", "status", (extract(year from "start_date")) from "placement";`,
    );
    this.addSql(`analyze "placement";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop statistics if exists "placement_status_groups";`);
  }
}
