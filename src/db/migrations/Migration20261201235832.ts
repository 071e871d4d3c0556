import { Migration } from '@mikro-orm/migrations';

/**
 * Several API processes on one database (issue 14): PostgreSQL LISTEN/NOTIFY fed by triggers, so
 * every committed change is announced to every process, whichever wrote it; leases on running
 * lab sessions; station health shared through the database.
 *
 * - `placement_change`: the change log of placements (one row per placement audit entry). Its
 *   `seq` is in commit order (the trigger takes a transaction-level advisory lock, so a later seq
 *   never commits before an earlier one): a subscriber resumes after its last seq. NOTIFY
 *   `dualhub_placement_changed` carries the seq only.
 * - `dualhub_lab_session`: per statement inserting evidence, the session id and the stored seqs
 *   (or their range when many), never the evidence itself (NOTIFY payloads stop at 8000 bytes);
 *   and, on the same channel (so it is never seen before the last evidence), a RUNNING session's
 *   end with its status.
 * - `lab_session_lease`: which API process runs a session (holder, expiry); renewed by the holder,
 *   taken over (the session ended INTERRUPTED) by any other process once expired.
 * - `station_health`: the latest link health of each station, written by the process that runs
 *   it, so any process answers `Station.health`.
 */
export class Migration20261201235832 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "placement_change" ("seq" bigserial not null, "placement_id" uuid not null, "action" "audit_action" not null, "from_status" "placement_status" null, "to_status" "placement_status" not null, "at" timestamptz not null, constraint "placement_change_pkey" primary key ("seq"));`,
    );
    this.addSql(`create or replace function dualhub_placement_change() returns trigger language plpgsql as $$
declare
  current_status placement_status;
  next_seq bigint;
begin
  -- One writer of the log at a time until commit: seq order is commit order (no gap a resuming subscriber could skip).
  perform pg_advisory_xact_lock(7274001);
  select status into current_status from placement where id = new.object_id;
  insert into placement_change (placement_id, action, from_status, to_status, at)
  values (
    new.object_id, new.action,
    case when new.action = 'CREATED' then null else coalesce((new.before->>'status')::placement_status, current_status) end,
    coalesce((new.after->>'status')::placement_status, current_status),
    new.at)
  returning seq into next_seq;
  perform pg_notify('dualhub_placement_changed', next_seq::text);
  return null;
end $$;`);
    this.addSql(
      `create trigger "placement_change_log" after insert on "audit_entry" for each row when (new.object_type = 'Placement') execute function dualhub_placement_change();`,
    );

    this.addSql(`create or replace function dualhub_session_events() returns trigger language plpgsql as $$
declare
  r record;
begin
  for r in select session_id, count(*) as n, min(seq) as a, max(seq) as b, array_agg(seq order by seq) as q from fresh group by session_id loop
    perform pg_notify('dualhub_lab_session', case
      when r.n <= 400 then json_build_object('s', r.session_id, 'q', r.q)::text
      else json_build_object('s', r.session_id, 'a', r.a, 'b', r.b)::text end);
  end loop;
  return null;
end $$;`);
    this.addSql(
      `create trigger "session_event_notify" after insert on "session_event" referencing new table as fresh for each statement execute function dualhub_session_events();`,
    );
    this.addSql(`create or replace function dualhub_session_ended() returns trigger language plpgsql as $$
begin
  perform pg_notify('dualhub_lab_session', json_build_object('s', new.id, 'end', new.status)::text);
  delete from lab_session_lease where session_id = new.id;
  return null;
end $$;`);

    this.addSql(
      `create table "lab_session_lease" ("session_id" uuid not null, "holder" varchar(200) not null, "expires_at" timestamptz not null, constraint "lab_session_lease_pkey" primary key ("session_id"), constraint "lab_session_lease_session_id_foreign" foreign key ("session_id") references "training_session" ("id") on delete cascade);`,
    );
    this.addSql(`create index "lab_session_lease_expires_at_index" on "lab_session_lease" ("expires_at");`);
    this.addSql(`create index "lab_session_lease_holder_index" on "lab_session_lease" ("holder");`);
    this.addSql(
      `create trigger "training_session_ended_notify" after update of "status" on "training_session" for each row when (old.status = 'RUNNING' and new.status <> 'RUNNING') execute function dualhub_session_ended();`,
    );

    this.addSql(
      `create table "station_health" ("station_id" uuid not null, "report" jsonb not null, "at" timestamptz not null, constraint "station_health_pkey" primary key ("station_id"), constraint "station_health_station_id_foreign" foreign key ("station_id") references "station" ("id") on delete cascade);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "station_health" cascade;`);
    this.addSql(`drop trigger if exists "training_session_ended_notify" on "training_session";`);
    this.addSql(`drop table if exists "lab_session_lease" cascade;`);
    this.addSql(`drop function if exists dualhub_session_ended();`);
    this.addSql(`drop trigger if exists "session_event_notify" on "session_event";`);
    this.addSql(`drop function if exists dualhub_session_events();`);
    this.addSql(`drop trigger if exists "placement_change_log" on "audit_entry";`);
    this.addSql(`drop function if exists dualhub_placement_change();`);
    this.addSql(`drop table if exists "placement_change" cascade;`);
  }
}
