export { AuditAction, AuditEntry } from './audit-entry.entity';
export { AuditService, type AuditRecord } from './audit.service';
export { HistoryEntryConnection, HistoryEntryNode, toHistoryEntryNode } from './audit.types';
export { auditModule } from './audit.module';
