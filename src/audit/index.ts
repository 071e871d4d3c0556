export { AuditAction, AuditEntry } from './audit-entry.entity';
export { AuditService, type AuditRecord } from './audit.service';
export { HistoryEntryConnection, HistoryEntryNode, toHistoryEntryNode } from './audit.types';

import { AuditEntry } from './audit-entry.entity';

/** Entities of the audit context, for the ORM. */
export const auditEntities = [AuditEntry];
