export { LogbookEntry, LogbookEntryStatus, LogbookNorm, PracticePlan, WorkAssignment } from './logbook.entity';
export { LogbookService, DEFAULT_NORMS, type PracticeProgress } from './logbook.service';
export { LogbookErrorCode, LOGBOOK_MESSAGES } from './logbook.messages';
export { RagStatus, ragOf, dayRefusal, weekStart } from './logbook.rules';
export { actingPerson } from './acting-person';
export { LogbookEntryNode, toLogbookEntryNode, PracticeProgressNode } from './logbook.types';
export { seedLogbook } from './logbook.seed';
export { logbookModule } from './logbook.module';
