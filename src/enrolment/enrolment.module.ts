import { defineModule } from '../module';
import { OrganizationKind } from '../shared/organization-kind';
import { Application } from './application.entity';
import { DualGroup } from './dual-group.entity';
import { Enrolment } from './enrolment.entity';
import { studentEnrolledCheck } from './enrolment.gate';
import { ApplicationResolver, DualGroupResolver, PersonEnrolmentsResolver } from './enrolment.resolver';
import { seedEnrolment } from './enrolment.seed';
import { toApplicationNode, toDualGroupNode, toEnrolmentNode } from './enrolment.types';

/** Dual groups, the selection of students and enrolment (methodology stage 4). */
export const enrolmentModule = defineModule({
  name: 'enrolment',
  entities: [DualGroup, Application, Enrolment],
  resolvers: (s) => [new DualGroupResolver(s.enrolment), new ApplicationResolver(s.enrolment), new PersonEnrolmentsResolver(s.enrolment)],
  nodeTypes: {
    DualGroup: { entity: DualGroup, toNode: toDualGroupNode },
    Application: { entity: Application, toNode: toApplicationNode },
    Enrolment: { entity: Enrolment, toNode: toEnrolmentNode },
  },
  // Placements asks, enrolment answers: a placement is planned only for a student enrolled at that HEI.
  placementPlanningChecks: (s) => [studentEnrolledCheck(s.enrolment)],
  personVisibility: [
    // An HEI sees the people who applied to its groups (applicants' data: only that HEI).
    (knex, caller) =>
      caller.kind === OrganizationKind.HEI ? knex('application').select('student_id as person_id').where('hei_id', caller.organizationId) : undefined,
  ],
  seeders: [seedEnrolment],
});
