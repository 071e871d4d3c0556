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
const column = (name: string, format?: 'date' | 'timestamp'): ReadField =>
  format ? { kind: 'column', column: name, format } : { kind: 'column', column: name };
const globalId = (type: string): ReadField => ({ kind: 'globalId', type });
const one = (fk: string, type: string): ReadField => ({ kind: 'one', column: fk, type });

/**
 * The types the compiled read path knows, by GraphQL type name. The columns are those of the
 * entities (MikroORM's default naming); visibility comes from each entity's `scope` filter.
 */
export const READ_TYPES: Record<string, ReadType> = {
  LocalizedText: { fields: { kk: column('kk'), ru: column('ru'), en: column('en') } },
  Remuneration: { fields: { amount: column('remuneration_amount'), currency: column('remuneration_currency') } },
  Placement: {
    entity: 'Placement',
    fields: {
      id: globalId('Placement'),
      code: column('code'),
      status: column('status'),
      statusChangedAt: column('status_changed_at', 'timestamp'),
      statusReason: column('status_reason'),
      startDate: column('start_date', 'date'),
      endDate: column('end_date', 'date'),
      timeModel: column('time_model'),
      daysPerWeek: column('days_per_week'),
      version: column('version'),
      student: one('student_id', 'Person'),
      mentor: one('mentor_id', 'Person'),
      curator: one('curator_id', 'Person'),
      hei: one('hei_id', 'Organization'),
      employer: one('employer_id', 'Organization'),
      workplace: one('workplace_id', 'Workplace'),
      agreement: one('agreement_id', 'Agreement'),
      clearanceExpiresAt: { kind: 'computed', sql: clearanceExpiresAtSql, bindings: (now) => [now], format: 'timestamp' },
    },
  },
  Person: {
    entity: 'Person',
    fields: {
      id: globalId('Person'),
      fullName: column('full_name'),
      email: column('email'),
      phone: column('phone'),
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
      organization: one('organization_id', 'Organization'),
      role: column('role'),
      position: column('position'),
      since: column('since', 'date'),
    },
  },
  Organization: {
    entity: 'Organization',
    fields: {
      id: globalId('Organization'),
      kind: column('kind'),
      heiType: column('hei_type'),
      region: column('region'),
      bin: column('bin'),
      name: localized('name'),
      shortName: column('short_name'),
      city: column('city'),
      website: column('website'),
    },
  },
  Workplace: {
    entity: 'Workplace',
    fields: {
      id: globalId('Workplace'),
      code: column('code'),
      site: localized('site'),
      department: localized('department'),
      description: localized('description'),
      employer: one('employer_id', 'Organization'),
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
      id: globalId('HazardCategory'),
      code: column('code'),
      name: localized('name'),
      description: localized('description'),
    },
  },
  Agreement: {
    entity: 'Agreement',
    fields: {
      id: globalId('Agreement'),
      number: column('number'),
      kind: column('kind'),
      status: column('status'),
      validFrom: column('valid_from', 'date'),
      validTo: column('valid_to', 'date'),
      terminatedAt: column('terminated_at', 'timestamp'),
      terminationReason: column('termination_reason'),
      remuneration: { kind: 'embedded', type: 'Remuneration' },
      hei: one('hei_id', 'Organization'),
      employer: one('employer_id', 'Organization'),
      student: one('student_id', 'Person'),
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
      party: column('party'),
      signedAt: column('signed_at', 'timestamp'),
      apiKeyId: { kind: 'globalIdOf', column: 'api_key_id', type: 'ApiKey' },
      organization: one('organization_id', 'Organization'),
      person: one('person_id', 'Person'),
    },
  },
};
