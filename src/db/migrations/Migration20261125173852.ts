import { Migration } from '@mikro-orm/migrations';

export class Migration20261125173852 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "audit_action" as enum ('CREATED', 'STATUS_CHANGED', 'SIGNED', 'MENTOR_ASSIGNED', 'CURATOR_ASSIGNED', 'HAZARDS_CHANGED');`);
    this.addSql(`create type "station_kind" as enum ('PLC_TRAINER', 'ROBOT_CELL');`);
    this.addSql(`create type "organization_kind" as enum ('HEI', 'EMPLOYER', 'INDUSTRY_COUNCIL', 'COORDINATOR', 'AUTHORITY', 'ACCREDITATION_AGENCY');`);
    this.addSql(`create type "api_key_role" as enum ('ADMIN', 'WRITER', 'READER', 'LAB_AGENT');`);
    this.addSql(`create type "person_role" as enum ('STUDENT', 'MENTOR', 'CURATOR', 'LAB_INSTRUCTOR', 'SAFETY_OFFICER', 'STAFF');`);
    this.addSql(`create type "agreement_kind" as enum ('NETWORK_INTERACTION', 'TRIPARTITE');`);
    this.addSql(`create type "agreement_status" as enum ('DRAFT', 'PARTIALLY_SIGNED', 'ACTIVE', 'TERMINATED');`);
    this.addSql(`create type "agreement_party" as enum ('HEI', 'EMPLOYER', 'STUDENT');`);
    this.addSql(`create type "program_level" as enum ('BACHELOR', 'COLLEGE');`);
    this.addSql(`create type "competency_kind" as enum ('GENERAL', 'PROFESSIONAL');`);
    this.addSql(`create type "dublin_descriptor" as enum ('KNOWLEDGE_AND_UNDERSTANDING', 'APPLYING_KNOWLEDGE', 'MAKING_JUDGEMENTS', 'COMMUNICATION', 'LEARNING_SKILLS');`);
    this.addSql(`create type "discipline_cycle" as enum ('GED', 'BD', 'CD', 'PP', 'E', 'C');`);
    this.addSql(`create type "readiness_mode" as enum ('ALL_OF', 'ANY_OF');`);
    this.addSql(`create type "readiness_kind" as enum ('SIMULATOR', 'REFRESHER', 'MANUAL', 'REVOCATION');`);
    this.addSql(`create type "signing_key_status" as enum ('ACTIVE', 'RETIRED');`);
    this.addSql(`create type "station_protocol" as enum ('MODBUS_TCP', 'OPC_UA');`);
    this.addSql(`create type "station_runner" as enum ('API', 'AGENT');`);
    this.addSql(`create type "session_status" as enum ('RUNNING', 'PASSED', 'FAILED', 'INTERRUPTED', 'ABORTED');`);
    this.addSql(`create type "time_model" as enum ('DAYS_PER_WEEK', 'BLOCK');`);
    this.addSql(`create type "placement_status" as enum ('PLANNED', 'CONFIRMED', 'ACTIVE', 'SUSPENDED', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`create table "audit_entry" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "object_type" varchar(40) not null, "object_id" uuid not null, "action" "audit_action" not null, "at" timestamptz not null, "actor_key_id" uuid null, "actor_organization_id" uuid null, "actor_person_id" uuid null, "before" jsonb null, "after" jsonb null, "reason" text null, "visible_to" text[] not null, "regions" text[] not null, constraint "audit_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_entry_object_type_object_id_at_index" on "audit_entry" ("object_type", "object_id", "at");`);

    this.addSql(`create table "exercise" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(100) not null, "version" int not null, "station_kind" "station_kind" not null, "hazard_categories" jsonb not null, "title" jsonb not null, "instructions" jsonb not null, "definition" jsonb not null, constraint "exercise_pkey" primary key ("id"));`);
    this.addSql(`create index "exercise_code_index" on "exercise" ("code");`);
    this.addSql(`alter table "exercise" add constraint "exercise_code_version_unique" unique ("code", "version");`);

    this.addSql(`create table "hazard_category" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(60) not null, "name" jsonb not null, "description" jsonb not null, constraint "hazard_category_pkey" primary key ("id"));`);
    this.addSql(`alter table "hazard_category" add constraint "hazard_category_code_unique" unique ("code");`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "kind" "organization_kind" not null, "hei_type" text check ("hei_type" in ('UNIVERSITY', 'COLLEGE')) null, "region" varchar(255) not null, "bin" varchar(12) not null, "name" jsonb not null, "short_name" varchar(255) null, "city" varchar(255) null, "website" varchar(255) null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_kind_index" on "organization" ("kind");`);
    this.addSql(`create index "organization_region_index" on "organization" ("region");`);
    this.addSql(`alter table "organization" add constraint "organization_bin_unique" unique ("bin");`);

    this.addSql(`create table "api_key" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "role" "api_key_role" not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "label" varchar(255) not null, "issued_by" varchar(255) not null, "revoked_at" timestamptz null, "revoked_by" varchar(255) null, "last_used_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`create index "api_key_organization_id_index" on "api_key" ("organization_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "person" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "full_name" varchar(255) not null, "email" varchar(255) not null, "phone" varchar(255) null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email");`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "organization_id" uuid not null, "role" "person_role" not null, "position" varchar(255) null, "since" date null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`create index "membership_organization_id_index" on "membership" ("organization_id");`);
    this.addSql(`alter table "membership" add constraint "membership_person_id_organization_id_role_unique" unique ("person_id", "organization_id", "role");`);

    this.addSql(`create table "agreement" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "number" varchar(60) not null, "kind" "agreement_kind" not null, "hei_id" uuid not null, "employer_id" uuid not null, "student_id" uuid null, "valid_from" date not null, "valid_to" date not null, "remuneration_amount" int not null, "remuneration_currency" varchar(3) not null default 'KZT', "status" "agreement_status" not null default 'DRAFT', "terminated_at" timestamptz null, "termination_reason" text null, "version" int not null default 1, constraint "agreement_pkey" primary key ("id"));`);
    this.addSql(`alter table "agreement" add constraint "agreement_number_unique" unique ("number");`);
    this.addSql(`create index "agreement_hei_id_index" on "agreement" ("hei_id");`);
    this.addSql(`create index "agreement_employer_id_index" on "agreement" ("employer_id");`);
    this.addSql(`create index "agreement_student_id_index" on "agreement" ("student_id");`);

    this.addSql(`create table "agreement_signature" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agreement_id" uuid not null, "party" "agreement_party" not null, "organization_id" uuid not null, "person_id" uuid null, "api_key_id" uuid null, "signed_at" timestamptz not null, constraint "agreement_signature_pkey" primary key ("id"));`);
    this.addSql(`alter table "agreement_signature" add constraint "agreement_signature_agreement_id_party_unique" unique ("agreement_id", "party");`);

    this.addSql(`create table "program" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hei_id" uuid not null, "code" varchar(20) not null, "level" "program_level" not null, "name" jsonb not null, "version" int not null default 1, constraint "program_pkey" primary key ("id"));`);
    this.addSql(`create index "program_hei_id_index" on "program" ("hei_id");`);
    this.addSql(`create index "program_level_index" on "program" ("level");`);
    this.addSql(`alter table "program" add constraint "program_hei_id_code_unique" unique ("hei_id", "code");`);

    this.addSql(`create table "competency" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "program_id" uuid not null, "code" varchar(20) not null, "kind" "competency_kind" not null, "description" jsonb not null, constraint "competency_pkey" primary key ("id"));`);
    this.addSql(`alter table "competency" add constraint "competency_program_id_code_unique" unique ("program_id", "code");`);

    this.addSql(`create table "learning_outcome" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "competency_id" uuid not null, "code" varchar(20) not null, "descriptor" "dublin_descriptor" not null, "description" jsonb not null, constraint "learning_outcome_pkey" primary key ("id"));`);
    this.addSql(`alter table "learning_outcome" add constraint "learning_outcome_competency_id_code_unique" unique ("competency_id", "code");`);

    this.addSql(`create table "program_module" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "program_id" uuid not null, "code" varchar(20) not null, "name" jsonb not null, constraint "program_module_pkey" primary key ("id"));`);
    this.addSql(`alter table "program_module" add constraint "program_module_program_id_code_unique" unique ("program_id", "code");`);

    this.addSql(`create table "discipline" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "program_id" uuid not null, "module_id" uuid not null, "code" varchar(20) not null, "name" jsonb not null, "cycle" "discipline_cycle" not null, "credits" smallint not null, "semester" smallint null, "adapted_by_id" uuid null, constraint "discipline_pkey" primary key ("id"));`);
    this.addSql(`create index "discipline_program_id_index" on "discipline" ("program_id");`);
    this.addSql(`create index "discipline_module_id_index" on "discipline" ("module_id");`);
    this.addSql(`create index "discipline_adapted_by_id_index" on "discipline" ("adapted_by_id");`);
    this.addSql(`alter table "discipline" add constraint "discipline_program_id_code_unique" unique ("program_id", "code");`);

    this.addSql(`create table "readiness_pass" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "session_id" varchar(255) not null, "student_id" uuid not null, "exercise_id" varchar(100) not null, "exercise_version" int not null, "score" smallint not null, "station_id" varchar(255) not null, "started_by" varchar(255) null, "passed_at" timestamptz not null, constraint "readiness_pass_pkey" primary key ("id"));`);
    this.addSql(`alter table "readiness_pass" add constraint "readiness_pass_session_id_unique" unique ("session_id");`);
    this.addSql(`create index "readiness_pass_student_id_exercise_id_passed_at_index" on "readiness_pass" ("student_id", "exercise_id", "passed_at");`);

    this.addSql(`create table "readiness_policy" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hazard_category_id" uuid not null, "version" int not null, "mode" "readiness_mode" not null, "exercises" jsonb not null, "min_score" smallint not null, "validity_days" int not null, "refresher" jsonb null, "manual_allowed" boolean not null default true, "note" text null, "changed_by" varchar(255) not null, constraint "readiness_policy_pkey" primary key ("id"));`);
    this.addSql(`alter table "readiness_policy" add constraint "readiness_policy_category_version" unique ("hazard_category_id", "version");`);

    this.addSql(`create table "readiness_record" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "student_id" uuid not null, "hazard_category_id" uuid not null, "kind" "readiness_kind" not null, "policy_id" uuid null, "session_ids" jsonb not null, "exercise_id" varchar(100) null, "exercise_version" int null, "score" smallint null, "station_id" varchar(255) null, "instructor_id" varchar(255) null, "evidence" jsonb null, "earned_at" timestamptz not null, "valid_until" timestamptz null, "reason" text null, "recorded_by" varchar(255) not null, constraint "readiness_record_pkey" primary key ("id"));`);
    this.addSql(`create index "readiness_record_latest" on "readiness_record" ("student_id", "hazard_category_id", "earned_at" desc);`);

    this.addSql(`create table "signing_key" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "kid" varchar(64) not null, "public_jwk" jsonb not null, "private_key_pem" text not null, "status" "signing_key_status" not null default 'ACTIVE', constraint "signing_key_pkey" primary key ("id"));`);
    this.addSql(`create index "signing_key_organization_id_index" on "signing_key" ("organization_id");`);
    this.addSql(`alter table "signing_key" add constraint "signing_key_kid_unique" unique ("kid");`);
    this.addSql(`create unique index "signing_key_one_active" on "signing_key" ("organization_id") where "status" = 'ACTIVE';`);

    this.addSql(`create table "station" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(60) not null, "name" varchar(255) not null, "organization_id" uuid not null, "kind" "station_kind" not null, "protocol" "station_protocol" not null, "host" varchar(255) null, "port" int null, "unit_id" int null, "endpoint_url" varchar(255) null, "security_mode" varchar(20) null, "security_policy" varchar(40) null, "user_name" varchar(255) null, "password_env" varchar(100) null, "tag_map" jsonb not null, "sampling_ms" int not null default 50, "runner" "station_runner" not null default 'API', constraint "station_pkey" primary key ("id"));`);
    this.addSql(`alter table "station" add constraint "station_code_unique" unique ("code");`);
    this.addSql(`create index "station_organization_id_index" on "station" ("organization_id");`);

    this.addSql(`create table "training_session" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "student_id" uuid not null, "exercise_id" uuid not null, "exercise_code" varchar(100) not null, "exercise_version" int not null, "station_id" uuid not null, "lab_id" uuid not null, "started_by" varchar(255) null, "status" "session_status" not null default 'RUNNING', "score" int null, "max_score" int null, "pass_mark" int null, "reasons" jsonb null, "started_at" timestamptz not null, "run_started_at" timestamptz null, "ended_at" timestamptz null, "runtime_id" varchar(200) null, "last_seq" int null, "abort_requested_at" timestamptz null, constraint "training_session_pkey" primary key ("id"));`);
    this.addSql(`create index "training_session_student_id_index" on "training_session" ("student_id");`);
    this.addSql(`create index "training_session_exercise_id_index" on "training_session" ("exercise_id");`);
    this.addSql(`create index "training_session_station_id_index" on "training_session" ("station_id");`);
    this.addSql(`create index "training_session_lab_id_index" on "training_session" ("lab_id");`);
    this.addSql(`create index "training_session_runtime_id_status_index" on "training_session" ("runtime_id", "status");`);
    this.addSql(`create unique index "training_session_one_running_per_station" on "training_session" ("station_id") where "status" = 'RUNNING';`);

    this.addSql(`create table "session_event" ("session_id" uuid not null, "seq" int not null, "at" timestamptz(3) not null, "type" varchar(20) not null, "tag" varchar(100) null, "value" jsonb null, "details" jsonb null, constraint "session_event_pkey" primary key ("session_id", "seq"));`);

    this.addSql(`create table "workplace" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(60) not null, "employer_id" uuid not null, "site" jsonb not null, "department" jsonb not null, "description" jsonb not null, constraint "workplace_pkey" primary key ("id"));`);
    this.addSql(`alter table "workplace" add constraint "workplace_code_unique" unique ("code");`);
    this.addSql(`create index "workplace_employer_id_index" on "workplace" ("employer_id");`);

    this.addSql(`create table "readiness_credential" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "student_id" uuid not null, "issuer_id" uuid not null, "signing_key_id" uuid not null, "workplace_id" uuid null, "categories" jsonb not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "jwt" text not null, "issued_by" varchar(255) not null, "revoked_at" timestamptz null, "revoked_reason" text null, "revoked_by" varchar(255) null, constraint "readiness_credential_pkey" primary key ("id"));`);
    this.addSql(`create index "readiness_credential_student_id_index" on "readiness_credential" ("student_id");`);

    this.addSql(`create table "placement" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "student_id" uuid not null, "hei_id" uuid not null, "employer_id" uuid not null, "workplace_id" uuid not null, "agreement_id" uuid not null, "mentor_id" uuid null, "curator_id" uuid null, "start_date" date not null, "end_date" date not null, "time_model" "time_model" not null, "days_per_week" smallint null, "status" "placement_status" not null default 'PLANNED', "status_changed_at" timestamptz not null, "status_reason" text null, "version" int not null default 1, constraint "placement_pkey" primary key ("id"));`);
    this.addSql(`alter table "placement" add constraint "placement_code_unique" unique ("code");`);
    this.addSql(`create index "placement_student_id_index" on "placement" ("student_id");`);
    this.addSql(`create index "placement_hei_id_index" on "placement" ("hei_id");`);
    this.addSql(`create index "placement_employer_id_index" on "placement" ("employer_id");`);
    this.addSql(`create index "placement_workplace_id_index" on "placement" ("workplace_id");`);
    this.addSql(`create index "placement_agreement_id_index" on "placement" ("agreement_id");`);
    this.addSql(`create index "placement_status_index" on "placement" ("status");`);
    this.addSql(`create unique index "placement_one_active_per_student" on "placement" ("student_id") where "status" = 'ACTIVE';`);

    this.addSql(`create table "workplace_hazard_category" ("workplace_id" uuid not null, "hazard_category_id" uuid not null, constraint "workplace_hazard_category_pkey" primary key ("workplace_id", "hazard_category_id"));`);

    this.addSql(`alter table "api_key" add constraint "api_key_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "agreement" add constraint "agreement_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "agreement" add constraint "agreement_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "agreement" add constraint "agreement_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "agreement_signature" add constraint "agreement_signature_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "agreement_signature" add constraint "agreement_signature_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "agreement_signature" add constraint "agreement_signature_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "program" add constraint "program_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "competency" add constraint "competency_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "learning_outcome" add constraint "learning_outcome_competency_id_foreign" foreign key ("competency_id") references "competency" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "program_module" add constraint "program_module_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "discipline" add constraint "discipline_program_id_foreign" foreign key ("program_id") references "program" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "discipline" add constraint "discipline_module_id_foreign" foreign key ("module_id") references "program_module" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "discipline" add constraint "discipline_adapted_by_id_foreign" foreign key ("adapted_by_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "readiness_pass" add constraint "readiness_pass_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);

    this.addSql(`alter table "readiness_policy" add constraint "readiness_policy_hazard_category_id_foreign" foreign key ("hazard_category_id") references "hazard_category" ("id") on update cascade;`);

    this.addSql(`alter table "readiness_record" add constraint "readiness_record_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "readiness_record" add constraint "readiness_record_hazard_category_id_foreign" foreign key ("hazard_category_id") references "hazard_category" ("id") on update cascade;`);
    this.addSql(`alter table "readiness_record" add constraint "readiness_record_policy_id_foreign" foreign key ("policy_id") references "readiness_policy" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "signing_key" add constraint "signing_key_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "station" add constraint "station_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "training_session" add constraint "training_session_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "training_session" add constraint "training_session_exercise_id_foreign" foreign key ("exercise_id") references "exercise" ("id") on update cascade;`);
    this.addSql(`alter table "training_session" add constraint "training_session_station_id_foreign" foreign key ("station_id") references "station" ("id") on update cascade;`);
    this.addSql(`alter table "training_session" add constraint "training_session_lab_id_foreign" foreign key ("lab_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "session_event" add constraint "session_event_session_id_foreign" foreign key ("session_id") references "training_session" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "workplace" add constraint "workplace_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);

    this.addSql(`alter table "readiness_credential" add constraint "readiness_credential_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "readiness_credential" add constraint "readiness_credential_issuer_id_foreign" foreign key ("issuer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "readiness_credential" add constraint "readiness_credential_signing_key_id_foreign" foreign key ("signing_key_id") references "signing_key" ("id") on update cascade;`);
    this.addSql(`alter table "readiness_credential" add constraint "readiness_credential_workplace_id_foreign" foreign key ("workplace_id") references "workplace" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "placement" add constraint "placement_student_id_foreign" foreign key ("student_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "placement" add constraint "placement_hei_id_foreign" foreign key ("hei_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "placement" add constraint "placement_employer_id_foreign" foreign key ("employer_id") references "organization" ("id") on update cascade;`);
    this.addSql(`alter table "placement" add constraint "placement_workplace_id_foreign" foreign key ("workplace_id") references "workplace" ("id") on update cascade;`);
    this.addSql(`alter table "placement" add constraint "placement_agreement_id_foreign" foreign key ("agreement_id") references "agreement" ("id") on update cascade;`);
    this.addSql(`alter table "placement" add constraint "placement_mentor_id_foreign" foreign key ("mentor_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "placement" add constraint "placement_curator_id_foreign" foreign key ("curator_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "workplace_hazard_category" add constraint "workplace_hazard_category_workplace_id_foreign" foreign key ("workplace_id") references "workplace" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "workplace_hazard_category" add constraint "workplace_hazard_category_hazard_category_id_foreign" foreign key ("hazard_category_id") references "hazard_category" ("id") on update cascade on delete cascade;`);
  }

}
