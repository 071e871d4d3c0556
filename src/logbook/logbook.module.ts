import path from 'node:path';
import { type Config, s3StorageOf } from '../config';
import type { Logger } from '../logger';
import { defineModule } from '../module';
import { WorkAssignmentReport } from './assignment-report.entity';
import { LogbookAttachment } from './attachment.entity';
import { LogbookEntryAttachmentsResolver } from './attachment.resolver';
import { attachmentRoutes } from './attachment.routes';
import { LogbookAttachmentService } from './attachment.service';
import { type AttachmentStorage, FileSystemAttachmentStorage } from './attachment.storage';
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

/** The evidence store ATTACHMENT_STORAGE chooses: `DATA_DIR/attachments` (default) or the S3-compatible bucket of the `S3_*` settings. */
function attachmentStorageFor(config: Config, log: Logger): AttachmentStorage {
  const s3 = s3StorageOf(config);
  if (!s3) return new FileSystemAttachmentStorage(path.join(config.DATA_DIR, 'attachments'));
  // Lazy: the AWS SDK (a third of a second to load) is loaded only by a process that uses it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3AttachmentStorage } = require('./attachment.s3-storage') as typeof import('./attachment.s3-storage');
  return new S3AttachmentStorage(s3, log.child({ component: 'attachment-storage' }));
}

/** The practice logbook: plans, work assignments, diary entries with the mentor's sign-off, progress. */
export const logbookModule = defineModule({
  name: 'logbook',
  entities: [LogbookNorm, PracticePlan, WorkAssignment, LogbookEntry, ProgressReview, LogbookAttachment, WorkAssignmentReport],
  resolvers: (s) => [
    new LogbookResolver(s.logbook, s.placements),
    new LogbookEntryResolver(),
    new WorkAssignmentResolver(s.logbook),
    new PracticeProgressResolver(),
    new PracticePlanResolver(),
    new PlacementLogbookResolver(s.logbook),
    new ProgressReviewResolver(s.progressReviews),
    new PlacementReviewsResolver(s.progressReviews),
    new LogbookEntryAttachmentsResolver(),
  ],
  nodeTypes: {
    LogbookEntry: { entity: LogbookEntry, toNode: toLogbookEntryNode },
    WorkAssignment: { entity: WorkAssignment, toNode: toWorkAssignmentNode },
    ProgressReview: { entity: ProgressReview, toNode: toProgressReviewNode },
  },
  // Evidence files: their own upload/download route (a 10 MiB photo does not fit /graphql's 1 MiB body limit).
  routes: (s, deps) => ({
    '/logbook': attachmentRoutes({
      ...deps,
      visibility: deps.visibility ?? { persons: [], workplaces: [] },
      attachments: new LogbookAttachmentService(s.audit, attachmentStorageFor(deps.config, deps.log), deps.config.ATTACHMENT_MAX_BYTES),
      apiKeys: s.apiKeys,
      sessions: s.identity,
    }),
  }),
  seeders: [seedLogbook],
});
