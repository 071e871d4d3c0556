import type { Knex } from '@mikro-orm/postgresql';
import { type CallerScope, isRegional, type RowVisibility, type ScopeCondition } from '../db/scope';
import { OrganizationKind } from '../shared/organization-kind';

/** No row at all. */
export const NO_ROWS: ScopeCondition = { property: 'id', equals: [] };

/**
 * Programmes an accreditation agency may read the outcomes of: those whose HEI asked it to
 * accredit them (an open or decided accreditation request; the accreditation context owns the table).
 */
export function programsOpenToAgency(knex: Knex, caller: CallerScope): Knex.QueryBuilder {
  return knex('accreditation_request').select('program_id').where('agency_id', caller.organizationId).whereNull('withdrawn_at');
}

/**
 * Outcome records of a programme at an HEI (graduations, employment checks, surveys): the HEI
 * sees its own, the regional bodies their region's, an accreditation agency those of the
 * programmes it was asked to accredit; `ownParty` names a further column whose organisation sees
 * its own rows (the employer of a survey).
 */
export function outcomeVisibility(ownParty?: 'employer'): RowVisibility {
  return (caller, knex) => {
    if (isRegional(caller)) return { property: 'region', equals: caller.region };
    if (caller.kind === OrganizationKind.HEI) return { property: 'hei', equals: caller.organizationId };
    if (caller.kind === OrganizationKind.ACCREDITATION_AGENCY) return { property: 'program', in: programsOpenToAgency(knex, caller) };
    if (ownParty && caller.kind === OrganizationKind.EMPLOYER) return { property: ownParty, equals: caller.organizationId };
    return NO_ROWS;
  };
}

/** Visibility of graduations and employment checks. */
export const GRADUATION_VISIBILITY = outcomeVisibility();

/** Visibility of satisfaction surveys (their employer sees its own too). */
export const SURVEY_VISIBILITY = outcomeVisibility('employer');
