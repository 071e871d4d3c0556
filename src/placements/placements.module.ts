import { OrganizationKind } from '../organizations';
import { defineModule } from '../module';
import { Placement } from './placement.entity';
import { PLACEMENT_STATUS_CHANGED } from './placement.events';
import { AgreementPlacementsResolver, PersonPlacementsResolver, PlacementResolver, WorkplacePlacementsResolver } from './placement.resolver';
import { placementChangedChannel } from './placement.relay';
import { seedPlacements } from './placement.seed';
import { toPlacementNode } from './placement.types';

/** Placements of students at employers' workplaces, and their status machine. */
export const placementsModule = defineModule({
  name: 'placements',
  domainEvents: [
    {
      type: PLACEMENT_STATUS_CHANGED,
      subject: 'Placement',
      description: 'A placement was planned (fromStatus null) or moved along its lifecycle; data: code, fromStatus, toStatus, reason.',
    },
  ],
  entities: [Placement],
  resolvers: (s) => [
    new PlacementResolver(s.placements, s.audit),
    new PersonPlacementsResolver(s.placements),
    new WorkplacePlacementsResolver(s.placements),
    new AgreementPlacementsResolver(s.placements),
  ],
  nodeTypes: { Placement: { entity: Placement, toNode: toPlacementNode } },
  personVisibility: [
    // An employer sees the students (and their curators) placed with it; an HEI sees the mentors of its placements.
    (knex, caller) => {
      if (caller.kind === OrganizationKind.EMPLOYER) {
        return knex('placement')
          .select('student_id as person_id')
          .where('employer_id', caller.organizationId)
          .union(knex('placement').select('curator_id').where('employer_id', caller.organizationId).whereNotNull('curator_id'));
      }
      if (caller.kind === OrganizationKind.HEI) {
        return knex('placement').select('mentor_id as person_id').where('hei_id', caller.organizationId).whereNotNull('mentor_id');
      }
      return undefined;
    },
  ],
  workplaceVisibility: [
    // An HEI sees the workplaces where it has a placement.
    (knex, caller) =>
      caller.kind === OrganizationKind.HEI ? knex('placement').select('workplace_id as id').where('hei_id', caller.organizationId) : undefined,
  ],
  seeders: [seedPlacements],
  relayChannels: (_s, { orm }) => [placementChangedChannel(() => orm.em.fork())],
});
