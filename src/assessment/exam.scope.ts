import { isRegional, organizationsOfRegion, type RowVisibility, visibilityFilter, type VisibilityFilterDef } from '../db/scope';

/**
 * Who sees a production exam's records (the exam, its commission, the council's admissions, the
 * results): the HEI, the employer (of the exam, and of each examined student's placement: both
 * are the `employer` column of the row), the organisations of the exam's commission members, and
 * the regional bodies of the HEI's or the employer's region. `examProperty` names the row's
 * exam: `id` on the exam itself, `exam` on the rows that belong to one. The commission road is a
 * subquery of exam ids, never a join, so a row the caller may see is never dropped.
 */
export function examVisibility(examProperty: 'id' | 'exam'): RowVisibility {
  return (caller, knex) =>
    isRegional(caller)
      ? {
          or: [
            { property: 'hei', in: organizationsOfRegion(knex, caller.region) },
            { property: 'employer', in: organizationsOfRegion(knex, caller.region) },
          ],
        }
      : {
          or: [
            { property: 'hei', equals: caller.organizationId },
            { property: 'employer', equals: caller.organizationId },
            { property: examProperty, in: knex('exam_commission_member').select('exam_id').where('organization_id', caller.organizationId) },
          ],
        };
}

/** The `scope` filter of {@link examVisibility}. */
export function examScope(examProperty: 'id' | 'exam'): VisibilityFilterDef {
  return visibilityFilter(examVisibility(examProperty));
}
