/**
 * The SQL of the readiness rules, written once. Every statement that asks "is this student covered
 * in this category at this moment" builds on {@link latestRecordAt}; the pure rule that reads its
 * row is `coverageAt` in readiness.rules.ts.
 */

const PLAIN = /^[a-z_][a-z0-9_.]*$/;

function plain(expr: string): string {
  if (!PLAIN.test(expr)) throw new Error(`not a plain SQL column reference: ${expr}`);
  return expr;
}

/**
 * "The latest readiness record of a student in a hazard category at a moment": a lateral
 * sub-select yielding at most one row `r(id, kind, earned_at, valid_until)`, the record earned
 * last at or before the one `?` binding (the moment). A later record supersedes earlier ones, so
 * this row alone decides coverage (a revocation, an expired or a valid grant). Of records earned
 * at the same moment (a revocation by a clock that stands still, two entries for one training
 * day) the one recorded later supersedes, then the greater id: every reader picks the same one.
 * One index scan on `readiness_record_in_force` (student, category, earned_at desc, created_at
 * desc, id desc). Use as
 * `left join ${latestRecordAt('p.student_id', 'whc.hazard_category_id')} on true`. With `wholeRow`,
 * every column of the record (`r.*`), to build the record itself from the same row.
 */
export function latestRecordAt(studentColumn: string, categoryColumn: string, wholeRow = false, moment: Moment = '?'): string {
  return `lateral (${latestSelect(wholeRow ? 'r.*' : 'r.id, r.kind, r.earned_at, r.valid_until', 'r', studentColumn, categoryColumn, moment)}) r`;
}

/** The one definition of "the record in force": the select under {@link latestRecordAt} and {@link inForceAtSql}. */
function latestSelect(columns: string, alias: 'r' | 'l', studentColumn: string, categoryColumn: string, moment: Moment): string {
  return `select ${columns} from readiness_record ${alias}
        where ${alias}.student_id = ${plain(studentColumn)} and ${alias}.hazard_category_id = ${plain(categoryColumn)} and ${alias}.earned_at <= ${moment}
        order by ${alias}.earned_at desc, ${alias}.created_at desc, ${alias}.id desc limit 1`;
}

/**
 * SQL of "this record covers its category at the moment": the readiness record under `alias` is
 * the {@link latestRecordAt} record of its student and category then, and a grant still valid
 * (the rule `coverageAt`: not a revocation, not run out). Never null. With `?` it takes the moment
 * as two bindings, so it is given explicitly.
 */
export function inForceAtSql(alias: string, moment: Moment): string {
  const a = plain(alias);
  return `coalesce(${coversSql(a, moment)}
     and ${a}.id = (${latestSelect('l.id', 'l', `${a}.student_id`, `${a}.hazard_category_id`, moment)}), false)`;
}

/** SQL of `coverageAt` on the record under `alias`, given it is the latest: a grant (not a revocation) still valid at the moment; null without a record. */
function coversSql(alias: string, moment: Moment): string {
  return `${alias}.kind <> 'REVOCATION' and ${alias}.valid_until > ${moment}`;
}

/** The moment a readiness statement asks about: one `?` binding, or the statement's own `now()`. */
export type Moment = '?' | 'now()';

/**
 * SQL of "cleared": true when the student under `studentColumn` is covered in every hazard
 * category of the workplace under `workplaceColumn` at the moment — in each, the
 * {@link latestRecordAt} row is a grant still valid then (the rule `coverageAt` of
 * readiness.rules.ts: no record, a revocation or a grant run out is not covered); true for a
 * workplace without categories. One index probe per category. With `?` it takes the moment as
 * two bindings, so it is given explicitly.
 */
export function clearedAtSql(studentColumn: string, workplaceColumn: string, moment: Moment): string {
  return `not exists (select 1 from workplace_hazard_category whc
       left join ${latestRecordAt(studentColumn, 'whc.hazard_category_id', false, moment)} on true
      where whc.workplace_id = ${plain(workplaceColumn)}
        and not coalesce(${coversSql('r', moment)}, false))`;
}

/**
 * SQL of `Placement.clearanceExpiresAt` for the placement row under `alias`: the earliest end of
 * the readiness covering each hazard category of its workplace (or the moment of a revocation),
 * as of the one `?` binding (the moment); null when the workplace has no categories or one was
 * never covered. One definition for the batched loader and the compiled read path.
 */
export function clearanceExpiresAtSql(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not a plain SQL alias: ${alias}`);
  return `(select case when bool_and(r.kind is not null) then min(case when r.kind = 'REVOCATION' then r.earned_at else r.valid_until end) end
     from workplace_hazard_category whc
     left join ${latestRecordAt(`${alias}.student_id`, 'whc.hazard_category_id')} on true
    where whc.workplace_id = ${alias}.workplace_id)`;
}
