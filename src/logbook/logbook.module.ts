import { defineModule } from '../module';
import { LogbookEntry, LogbookNorm, PracticePlan, WorkAssignment } from './logbook.entity';
import {
  LogbookEntryResolver, LogbookResolver, PlacementLogbookResolver, PracticePlanResolver, PracticeProgressResolver, WorkAssignmentResolver,
} from './logbook.resolver';
import { seedLogbook } from './logbook.seed';
import { toLogbookEntryNode, toWorkAssignmentNode } from './logbook.types';

/** The practice logbook: plans, work assignments, diary entries with the mentor's sign-off, progress. */
export const logbookModule = defineModule({
  name: 'logbook',
  entities: [LogbookNorm, PracticePlan, WorkAssignment, LogbookEntry],
  resolvers: (s) => [
    new LogbookResolver(s.logbook, s.placements), new LogbookEntryResolver(), new WorkAssignmentResolver(), new PracticeProgressResolver(),
    new PracticePlanResolver(), new PlacementLogbookResolver(s.logbook),
  ],
  nodeTypes: {
    LogbookEntry: { entity: LogbookEntry, toNode: toLogbookEntryNode },
    WorkAssignment: { entity: WorkAssignment, toNode: toWorkAssignmentNode },
  },
  seeders: [seedLogbook],
});
