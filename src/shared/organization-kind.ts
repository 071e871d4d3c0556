/**
 * The kinds of organisation in the regional dual-education system. A shared word (the request
 * context, scoping and several contexts use it), so it lives in `src/shared/`, not in the data layer.
 */
/** Organisation kinds, as the methodology names the stakeholders. */
export enum OrganizationKind {
  HEI = 'HEI',
  EMPLOYER = 'EMPLOYER',
  INDUSTRY_COUNCIL = 'INDUSTRY_COUNCIL',
  COORDINATOR = 'COORDINATOR',
  AUTHORITY = 'AUTHORITY',
  ACCREDITATION_AGENCY = 'ACCREDITATION_AGENCY',
}

/** Kinds whose callers oversee a whole region rather than their own organisation. */
export const REGIONAL_KINDS: readonly OrganizationKind[] = [OrganizationKind.COORDINATOR, OrganizationKind.AUTHORITY, OrganizationKind.INDUSTRY_COUNCIL];
