import { defineModule } from '../module';
import { AuditEntry } from './audit-entry.entity';

/** The audit trail: who changed what, when and why (other contexts record through `AuditService`). */
export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEntry],
});
