import type { ConnectionSource } from '../db/read/connection';
import type { PlacementQuery } from './placement.service';

/**
 * The placements list for the compiled read path: the same order as
 * {@link PlacementService.list} (latest period first, then id) and the same filters, as SQL.
 */
export function placementSource(query: PlacementQuery): ConnectionSource {
  return {
    nodeType: 'Placement',
    entity: 'Placement',
    key: JSON.stringify(query),
    order: [
      { column: 'start_date', direction: 'desc', type: 'date' },
      { column: 'id', direction: 'asc', type: 'uuid' },
    ],
    where: (alias, knex) => {
      const where = [];
      if (query.statuses?.length) where.push(knex.raw(`${alias}.status = any(?)`, [query.statuses]));
      const ids: [keyof PlacementQuery, string][] = [
        ['studentId', 'student_id'],
        ['heiId', 'hei_id'],
        ['employerId', 'employer_id'],
        ['workplaceId', 'workplace_id'],
        ['agreementId', 'agreement_id'],
        ['mentorId', 'mentor_id'],
      ];
      for (const [key, column] of ids) {
        const value = query[key];
        if (typeof value === 'string') where.push(knex.raw(`${alias}.${column} = ?::uuid`, [value]));
      }
      return where;
    },
  };
}
