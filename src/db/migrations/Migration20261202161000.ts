import { Migration } from '@mikro-orm/migrations';

/**
 * The webhook outbox announces itself: a delivery written PENDING (a new one, or one replayed
 * from FAILED or DELIVERED) NOTIFYs `dualhub_webhook_due` when its transaction commits, so every
 * API process's dispatcher looks at once instead of at its next poll. The poll stays, slower, for
 * retries coming due and for a notification missed while a process was not listening.
 */
export class Migration20261202161000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function dualhub_webhook_due() returns trigger language plpgsql as $$
begin
  perform pg_notify('dualhub_webhook_due', '');
  return null;
end $$;`);
    this.addSql(`create trigger "webhook_delivery_written" after insert on "webhook_delivery" for each statement execute function dualhub_webhook_due();`);
    this.addSql(
      `create trigger "webhook_delivery_replayed" after update of "status" on "webhook_delivery" for each row when (new.status = 'PENDING' and old.status <> 'PENDING') execute function dualhub_webhook_due();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "webhook_delivery_replayed" on "webhook_delivery";`);
    this.addSql(`drop trigger if exists "webhook_delivery_written" on "webhook_delivery";`);
    this.addSql(`drop function if exists dualhub_webhook_due();`);
  }
}
