import { clearanceExpiresAtSql } from '../../readiness/readiness.sql';

/**
 * How one GraphQL field of a compiled type reads from its table. The compiled read path builds
 * the response JSON of a connection in PostgreSQL from these descriptions; a field not described
 * here makes the compiler decline, and the ORM path answers instead.
 */
export type ReadField =
  /** A scalar column; `format` turns dates and timestamps into the strings GraphQL sends. */
  | { kind: 'column'; column: string; format?: 'date' | 'timestamp' }
  /** The Relay global id of the row (`Type:uuid`, base64url). */
  | { kind: 'globalId'; type: string }
  /** A global id made from a uuid column (null when the column is). */
  | { kind: 'globalIdOf'; column: string; type: string }
  /** An object stored as JSONB (LocalizedText, …): its GraphQL fields are the JSON keys. */
  | { kind: 'json'; column: string }
  /** An object made from columns of the same row (Remuneration). */
  | { kind: 'embedded'; type: string }
  /** A to-one relation through a foreign key; null when absent or not visible to the caller. */
  | { kind: 'one'; column: string; type: string }
  /**
   * A list of related rows: `from` is SQL after `from` naming the target under `target` and
   * tying it to the parent row under `parent`; `orderBy` is SQL over `target`.
   */
  | { kind: 'many'; type: string; from: (parent: string, target: string) => string; orderBy: (target: string) => string }
  /** A computed value: SQL over the row alias with `?` bindings, and those bindings. */
  | { kind: 'computed'; sql: (alias: string) => string; bindings: (now: Date) => unknown[]; format?: 'timestamp' };

/** A compiled GraphQL object type: its table (via the entity's metadata) and its fields. */
export interface ReadType {
  /** MikroORM entity name: gives the table, the columns and the `scope` visibility rule. */
  entity?: string;
  fields: Record<string, ReadField>;
}

const localized = (column: string): ReadField => ({ kind: 'json', column });

/**
 * The types the compiled read path knows, by GraphQL type name. The columns are those of the
 * entities (MikroORM's default naming); visibility comes from each entity's `scope` filter.
 */
