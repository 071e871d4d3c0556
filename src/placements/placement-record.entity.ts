import { ManyToOne, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Organization } from '../organizations/organization.entity';
import type { Placement } from './placement.entity';

/**
 * Columns of a record that belongs to an HEI and an employer together: the two parties
 * `partiesScope()` (and the exam scope) filter by, copied onto the row so the filter needs no join.
 * Abstract: no table of its own; each subclass's table has `hei_id` and `employer_id`.
 */
export abstract class PartiesRecord extends BaseEntity {
  @ManyToOne('Organization')
  hei!: Rel<Organization>;

  @ManyToOne('Organization')
  employer!: Rel<Organization>;
}

/**
 * Columns of a record of one placement's practice (a logbook entry, a review, an exam result…):
 * the placement and its two parties, copied from the placement when the record is made.
 * Abstract: each subclass's table has `placement_id`, `hei_id` and `employer_id` (indexes on
 * `placement` are declared by the subclass that needs one).
 */
export abstract class PlacementRecord extends PartiesRecord {
  @ManyToOne('Placement')
  placement!: Rel<Placement>;
}
