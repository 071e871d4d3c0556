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
     left join lateral (
       select r.kind, r.earned_at, r.valid_until from readiness_record r
        where r.student_id = ${alias}.student_id and r.hazard_category_id = whc.hazard_category_id and r.earned_at <= ?
        order by r.earned_at desc limit 1) r on true
    where whc.workplace_id = ${alias}.workplace_id)`;
}