export const READ_TYPES: Record<string, ReadType> = {
  LocalizedText: { fields: { kk: { kind: 'column', column: 'kk' }, ru: { kind: 'column', column: 'ru' }, en: { kind: 'column', column: 'en' } } },
  Remuneration: { fields: { amount: { kind: 'column', column: 'remuneration_amount' }, currency: { kind: 'column', column: 'remuneration_currency' } } },
  Placement: {
    entity: 'Placement',
    fields: {
      id: { kind: 'globalId', type: 'Placement' },
      code: { kind: 'column', column: 'code' },
      status: { kind: 'column', column: 'status' },
      statusChangedAt: { kind: 'column', column: 'status_changed_at', format: 'timestamp' },
      statusReason: { kind: 'column', column: 'status_reason' },
      startDate: { kind: 'column', column: 'start_date', format: 'date' },
      endDate: { kind: 'column', column: 'end_date', format: 'date' },
      timeModel: { kind: 'column', column: 'time_model' },
      daysPerWeek: { kind: 'column', column: 'days_per_week' },
      version: { kind: 'column', column: 'version' },
      student: { kind: 'one', column: 'student_id', type: 'Person' },
      mentor: { kind: 'one', column: 'mentor_id', type: 'Person' },
      curator: { kind: 'one', column: 'curator_id', type: 'Person' },
      hei: { kind: 'one', column: 'hei_id', type: 'Organization' },
      employer: { kind: 'one', column: 'employer_id', type: 'Organization' },
      workplace: { kind: 'one', column: 'workplace_id', type: 'Workplace' },
      agreement: { kind: 'one', column: 'agreement_id', type: 'Agreement' },
      clearanceExpiresAt: { kind: 'computed', sql: clearanceExpiresAtSql, bindings: (now) => [now], format: 'timestamp' },
    },
  },
  Person: {
    entity: 'Person',
    fields: {
      id: { kind: 'globalId', type: 'Person' },
      fullName: { kind: 'column', column: 'full_name' },
      email: { kind: 'column', column: 'email' },
      phone: { kind: 'column', column: 'phone' },
      memberships: {
        kind: 'many',
        type: 'Membership',
        from: (parent, target) => `membership ${target} where ${target}.person_id = ${parent}.id`,
        orderBy: (target) => `${target}.role, ${target}.id`,
      },
    },
  },
  Membership: {
    entity: 'Membership',
    fields: {
      organization: { kind: 'one', column: 'organization_id', type: 'Organization' },
      role: { kind: 'column', column: 'role' },
      position: { kind: 'column', column: 'position' },
      since: { kind: 'column', column: 'since', format: 'date' },
    },
  },
  Organization: {
    entity: 'Organization',
    fields: {
      id: { kind: 'globalId', type: 'Organization' },
      kind: { kind: 'column', column: 'kind' },
      heiType: { kind: 'column', column: 'hei_type' },
      region: { kind: 'column', column: 'region' },
      bin: { kind: 'column', column: 'bin' },
      name: localized('name'),
      shortName: { kind: 'column', column: 'short_name' },
      city: { kind: 'column', column: 'city' },
      website: { kind: 'column', column: 'website' },
    },
  },
  Workplace: {
    entity: 'Workplace',
    fields: {
      id: { kind: 'globalId', type: 'Workplace' },
      code: { kind: 'column', column: 'code' },
      site: localized('site'),
      department: localized('department'),
      description: localized('description'),
      employer: { kind: 'one', column: 'employer_id', type: 'Organization' },
      hazardCategories: {
        kind: 'many',
        type: 'HazardCategory',
        from: (parent, target) =>
          `workplace_hazard_category ${target}_l join hazard_category ${target} on ${target}.id = ${target}_l.hazard_category_id where ${target}_l.workplace_id = ${parent}.id`,
        orderBy: (target) => `${target}.code`,
      },
    },
  },
  HazardCategory: {
    entity: 'HazardCategory',
    fields: {
      id: { kind: 'globalId', type: 'HazardCategory' },
      code: { kind: 'column', column: 'code' },
      name: localized('name'),
      description: localized('description'),
    },
  },
  Agreement: {
    entity: 'Agreement',
    fields: {
      id: { kind: 'globalId', type: 'Agreement' },
      number: { kind: 'column', column: 'number' },
      kind: { kind: 'column', column: 'kind' },
      status: { kind: 'column', column: 'status' },
      validFrom: { kind: 'column', column: 'valid_from', format: 'date' },
      validTo: { kind: 'column', column: 'valid_to', format: 'date' },
      terminatedAt: { kind: 'column', column: 'terminated_at', format: 'timestamp' },
      terminationReason: { kind: 'column', column: 'termination_reason' },
      remuneration: { kind: 'embedded', type: 'Remuneration' },
      hei: { kind: 'one', column: 'hei_id', type: 'Organization' },
      employer: { kind: 'one', column: 'employer_id', type: 'Organization' },
      student: { kind: 'one', column: 'student_id', type: 'Person' },
      signatures: {
        kind: 'many',
        type: 'AgreementSignature',
        from: (parent, target) => `agreement_signature ${target} where ${target}.agreement_id = ${parent}.id`,
        orderBy: (target) => `${target}.signed_at, ${target}.id`,
      },
    },
  },
  AgreementSignature: {
    entity: 'AgreementSignature',
    fields: {
      party: { kind: 'column', column: 'party' },
      signedAt: { kind: 'column', column: 'signed_at', format: 'timestamp' },
      apiKeyId: { kind: 'globalIdOf', column: 'api_key_id', type: 'ApiKey' },
      organization: { kind: 'one', column: 'organization_id', type: 'Organization' },
      person: { kind: 'one', column: 'person_id', type: 'Person' },
    },
  },
};
