import { defineModule } from '../module';
import { LogbookEntry, LogbookNorm, PracticePlan, WorkAssignment } from './logbook.entity';
import { ProgressReview } from './progress-review.entity';
import {
  LogbookEntryResolver,
  LogbookResolver,
  PlacementLogbookResolver,
  PlacementReviewsResolver,
  PracticePlanResolver,
  PracticeProgressResolver,
  ProgressReviewResolver,
  WorkAssignmentResolver,
} from './logbook.resolver';
import { seedLogbook } from './logbook.seed';
import { toLogbookEntryNode, toProgressReviewNode, toWorkAssignmentNode } from './logbook.types';

/** The practice logbook: plans, work assignments, diary entries with the mentor's sign-off, progress. */
export const logbookModule = defineModule({
  name: 'logbook',
  entities: [LogbookNorm, PracticePlan, WorkAssignment, LogbookEntry, ProgressReview],
  resolvers: (s) => [
    new LogbookResolver(s.logbook, s.placements),
    new LogbookEntryResolver(),
    new WorkAssignmentResolver(),
    new PracticeProgressResolver(),
    new PracticePlanResolver(),
    new PlacementLogbookResolver(s.logbook),
    new ProgressReviewResolver(s.progressReviews),
    new PlacementReviewsResolver(s.progressReviews),
  ],
  nodeTypes: {
    LogbookEntry: { entity: LogbookEntry, toNode: toLogbookEntryNode },
    WorkAssignment: { entity: WorkAssignment, toNode: toWorkAssignmentNode },
    ProgressReview: { entity: ProgressReview, toNode: toProgressReviewNode },
  },
  seeders: [seedLogbook],
});
